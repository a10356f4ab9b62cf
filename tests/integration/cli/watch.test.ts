// `lanewatch watch` against the simulator, in-process on its virtual clock (each of the
// command's sleeps advances simulated time).
import { describe, expect, it } from 'vitest'
import { cliTestbed } from '../../helpers/cli-testbed'

const bed = cliTestbed()
const { cli } = bed

describe('watch', () => {
  it('prints each change and exits 0 when the execution finishes', async () => {
    const id = await bed.sim.schedule('story')
    const r = await cli(['watch', id, '--interval', '0.05'])
    expect(r.code).toBe(0)
    const lines = r.out.split('\n')
    expect(lines[0]).toMatch(/checksum-and-publish: execution is scheduled$/)
    expect(r.out).toMatch(/lane 2, run 1 active → failed/)
    expect(r.out).toMatch(/lane 2, run 2 \(retry of run 1\) appeared/)
    expect(lines.at(-1)).toMatch(/(execution stopping → finished|lane 3, run 2 .*finished)$/)
  })

  it('a pause does not end the watch; it goes on until the end', async () => {
    const id = await bed.sim.schedule('single')
    let paused = false
    const r = await cli(['watch', id, '--interval', '0.05', '--json'], {
      onSleep: async () => {
        const d = await bed.sim.details(id)
        if (!paused && d.status === 'active') {
          await bed.sim.action(id, 'pause')
          paused = true
        } else if (d.status === 'paused') await bed.sim.action(id, 'resume')
      }
    })
    expect(r.code).toBe(0)
    const statuses = r.out
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((c) => c.kind === 'execution-status')
      .map((c) => c.to)
    expect(statuses).toEqual(expect.arrayContaining(['stopping', 'paused', 'resuming', 'finished']))
    expect(statuses.indexOf('paused')).toBeLessThan(statuses.indexOf('finished'))
  })

  it('exits 4 when the execution ends other than finished', async () => {
    const id = await bed.sim.schedule('failing')
    const r = await cli(['watch', id, '--interval', '0.1'])
    expect(r.code).toBe(4)
    expect(r.out).toMatch(/execution stopping → failed/)
  })
})
