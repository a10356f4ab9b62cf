// Pause, resume, cancel, delete, force-continue, retry and rerun from the command line against
// the simulator, in-process: the rules refuse before the server is called, the server's refusals
// are shown as sent.
import { describe, expect, it } from 'vitest'
import { cliTestbed } from '../../helpers/cli-testbed'

const bed = cliTestbed()
const { cli } = bed

const armed = async () =>
  (
    (await bed.sim.request('GET', '/__simulator/faults')).body as {
      faults: { remaining: number }[]
    }
  ).faults

describe('changing executions', () => {
  it('pause, resume, cancel and delete with a confirmation line', async () => {
    const id = await bed.sim.schedule('single')
    await bed.sim.untilStatus(id, 'active')
    expect(await cli(['pause', id])).toMatchObject({ code: 0, out: `Pausing single-lane (${id}).` })
    await bed.sim.untilStatus(id, 'paused')
    expect((await cli(['resume', id])).code).toBe(0)
    expect((await cli(['cancel', id])).code).toBe(0)
    await bed.sim.untilStatus(id, 'cancelled')
    expect(await cli(['delete', id, '--json'])).toMatchObject({ code: 0 })
    expect((await cli(['show', id])).code).toBe(1)
  })

  it('says why before calling the server when the rules already know', async () => {
    const id = await bed.sim.schedule('single')
    await bed.sim.untilStatus(id, 'finished')
    await bed.sim.request('POST', '/__simulator/faults', {
      body: { kind: 'drop', count: 1, match: { method: 'POST' } }
    })
    const r = await cli(['pause', id])
    expect(r).toMatchObject({ code: 1, err: 'lanewatch: cannot pause: the execution has ended' })
    expect((await cli(['force-continue', id])).err).toBe(
      'lanewatch: cannot force-continue: only failed executions can be continued'
    )
    expect((await cli(['retry', id, '--lane', '1', '--run', '1'])).err).toBe(
      'lanewatch: cannot retry: only failed runs can be retried (this one is finished)'
    )
    expect((await cli(['rerun', id, '--lane', '3', '--run', '1'])).err).toBe(
      'lanewatch: cannot rerun: the execution has 1 lanes, not 3'
    )
    expect((await cli(['rerun', id, '--lane', '1', '--run', '5'])).err).toBe(
      'lanewatch: cannot rerun: lane 1 has no run 5'
    )
    // No POST was sent: the armed fault is still waiting.
    expect((await armed()).map((f) => f.remaining)).toEqual([1])
    await bed.sim.request('DELETE', '/__simulator/faults')
  })

  it('shows the server’s error id and description otherwise', async () => {
    const id = await bed.sim.schedule('single')
    const r = await cli(['cancel', id], { user: 'viewer' })
    expect(r).toMatchObject({
      code: 1,
      err: 'lanewatch: You are not authorized to perform this operation. (forbidden)'
    })
  })

  it('force-continue, retry and rerun', async () => {
    const id = await bed.sim.schedule('failing')
    await bed.sim.untilStatus(id, 'failed')
    const retry = await cli(['retry', id, '--lane', '1', '--run', '1'])
    expect(retry).toMatchObject({ code: 0, out: 'Retrying the failed items of lane 1, run 1.' })
    await bed.sim.untilStatus(id, 'failed')
    expect((await cli(['rerun', id, '--lane', '1', '--run', '2'])).out).toBe(
      'Rerunning all items of lane 1, run 2.'
    )
    await bed.sim.untilStatus(id, 'failed')
    expect((await cli(['force-continue', id])).code).toBe(0)
    expect((await bed.sim.untilStatus(id, 'finished')).status).toBe('finished')
    expect((await cli(['retry', id, '--lane', '1'])).code).toBe(2)
  })
})
