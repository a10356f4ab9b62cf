// Exactly once across restarts: a clean stop, a kill in the middle of writing the store, and a
// damaged store. What happened while the monitor was not running is reported, flagged as such.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MonitorEvent } from '../../../src/shared/monitor'
import { KillableFiles } from '../../helpers/killable-files'
import { MonitorRig, monitorTestbed } from '../../helpers/monitor'
import { monitorScenario } from '../../helpers/monitor-scenario'
import { Truth } from '../../helpers/truth'

const bed = monitorTestbed()

/** What makes an event the same event: its kind, execution, lane, run and status. */
function key(e: MonitorEvent): string {
  const run = 'laneIndex' in e ? ` ${e.laneIndex}/${e.runNumber}` : ''
  const status = 'status' in e ? ` ${e.status}` : ''
  return `${e.type} ${e.executionId ?? '-'}${run}${status}`
}

function expectNoRepeats(events: MonitorEvent[]) {
  const keys = events.map(key)
  // A lane run may start twice (resumed), never here: every key is unique.
  expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([])
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1))
}

describe('a restart', () => {
  it('neither repeats nor loses events; what happened meanwhile is flagged as caught up', async () => {
    const first = new MonitorRig(bed.sim)
    await first.advance(6000)
    const ids = [await bed.sim.schedule('flaky'), await bed.sim.schedule('steady')]
    await first.until(() => first.of('laneRunStarted').length === 2, 60_000)
    await first.stop()

    // Both executions go on and end while no monitor runs.
    await bed.sim.advance(3 * 60_000)
    const second = new MonitorRig(bed.sim, { dataDir: first.dataDir })
    await second.advance(30_000)
    await second.stop()

    const all = [...first.events, ...second.events]
    expectNoRepeats(all)
    for (const id of ids)
      expect(all.filter((e) => e.type === 'executionEnded' && e.executionId === id)).toHaveLength(1)
    expect(second.events.length).toBeGreaterThan(2)
    expect(second.events.every((e) => e.catchUp === true)).toBe(true)
    expect(first.events.some((e) => e.catchUp)).toBe(false)
    const flaky = all.filter((e) => e.executionId === ids[0]).map(key)
    expect(flaky).toEqual(
      expect.arrayContaining([
        `laneRunStopped ${ids[0]} 1/1 failed`,
        `runAdded ${ids[0]} 1/2 finished`,
        `executionEnded ${ids[0]} finished`
      ])
    )
  })

  it('a kill in the middle of writing the store loses and repeats nothing', async () => {
    for (const nth of [1, 3, 6]) {
      const files = new KillableFiles({ op: 'append', nth })
      const first = new MonitorRig(bed.sim, { files })
      await first.advance(6000)
      const id = await bed.sim.schedule('flaky')
      // On screen, so that every status is seen and the comparison with the truth is exact.
      const focus = { visible: true, focus: { accountId: 'acc', executionId: id } }
      first.monitor.setView(focus)
      const truth = new Truth(bed.sim, [id])
      while (!files.dead) {
        await first.advance(100)
        await truth.sample()
      }
      // The process is gone: nothing it does from here reaches the disk.
      await first.stop()
      const second = new MonitorRig(bed.sim, { dataDir: first.dataDir })
      second.monitor.setView(focus)
      while (second.of('executionEnded', id).length === 0) {
        await second.advance(100)
        await truth.sample()
      }
      await second.stop()

      const all = [...first.events, ...second.events]
      expectNoRepeats(all)
      const runKeys = all
        .filter(
          (e) => e.type === 'laneRunStarted' || e.type === 'laneRunStopped' || e.type === 'runAdded'
        )
        .map((e) =>
          e.type === 'runAdded'
            ? `runAdded ${id} ${e.laneIndex}/${e.runNumber} origin ${e.originRunNumber}`
            : e.type === 'laneRunStarted'
              ? `laneRunStarted ${id} ${e.laneIndex}/${e.runNumber}`
              : `laneRunStopped ${id} ${e.laneIndex}/${e.runNumber} ${(e as { status: string }).status}`
        )
      expect(runKeys.sort(), `killed at append ${nth}`).toEqual(
        truth
          .runTransitions()
          .map((t) => t.key)
          .sort()
      )
      expect(all.filter((e) => e.type === 'executionEnded')).toHaveLength(1)
      await bed.sim.request('POST', '/__simulator/scenario', {
        body: { scenario: monitorScenario() }
      })
      await bed.sim.request('POST', '/__simulator/clock', { body: { mode: 'virtual' } })
      await bed.sim.refresh()
    }
  })

  it('a damaged store is reported and rebuilt, without a flood of events', async () => {
    const first = new MonitorRig(bed.sim)
    await first.advance(6000)
    const id = await bed.sim.schedule('steady')
    await first.until(() => first.of('laneRunStarted', id).length === 1, 60_000)
    await first.stop()
    writeFileSync(
      join(first.dataDir, 'monitor', 'acc', 'snapshot.json'),
      '{"version": 1, "n": 3, "exe'
    )

    const second = new MonitorRig(bed.sim, { dataDir: first.dataDir })
    await second.advance(3000)
    const problems = second.monitor.overview().problems
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(
      /^Lab account: The monitor's store was damaged: its snapshot could not be read/
    )
    // A fresh first look: what it finds is not news; what happens next is.
    expect(second.events).toEqual([])
    await second.until(() => second.of('executionEnded', id).length === 1, 120_000)
    await second.stop()
  })
})
