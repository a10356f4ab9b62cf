// Every event kind, against the simulator over HTTP, with both clocks virtual: each fires exactly
// once, soon enough after the change (about 2 s on screen; an end within 10 s and lane-run events
// within 60 s in the background), and pause, cancel, crash and interrupt say which.
import { describe, expect, it } from 'vitest'
import type { MonitorEvent } from '../../../src/shared/monitor'
import { MonitorRig, monitorTestbed } from '../../helpers/monitor'
import { Truth } from '../../helpers/truth'

const bed = monitorTestbed()

/** The key of a lane-run event, in the words of Truth's transitions. */
function runKey(e: MonitorEvent): string | undefined {
  if (e.type === 'laneRunStarted')
    return `laneRunStarted ${e.executionId} ${e.laneIndex}/${e.runNumber}`
  if (e.type === 'laneRunStopped')
    return `laneRunStopped ${e.executionId} ${e.laneIndex}/${e.runNumber} ${e.status}`
  if (e.type === 'runAdded')
    return `runAdded ${e.executionId} ${e.laneIndex}/${e.runNumber} origin ${e.originRunNumber}`
  return undefined
}

/** Advances both clocks in steps, sampling the truth after each, until every execution ended. */
async function runUntilEnded(r: MonitorRig, truth: Truth, maxMs = 300_000, stepMs = 100) {
  for (let t = 0; t < maxMs; t += stepMs) {
    await r.advance(stepMs, stepMs)
    await truth.sample()
    const ended = truth.ids.every((id) =>
      ['finished', 'failed', 'cancelled', 'crashed'].includes(truth.statuses(id).at(-1) ?? '')
    )
    if (ended && r.of('executionEnded').length >= truth.ids.length) return
  }
  throw new Error('the executions did not end')
}

/**
 * Each lane-run transition is announced exactly once, at most `boundMs` after it happened. In
 * the background a run active for less than the read interval may be seen only once stopped,
 * so there its start may go unannounced; its stop never does.
 */
function expectRunEventsOnce(r: MonitorRig, truth: Truth, boundMs: number, everyStart = true) {
  const keys = r.events.map(runKey).filter((k): k is string => k !== undefined)
  const expected = truth.runTransitions()
  expect(expected.length).toBeGreaterThanOrEqual(4)
  expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([])
  const real = expected.map((t) => t.key)
  expect(keys.filter((k) => !real.includes(k))).toEqual([])
  const required = everyStart ? real : real.filter((k) => !k.startsWith('laneRunStarted'))
  expect(required.filter((k) => !keys.includes(k))).toEqual([])
  for (const t of expected) {
    const e = r.events.find((x) => runKey(x) === t.key)
    if (!e) continue
    expect(e.at - t.at, t.key).toBeLessThanOrEqual(boundMs)
    expect(e.at - t.at, t.key).toBeGreaterThanOrEqual(0)
  }
}

/** Status changes are a subsequence of the real ones, each `from` the one announced before. */
function expectStatusChanges(r: MonitorRig, truth: Truth, id: string) {
  const changes = r.of('executionStatusChanged', id) as Extract<
    MonitorEvent,
    { type: 'executionStatusChanged' }
  >[]
  const real = truth.statuses(id)
  let i = 0
  for (const c of changes) {
    while (i < real.length && real[i] !== c.status) i++
    expect(i, `${c.status} in ${real.join(',')}`).toBeLessThan(real.length)
  }
  expect(changes.at(-1)?.status).toBe(real.at(-1))
  for (let k = 1; k < changes.length; k++) expect(changes[k]!.from).toBe(changes[k - 1]!.status)
}

describe('events of an execution on screen', () => {
  it('each fires once, about 2 s after the change: started, stopped, retried, ended', async () => {
    bed.rig = new MonitorRig(bed.sim)
    await bed.rig.advance(6000)
    const id = await bed.sim.schedule('flaky')
    bed.rig.monitor.setView({ visible: true, focus: { accountId: 'acc', executionId: id } })
    const truth = new Truth(bed.sim, [id])
    await runUntilEnded(bed.rig, truth)

    expectRunEventsOnce(bed.rig, truth, 2300)
    expectStatusChanges(bed.rig, truth, id)
    expect(truth.runTransitions().map((t) => t.key.split(' ')[0])).toEqual(
      expect.arrayContaining(['laneRunStarted', 'laneRunStopped', 'runAdded'])
    )
    const ended = bed.rig.of('executionEnded', id)
    expect(ended).toHaveLength(1)
    expect(ended[0]!.at - truth.when(id, 'finished')!).toBeLessThanOrEqual(2300)
    expect(ended[0]).toMatchObject({
      status: 'finished',
      spaceId: bed.sim.space('lab'),
      executionName: 'flaky-checksums'
    })
    const failed = bed.rig.events.find((e) => e.type === 'laneRunStopped' && e.status === 'failed')
    expect(failed).toMatchObject({ laneIndex: 1, runNumber: 1, runType: 'regular' })
    expect((failed as { ranForMs: number }).ranForMs).toBeGreaterThan(5000)
    // Runs prepared in advance never show up unnumbered.
    expect(bed.rig.events.every((e) => !('runNumber' in e) || e.runNumber !== null)).toBe(true)
    // Sequence numbers are the commit order.
    expect(bed.rig.events.map((e) => e.seq)).toEqual(bed.rig.events.map((_, i) => i + 1))
  })
})

describe('events in the background', () => {
  it('across spaces: ends within 10 s, lane-run events within 60 s, each once', async () => {
    bed.rig = new MonitorRig(bed.sim, { spaces: [bed.sim.space('lab'), bed.sim.space('dock')] })
    await bed.rig.advance(6000)
    const ids = [
      await bed.sim.schedule('steady'),
      await bed.sim.schedule('broken', { space: 'dock' }),
      await bed.sim.schedule('flaky', { space: 'dock' })
    ]
    const truth = new Truth(bed.sim, ids)
    await runUntilEnded(bed.rig, truth)

    expectRunEventsOnce(bed.rig, truth, 60_000, false)
    for (const id of ids) {
      expectStatusChanges(bed.rig, truth, id)
      const [ended, ...more] = bed.rig.of('executionEnded', id)
      expect(more).toEqual([])
      const status = truth.statuses(id).at(-1)!
      expect(ended).toMatchObject({ status })
      expect(ended!.at - truth.when(id, status)!).toBeLessThanOrEqual(10_000)
    }
    expect(
      bed.rig.of('executionEnded', ids[1]).map((e) => (e as { status: string }).status)
    ).toEqual(['failed'])
  })

  it('the first look at a space announces nothing of what was already there', async () => {
    const before = await bed.sim.schedule('steady')
    await bed.sim.advanceUntil(before, (d) => d.lanes[0]!.runs[0]?.status === 'active')
    await bed.sim.advance(1000)
    bed.rig = new MonitorRig(bed.sim)
    await bed.rig.advance(1000)
    expect(bed.rig.monitor.ids('acc', bed.sim.space('lab'), 'ongoing').ids).toContain(before)
    await bed.rig.advance(60_000)
    // Later changes are news; the state found at the first look is not.
    const started = bed.rig.of('laneRunStarted', before).map((e) => 'laneIndex' in e && e.laneIndex)
    expect(started).not.toContain(1)
    expect(bed.rig.of('executionStatusChanged', before).map((e) => [e.from, e.status])).toEqual([
      ['active', 'finished']
    ])
    expect(bed.rig.of('laneRunStopped', before)).toContainEqual(
      expect.objectContaining({ laneIndex: 1, status: 'finished' })
    )
  })
})

describe('stops say which', () => {
  it('pause, resume, cancel, crash and interrupt', async () => {
    bed.rig = new MonitorRig(bed.sim)
    await bed.rig.advance(6000)
    const [paused, cancelled, crashed, interrupted] = [
      await bed.sim.schedule('steady'),
      await bed.sim.schedule('steady'),
      await bed.sim.schedule('steady'),
      await bed.sim.schedule('steady')
    ]
    const truth = new Truth(bed.sim, [paused!, cancelled!, crashed!, interrupted!])
    await bed.rig.until(() => bed.rig!.of('laneRunStarted').length === 4, 60_000)
    await bed.sim.action(paused!, 'pause')
    await bed.sim.action(cancelled!, 'cancel')
    await bed.sim.inject({ type: 'crash', execution: crashed })
    await bed.sim.inject({ type: 'interrupt', execution: interrupted })
    await truth.sample()
    await bed.rig.until(() => bed.rig!.of('laneRunStopped').length === 4, 120_000)
    const stopped = (id: string) =>
      bed.rig!.of('laneRunStopped', id).map((e) => (e as { status: string }).status)
    expect(stopped(paused!)).toEqual(['paused'])
    expect(stopped(cancelled!)).toEqual(['cancelled'])
    expect(stopped(crashed!)).toEqual(['crashed'])
    expect(stopped(interrupted!)).toEqual(['interrupted'])
    await bed.rig.until(() => bed.rig!.of('executionEnded').length === 2, 120_000)
    expect(
      bed.rig
        .of('executionEnded')
        .map((e) => [e.executionId, (e as { status: string }).status])
        .sort()
    ).toEqual(
      [
        [cancelled, 'cancelled'],
        [crashed, 'crashed']
      ].sort()
    )
    // Resumed: the lane run starts again, and it runs to its end.
    await bed.sim.action(paused!, 'resume')
    await bed.rig.until(() => bed.rig!.of('executionEnded', paused).length === 1, 120_000)
    expect(
      bed.rig.of('laneRunStarted', paused).filter((e) => 'laneIndex' in e && e.laneIndex === 1)
    ).toHaveLength(2)
    expect(bed.rig.of('executionEnded', paused)[0]).toMatchObject({ status: 'finished' })
  })
})
