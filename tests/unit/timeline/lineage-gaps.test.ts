// Lineage of retries and reruns, and the time scale that compresses long idle gaps.
import { describe, expect, it } from 'vitest'
import {
  lineage,
  lineageOf,
  sameLineageInputs,
  sameKeys
} from '../../../src/shared/timeline/lineage'
import { buildScale, busyIntervals } from '../../../src/shared/timeline/gaps'
import { listRuns, sameStructure, sameTasks } from '../../../src/shared/timeline/runs'
import { execution } from '../../fixtures/timeline/build'
import { at, storyDetails } from '../../fixtures/timeline/story'

describe('lineage', () => {
  it('links every retry and rerun to its origin run', () => {
    const l = lineage(listRuns(storyDetails()))
    expect(l.links).toEqual([
      { from: '2:2', to: '2:1', type: 'retry', crossLane: false, lanes: [2, 2] },
      { from: '2:3', to: '2:1', type: 'rerun', crossLane: false, lanes: [2, 2] }
    ])
    expect(l.missing).toEqual([])
  })

  it('finds an origin in another lane when its own lane lacks it, and reports one found nowhere', () => {
    const d = execution('failed', [
      [{ runNumber: 1, status: 'failed' }],
      [
        { runNumber: 2, originRunNumber: 1, runType: 'retry', status: 'failed' },
        { runNumber: 3, originRunNumber: 9, runType: 'rerun', status: 'failed' }
      ]
    ])
    const l = lineage(listRuns(d))
    expect(l.links).toEqual([
      { from: '2:2', to: '1:1', type: 'retry', crossLane: true, lanes: [2, 1] }
    ])
    expect(l.missing).toEqual([{ key: '2:3', originRunNumber: 9 }])
  })

  it('does not link a run to itself', () => {
    const d = execution('failed', [
      [{ runNumber: 4, originRunNumber: 4, runType: 'retry', status: 'failed' }]
    ])
    expect(lineage(listRuns(d)).missing).toEqual([{ key: '1:4', originRunNumber: 4 }])
  })

  it('gives the line of repeats a run belongs to, and survives a cycle', () => {
    const d = execution('failed', [
      [
        { runNumber: 1, status: 'failed' },
        { runNumber: 2, originRunNumber: 1, runType: 'retry', status: 'failed' },
        { runNumber: 3, originRunNumber: 2, runType: 'retry', status: 'finished' },
        { runNumber: 4, originRunNumber: 1, runType: 'rerun', status: 'finished' },
        { runNumber: 5, status: 'finished' }
      ]
    ])
    const l = lineage(listRuns(d))
    // Ancestors and descendants; run 4 repeats run 1 too, but is a sibling, not in this line.
    expect([...lineageOf(l, '1:2')].sort()).toEqual(['1:1', '1:2', '1:3'])
    expect([...lineageOf(l, '1:1')].sort()).toEqual(['1:1', '1:2', '1:3', '1:4'])
    expect([...lineageOf(l, '1:5')]).toEqual(['1:5'])
    const cyclic = execution('failed', [
      [
        { runNumber: 1, originRunNumber: 2, runType: 'retry', status: 'failed' },
        { runNumber: 2, originRunNumber: 1, runType: 'retry', status: 'failed' }
      ]
    ])
    expect([...lineageOf(lineage(listRuns(cyclic)), '1:1')].sort()).toEqual(['1:1', '1:2'])
  })
})

describe('gap compression', () => {
  const runs = [
    { from: at(10, 0), to: at(10, 5) },
    { from: at(10, 4), to: at(10, 12) },
    { from: at(14, 20, 0, 3), to: at(14, 24, 0, 3) }
  ]
  const extent = { from: at(10, 0), to: at(14, 24, 0, 3) }

  it('merges overlapping runs into busy stretches', () => {
    expect(busyIntervals(runs)).toEqual([
      { from: at(10, 0), to: at(10, 12) },
      { from: at(14, 20, 0, 3), to: at(14, 24, 0, 3) }
    ])
  })

  it('compresses a rerun days later to a short marked gap, keeping runs their true share', () => {
    const scale = buildScale(runs, extent, { compress: true })
    expect(scale.compressedGaps).toEqual([{ from: at(10, 12), to: at(14, 20, 0, 3) }])
    const busy = 16 * 60_000
    expect(scale.length).toBeCloseTo(busy + busy * 0.05)
    // The 4-minute rerun takes a quarter of the busy width, not 0.1% of three days.
    const rerun = scale.toPosition(at(14, 24, 0, 3)) - scale.toPosition(at(14, 20, 0, 3))
    expect(rerun / scale.length).toBeGreaterThan(0.2)
  })

  it('shows the true scale when asked', () => {
    const scale = buildScale(runs, extent, { compress: false })
    expect(scale.compressedGaps).toEqual([])
    expect(scale.length).toBe(extent.to - extent.from)
    expect(scale.toPosition(at(12, 0))).toBe(at(12, 0) - extent.from)
  })

  it('leaves a gap alone when it is short next to the busy time', () => {
    const scale = buildScale(
      [
        { from: 0, to: 3_600_000 },
        { from: 3_900_000, to: 7_200_000 }
      ],
      { from: 0, to: 7_200_000 },
      { compress: true }
    )
    expect(scale.compressedGaps).toEqual([])
  })

  it('maps positions back to times and keeps order across compressed gaps', () => {
    const scale = buildScale(runs, extent, { compress: true })
    const times = [at(9, 0), at(10, 0), at(10, 6), at(12, 0), at(9, 0, 0, 2), at(14, 22, 0, 3)]
    const positions = times.map(scale.toPosition)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    for (const t of [at(10, 0), at(10, 6), at(14, 22, 0, 3)])
      expect(scale.toTime(scale.toPosition(t))).toBeCloseTo(t, -1)
  })

  it('copes with no intervals at all', () => {
    const scale = buildScale([], { from: 5, to: 5 }, { compress: true })
    expect(scale.length).toBe(0)
    expect(Number.isFinite(scale.toPosition(10))).toBe(true)
  })
})

describe('comparisons that let a refresh keep earlier work', () => {
  it('differ with a run’s origin or type (lineage) or its place (structure), not its status', () => {
    const d = storyDetails()
    const before = listRuns(d)
    // As the monitor delivers it: the same execution read again, one status changed.
    const statusOnly = JSON.parse(JSON.stringify(d)) as typeof d
    statusOnly.lanes[1]!.runs[0]!.status = 'stopping'
    const after = listRuns(statusOnly)
    expect(sameLineageInputs(after, before)).toBe(true)
    const retyped = listRuns(storyDetails())
    retyped.find((r) => r.key === '2:3')!.run.runType = 'retry'
    expect(sameLineageInputs(retyped, before)).toBe(false)
    expect(sameStructure(after, before)).toBe(true)
    expect(sameStructure(before.slice(1), before)).toBe(false)
    const renumbered = JSON.parse(JSON.stringify(d)) as typeof d
    renumbered.lanes[2]!.runs[0]!.runNumber = 4
    expect(sameStructure(listRuns(renumbered), before)).toBe(false)
  })

  it('tell two readings apart by their runs’ tasks, not their statuses', () => {
    const d = storyDetails()
    const copy = () => JSON.parse(JSON.stringify(d)) as typeof d
    const statusOnly = copy()
    statusOnly.lanes[1]!.runs[0]!.status = 'stopping'
    expect(sameTasks(statusOnly, d)).toBe(true)
    const moreTasks = copy()
    moreTasks.lanes[0]!.runs[0]!.parallelBoxes.push({ schemaId: 'b', taskRegistry: { t: 'x' } })
    expect(sameTasks(moreTasks, d)).toBe(false)
    const otherTask = copy()
    const registry = otherTask.lanes[1]!.runs[0]!.parallelBoxes[0]!.taskRegistry
    registry[Object.keys(registry)[0]!] = 'te-other'
    expect(sameTasks(otherTask, d)).toBe(false)
    const extraTask = copy()
    extraTask.lanes[1]!.runs[0]!.parallelBoxes[0]!.taskRegistry['task-z'] = 'te-z'
    expect(sameTasks(extraTask, d)).toBe(false)
    expect(sameTasks(d, extraTask)).toBe(false)
  })

  it('compare key sets by content', () => {
    expect(sameKeys(new Set(['a', 'b']), new Set(['b', 'a']))).toBe(true)
    expect(sameKeys(new Set(['a']), new Set(['a', 'b']))).toBe(false)
    expect(sameKeys(new Set(['a', 'c']), new Set(['a', 'b']))).toBe(false)
  })
})
