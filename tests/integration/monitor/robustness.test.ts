// Answers a provider should not send: statuses the spec does not list reach the events and the
// notifications as sent; malformed and oversized answers become a problem on what they concern
// (no crash, no back-off of the whole provider) and the monitor goes on once they pass.
import { describe, expect, it } from 'vitest'
import { NotificationCenter } from '../../../src/core/notifications/center'
import { defaultPreferences } from '../../../src/shared/monitor-settings'
import { MonitorRig, monitorTestbed } from '../../helpers/monitor'

const bed = monitorTestbed()

const detailsPath = (id: string) => `/automation/execution/workflows/${id}`

/** The next `count` reads of an execution's details get this exact answer. */
async function answerDetails(id: string, body: string, count = 100_000) {
  const r = await bed.sim.request('POST', '/__simulator/faults', {
    body: {
      match: { method: 'GET', path: detailsPath(id) },
      count,
      kind: 'respond',
      respond: { status: 200, body }
    }
  })
  expect(r.status).toBe(200)
}

/** A running execution the monitor has seen start (its lane runs for hours). */
async function running(r: MonitorRig): Promise<string> {
  await r.advance(6000)
  const id = await bed.sim.schedule('slow')
  await r.until(() => r.of('laneRunStarted', id).length === 1, 60_000)
  return id
}

describe('statuses the spec does not list', () => {
  it('reach the events, the cache and the notifications as sent, and the monitor keeps reading', async () => {
    bed.rig = new MonitorRig(bed.sim)
    const center = new NotificationCenter({
      scheduler: bed.rig.scheduler,
      preferences: defaultPreferences,
      naming: { space: () => 'Lab', lane: () => undefined, account: () => 'Lab account' }
    })
    center.attach(bed.rig.monitor)
    const id = await running(bed.rig)
    const sent = (await bed.sim.op('GET', detailsPath(id))).body as {
      status: string
      lanes: { runs: { status: string }[] }[]
    }
    sent.status = 'frobnicating'
    sent.lanes[0]!.runs[0]!.status = 'mystifying'
    const before = bed.rig.of('executionStatusChanged', id).length
    await answerDetails(id, JSON.stringify(sent))
    await bed.rig.until(
      () => bed.rig!.of('executionStatusChanged', id).length === before + 1,
      120_000
    )

    expect(bed.rig.of('executionStatusChanged', id)[before]).toMatchObject({
      from: 'active',
      status: 'frobnicating'
    })
    // Not taken for an end; the lane run's move is told with its status as sent.
    expect(bed.rig.of('executionEnded', id)).toEqual([])
    expect(bed.rig.of('laneRunStopped', id)).toEqual([
      expect.objectContaining({ laneIndex: 1, runNumber: 1, status: 'mystifying' })
    ])
    const cached = bed.rig.monitor.details('acc', [id])[id]!.details!
    expect(cached.status).toBe('frobnicating')
    expect(cached.lanes[0]!.runs[0]!.status).toBe('mystifying')
    const observed = bed.rig.monitor.execution('acc', id).observations!
    expect(observed.execution.at(-1)?.status).toBe('frobnicating')
    expect(observed.runs.at(-1)).toMatchObject({ laneIndex: 1, status: 'mystifying' })

    await bed.rig.advance(5000)
    expect(center.history().items).toEqual([
      expect.objectContaining({
        kind: 'ends',
        title: 'Lane run mystifying',
        count: 2,
        body: expect.stringMatching(
          /^slow-archive in Lab: lane 1, run 1 mystifying after \d+ s\nslow-archive in Lab: active → frobnicating \(a status Lanewatch does not know\)$/
        )
      })
    ])

    // Still read (as often as a quiet running execution): the real status comes back.
    const from = bed.rig.scheduler.now()
    await bed.sim.request('DELETE', '/__simulator/faults')
    await bed.rig.until(
      () => bed.rig!.of('executionStatusChanged', id).length === before + 2,
      120_000
    )
    expect(bed.rig.of('executionStatusChanged', id)[before + 1]).toMatchObject({
      from: 'frobnicating',
      status: 'active'
    })
    expect(bed.rig.scheduler.now() - from).toBeLessThanOrEqual(60_000)
    center.stop()
  })
})

describe('malformed and oversized answers', () => {
  it('a broken body on one execution is its problem only; the monitor reads it again later', async () => {
    bed.rig = new MonitorRig(bed.sim, { cadence: { unreachableAfter: 2 } })
    const id = await running(bed.rig)
    const other = await bed.sim.schedule('steady')
    await bed.rig.until(() => bed.rig!.of('laneRunStarted', other).length === 1, 60_000)
    await bed.sim.request('POST', '/__simulator/faults', {
      body: { match: { method: 'GET', path: detailsPath(id) }, count: 3, kind: 'malformed' }
    })
    await bed.rig.until(
      () => bed.rig!.monitor.details('acc', [id])[id]!.error !== undefined,
      120_000
    )
    expect(bed.rig.monitor.details('acc', [id])[id]!.error!.description).toMatch(
      /could not be read|not valid JSON|unexpected/i
    )
    // Others go on, and the provider as a whole is not taken for unreachable.
    await bed.rig.until(() => bed.rig!.of('executionEnded', other).length === 1, 180_000)
    expect(bed.rig.of('providerUnreachable')).toEqual([])
    expect(bed.rig.monitor.overview().providers[0]).toMatchObject({
      reachable: true,
      backingOff: false
    })
    // Once the answers are whole again, the error goes and the cached details are current.
    await bed.rig.until(
      () => bed.rig!.monitor.details('acc', [id])[id]!.error === undefined,
      180_000
    )
    expect(bed.rig.monitor.details('acc', [id])[id]!.details!.status).toBe('active')
  })

  it('a broken listing is a problem of its space, shown until a listing reads again', async () => {
    bed.rig = new MonitorRig(bed.sim, { cadence: { unreachableAfter: 2 } })
    await bed.rig.advance(6000)
    const lab = bed.sim.space('lab')
    await bed.sim.request('POST', '/__simulator/faults', {
      body: {
        match: { method: 'GET', path: `/spaces/${lab}/automation/execution/workflows` },
        count: 2,
        kind: 'malformed'
      }
    })
    const space = () => bed.rig!.monitor.overview().spaces.find((s) => s.spaceId === lab)!
    await bed.rig.until(() => space().problem !== undefined, 60_000)
    expect(bed.rig.of('providerUnreachable')).toEqual([])
    const id = await bed.sim.schedule('steady')
    await bed.rig.until(() => bed.rig!.of('executionEnded', id).length === 1, 240_000)
    expect(space().problem).toBeUndefined()
  })

  it('a listing whose page token comes back again stops with a problem of its space', async () => {
    bed.rig = new MonitorRig(bed.sim, { cadence: { unreachableAfter: 2 } })
    await bed.rig.advance(6000)
    const lab = bed.sim.space('lab')
    await bed.sim.request('POST', '/__simulator/faults', {
      body: {
        match: { method: 'GET', path: `/spaces/${lab}/automation/execution/workflows` },
        count: 100_000,
        kind: 'respond',
        respond: {
          status: 200,
          body: JSON.stringify({ atmWorkflowExecutions: [], nextPageToken: 'again', isLast: false })
        }
      }
    })
    const space = () => bed.rig!.monitor.overview().spaces.find((s) => s.spaceId === lab)!
    await bed.rig.until(() => space().problem !== undefined, 60_000)
    expect(space().problem).toMatchObject({ id: 'response.pagingLoop' })
    expect(bed.rig.of('providerUnreachable')).toEqual([])
  })

  it('an answer over the size limit is not read, and named as such', async () => {
    bed.rig = new MonitorRig(bed.sim, { maxResponseBytes: 64 * 1024 })
    const id = await running(bed.rig)
    const sent = (await bed.sim.op('GET', detailsPath(id))).body as Record<string, unknown>
    await answerDetails(id, JSON.stringify({ ...sent, padding: 'x'.repeat(200_000) }), 2)
    await bed.rig.until(
      () => bed.rig!.monitor.details('acc', [id])[id]!.error !== undefined,
      120_000
    )
    expect(bed.rig.monitor.details('acc', [id])[id]!.error).toMatchObject({
      id: 'response.tooLarge'
    })
    expect(bed.rig.of('providerUnreachable')).toEqual([])
    await bed.rig.until(
      () => bed.rig!.monitor.details('acc', [id])[id]!.error === undefined,
      180_000
    )
  })
})
