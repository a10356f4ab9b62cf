// The demo never goes quiet: its generator keeps scheduling executions in every space with a mix
// of behaviours. Observed over HTTP on the virtual clock: every phase populated at every sampled
// moment, no long wait for the next end, each behaviour seen, the same history for the same
// seed, and a bounded number of executions over days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditLogEntry, ExecutionDetails } from '../../../src/shared/execution'
import { workflowPhase } from '../../../src/shared/statuses'
import { builtInScenario, loadScenario } from '../../../src/simulator/scenarios'
import { parseScenario } from '../../../src/simulator/scenario'
import { P, SimDriver, texts } from '../../helpers/simulator'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

interface Listed {
  id: string
  status: string
  spaceId: string
}
const executionsOf = async (sim: SimDriver) =>
  (await sim.control<{ executions: Listed[] }>('GET', '/state')).executions

/** Details as the demo's first user (the conformance helpers act as `admin`). */
const details = (sim: SimDriver, id: string) => sim.details(id, 'alice')

const demo = (seed?: number) => {
  const data = builtInScenario('demo') as { seed: number }
  if (seed !== undefined) data.seed = seed
  return parseScenario(data)
}

describe('the living demo over six hours of simulated time', () => {
  let sim: SimDriver
  const before = new Set<string>()
  /** Per generated execution: statuses seen and when (simulated ms since the start). */
  const seen = new Map<string, { status: string; at: number }[]>()
  const ends: number[] = []
  const emptyPhases: string[] = []
  /** Ongoing executions whose details did not change for 30 minutes. */
  const stalled = new Set<string>()

  beforeAll(async () => {
    sim = await SimDriver.start({ scenario: loadScenario('demo') })
    for (const e of await executionsOf(sim)) before.add(e.id)
    const sameSince = new Map<string, { json: string; at: number }>()
    for (let at = 0; at <= 6 * HOUR; at += 15_000) {
      const listed = await executionsOf(sim)
      const phases = new Set(listed.map((e) => workflowPhase(e.status)))
      for (const phase of ['waiting', 'ongoing', 'suspended', 'ended'])
        if (!phases.has(phase as never)) emptyPhases.push(`${phase} at ${at / MINUTE} min`)
      for (const e of listed) {
        if (before.has(e.id)) continue
        const history = seen.get(e.id) ?? []
        seen.set(e.id, history)
        const last = history.at(-1)
        if (last?.status === e.status) continue
        history.push({ status: e.status, at })
        if (workflowPhase(e.status) === 'ended') ends.push((await details(sim, e.id)).finishTime)
      }
      // Every two minutes, the ongoing ones' details: unchanged for half an hour is a stall.
      if (at % (2 * MINUTE) === 0)
        for (const e of listed.filter((x) => workflowPhase(x.status) === 'ongoing')) {
          const json = JSON.stringify(await details(sim, e.id))
          const same = sameSince.get(e.id)
          if (same?.json !== json) sameSince.set(e.id, { json, at })
          else if (at - same.at >= 30 * MINUTE) stalled.add(e.id)
        }
      await sim.advance(15_000)
    }
  }, 300_000)
  afterAll(() => sim?.stop())

  it('has executions in every phase at every sampled moment', () => {
    expect(emptyPhases).toEqual([])
  })

  it('keeps scheduling in all three spaces', async () => {
    const spaces = sim.state.spaces.filter((s) => s.supported)
    expect(spaces.map((s) => s.name)).toEqual(['Imaging lab', 'Genomics', 'Data ingest'])
    const bySpace = new Map<string, number>()
    for (const e of await executionsOf(sim))
      if (!before.has(e.id)) bySpace.set(e.spaceId, (bySpace.get(e.spaceId) ?? 0) + 1)
    // A new execution every 60–100 s: over six hours, more than 200, spread over the spaces.
    expect(seen.size).toBeGreaterThan(200)
    for (const s of spaces) expect(bySpace.get(s.id) ?? 0).toBeGreaterThan(50)
  })

  it('ends something at least every three minutes', () => {
    const sorted = [...ends].sort((a, b) => a - b)
    const gaps = sorted.slice(1).map((t, i) => t - sorted[i]!)
    expect(sorted.length).toBeGreaterThan(250)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(180)
  })

  it('shows each behaviour: finished, retried, failed, cancelled, crashed, paused and resumed, rerun, stalled, queued', async () => {
    const final = new Map((await executionsOf(sim)).map((e) => [e.id, e.status]))
    const generated = [...seen.keys()].filter((id) => final.has(id))
    const count = (status: string) => generated.filter((id) => final.get(id) === status).length
    expect(count('finished')).toBeGreaterThan(
      count('failed') + count('cancelled') + count('crashed')
    )
    for (const status of ['failed', 'cancelled', 'crashed'])
      expect(count(status)).toBeGreaterThan(0)

    const all = new Map<string, ExecutionDetails>()
    for (const id of generated) all.set(id, await details(sim, id))
    const runs = (d: ExecutionDetails) => d.lanes.flatMap((l) => l.runs)
    const retried = [...all.values()].filter((d) => runs(d).some((r) => r.runType === 'retry'))
    expect(retried.map((d) => d.status)).toEqual(expect.arrayContaining(['finished', 'failed']))
    expect([...all.values()].some((d) => runs(d).some((r) => r.runType === 'rerun'))).toBe(true)

    const pausedThenGoing = generated.filter((id) => {
      const statuses = seen.get(id)!.map((s) => s.status)
      const paused = statuses.indexOf('paused')
      return paused >= 0 && statuses.slice(paused).some((s) => s === 'active')
    })
    expect(pausedThenGoing.length).toBeGreaterThan(0)
    const { systemAuditLogStoreId } = all.get(pausedThenGoing[0]!)!
    const dump = await sim.request<AuditLogEntry[]>(
      'GET',
      `${P}/automation/execution/stores/${systemAuditLogStoreId}/dump`,
      { token: sim.token('alice') }
    )
    expect(texts(dump.body)).toContain('Resuming execution...')

    expect(stalled.size).toBeGreaterThan(0)
    const waitedLong = generated.filter((id) => {
      const h = seen.get(id)!
      return h[0]!.status === 'scheduled' && (h[1]?.at ?? 6 * HOUR) - h[0]!.at >= 30 * MINUTE
    })
    expect(waitedLong.length).toBeGreaterThan(0)
  })
})

describe('the living demo’s generator', () => {
  const sims: SimDriver[] = []
  afterAll(async () => {
    for (const s of sims) await s.stop()
  })
  const start = async (seed?: number) => {
    const sim = await SimDriver.start({ scenario: demo(seed) })
    sims.push(sim)
    return sim
  }
  const history = async (sim: SimDriver) =>
    (await executionsOf(sim)).map((e) => `${e.id} ${e.status}`).sort()

  it('gives the same history for the same seed, and another for another seed', async () => {
    const [a, b, c] = [await start(), await start(), await start(7)]
    for (const sim of [a, b, c]) await sim.advance(3 * HOUR)
    expect(await history(a)).toEqual(await history(b))
    expect(await history(c)).not.toEqual(await history(a))
  })

  it('keeps the number of executions bounded over days (retention removes the old ones)', async () => {
    const sim = await start()
    const counts: number[] = []
    const stores: number[] = []
    for (let hour = 1; hour <= 4 * 24; hour++) {
      await sim.advance(HOUR)
      if (hour % 24 === 0) {
        counts.push((await executionsOf(sim)).length)
        stores.push(sim.sim.state.engine.stores.size)
      }
    }
    // Ended executions go after 36 hours: from the second day on the count stays where it is.
    const [, day2, day3, day4] = counts
    expect(day3! / day2!).toBeLessThan(1.1)
    expect(day4! / day2!).toBeLessThan(1.1)
    expect(day4!).toBeLessThan(36 * 60) // at most one a minute kept for 36 hours
    expect(stores[3]! / stores[1]!).toBeLessThan(1.1)
  }, 120_000)
})
