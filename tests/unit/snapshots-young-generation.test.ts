// The young generation held while snapshots load: set once for overlapping loads, given back
// after the last one, whether it succeeded or failed; loadSnapshot loads under the hold. What
// the hold saves is measured in the benchmark (bench/results/snapshots.md), not here.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeSnapshot } from '../../bench/snapshot-fixture'
import { loadSnapshot, writeSnapshot } from '../../src/core/snapshots'
import { YoungGenerationHold, youngGeneration } from '../../src/core/snapshots/young-generation'

const HOLD = '--semi-space-growth-factor=1'
const RELEASE = '--semi-space-growth-factor=2'

afterEach(() => vi.restoreAllMocks())

describe('YoungGenerationHold', () => {
  it('holds once for overlapping loads and gives back after the last', async () => {
    const flags: string[] = []
    const hold = new YoungGenerationHold((f) => flags.push(f))
    let finishFirst!: () => void
    const first = hold.during(() => new Promise<void>((r) => (finishFirst = r)))
    const second = hold.during(async () => 'second')
    expect(await second).toBe('second')
    expect(flags).toEqual([HOLD])
    expect(hold.held).toBe(true)
    finishFirst()
    await first
    expect(flags).toEqual([HOLD, RELEASE])
    expect(hold.held).toBe(false)
    await hold.during(async () => undefined)
    expect(flags).toEqual([HOLD, RELEASE, HOLD, RELEASE])
  })

  it('gives back when the work fails, and passes the failure on', async () => {
    const flags: string[] = []
    const hold = new YoungGenerationHold((f) => flags.push(f))
    await expect(hold.during(() => Promise.reject(new Error('damaged')))).rejects.toThrow('damaged')
    expect(flags).toEqual([HOLD, RELEASE])
    expect(hold.held).toBe(false)
  })
})

describe('loadSnapshot and the hold', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanewatch-young-'))

  it('loads under the hold and gives it back, for a good file and a refused one', async () => {
    const path = join(dir, 'good.lanewatch')
    const s = makeSnapshot({ lanes: 2, runsPerLane: 2, entries: 500 })
    await writeSnapshot(path, s)
    const during = vi.spyOn(youngGeneration, 'during')
    let heldWhileLoading = false
    during.mockImplementation(async (work) => {
      const loading = YoungGenerationHold.prototype.during.call(youngGeneration, work)
      heldWhileLoading = youngGeneration.held
      return loading
    })
    expect((await loadSnapshot(path)).snapshot).toEqual(s)
    expect(heldWhileLoading).toBe(true)
    expect(youngGeneration.held).toBe(false)

    const bad = join(dir, 'bad.lanewatch')
    writeFileSync(bad, 'not a snapshot\n')
    await expect(loadSnapshot(bad)).rejects.toThrow(/is not a Lanewatch snapshot/)
    expect(during).toHaveBeenCalledTimes(2)
    expect(youngGeneration.held).toBe(false)
  })

  it('a load that asks for it lets the young generation grow, with the same result', async () => {
    const path = join(dir, 'free.lanewatch')
    const s = makeSnapshot({ lanes: 1, runsPerLane: 3, entries: 200 }, 2)
    await writeSnapshot(path, s)
    const during = vi.spyOn(youngGeneration, 'during')
    expect((await loadSnapshot(path, { youngGenerationFree: true })).snapshot).toEqual(s)
    expect(during).not.toHaveBeenCalled()
  })
})
