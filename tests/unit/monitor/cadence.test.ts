import { describe, expect, it } from 'vitest'
import {
  activeInterval,
  earlyMs,
  jittered,
  listDelay,
  planRead,
  visibleBoundMs,
  wakeAt
} from '../../../src/core/monitor/cadence'
import { VirtualScheduler } from '../../../src/core/monitor/scheduler'
import { SpaceLists } from '../../../src/core/monitor/spaces'
import {
  cadenceSchema,
  estimateCost,
  applyPreferencesPatch,
  defaultPreferences,
  quietBoundMs
} from '../../../src/shared/monitor-settings'

// The mechanics with a hidden factor of 2 (the default is checked on its own below).
const c = cadenceSchema.parse({ jitter: 0, hiddenFactor: 2 })
const mid = () => 0.5
const plan = (o: Partial<Parameters<typeof planRead>[0]>) =>
  planRead({
    phase: 'ongoing',
    previousIntervalMs: undefined,
    changed: false,
    onScreen: false,
    visible: true,
    cadence: c,
    random: mid,
    ...o
  })

describe('cadence', () => {
  it('reads the execution on screen about every 2 s while the window is visible', () => {
    expect(plan({ onScreen: true }).delayMs).toBe(2000)
    expect(plan({ onScreen: true, phase: 'suspended' }).delayMs).toBe(2000)
    expect(plan({ onScreen: true, visible: false, changed: true }).delayMs).toBe(20_000)
  })

  it('running executions: soon after a change, slower while quiet, never slower than the bound', () => {
    let interval: number | undefined
    const delays: number[] = []
    for (const changed of [true, false, false, false, false, false, true]) {
      const p = plan({ previousIntervalMs: interval, changed })
      interval = p.intervalMs
      delays.push(p.delayMs!)
    }
    expect(delays).toEqual([10_000, 15_000, 22_500, 33_750, 50_000, 50_000, 10_000])
    expect(activeInterval(49_000, false, c)).toBe(50_000)
  })

  it('a running execution not seen changing yet (a first read, a restart) starts quiet', () => {
    // Its first quiet reading falls anywhere in one quiet interval (a tenth of it at least) …
    expect(plan({ random: () => 0 }).delayMs).toBe(5000)
    expect(plan({}).delayMs).toBe(30_000)
    expect(plan({ random: () => 0.999999 }).delayMs).toBe(55_000)
    // Hidden, quiet ones rest on the lists: their first reading falls within the rest bound.
    expect(plan({ visible: false }).delayMs).toBe(0.6 * 900_000)
    expect(plan({}).intervalMs).toBe(50_000)
    // … then every quiet interval, with the usual jitter.
    expect(plan({ previousIntervalMs: 50_000, random: () => 0 }).delayMs).toBe(50_000)
    expect(plan({ changed: true }).delayMs).toBe(10_000)
  })

  it('a thousand executions first read at once are spread over one interval, not bunched', () => {
    let seed = 7
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    const jittered10 = cadenceSchema.parse({})
    const delays = Array.from(
      { length: 1000 },
      () => plan({ cadence: jittered10, random }).delayMs!
    )
    // Per 5 s slot of the 50 s interval (from 5 s to 55 s), about a tenth of them each.
    const slots = Array.from({ length: 10 }, () => 0)
    for (const d of delays) slots[Math.min(9, Math.floor((d - 5000) / 5000))]! += 1
    for (const n of slots) expect(n).toBeGreaterThan(60)
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(5000)
    expect(Math.max(...delays)).toBeLessThanOrEqual(55_000)
  })

  it('a hidden window gathers background work on ticks; a visible one wakes at the moment', () => {
    const d = cadenceSchema.parse({})
    expect(d.hiddenTickMs).toBe(10_000)
    expect(earlyMs(true, d)).toBe(0)
    expect(earlyMs(false, d)).toBe(5000)
    expect(wakeAt(12_345, true, d)).toBe(12_345)
    // Hidden: the nearest tick, work due up to 5 s later counting as due then.
    expect(wakeAt(12_345, false, d)).toBe(10_000)
    expect(wakeAt(15_001, false, d)).toBe(20_000)
    expect(wakeAt(15_000, false, d)).toBe(10_000)
    // The end of a back-off is never anticipated.
    expect(wakeAt(10_001, false, d, true)).toBe(20_000)
    expect(wakeAt(12_345, false, { ...d, hiddenTickMs: 0 })).toBe(12_345)
    expect(earlyMs(false, { ...d, hiddenTickMs: 0 })).toBe(0)
  })

  it('suspended ones rarely, ended ones never, unknown statuses like quiet running ones', () => {
    expect(plan({ phase: 'suspended' }).delayMs).toBe(300_000)
    expect(plan({ phase: 'ended' })).toEqual({})
    expect(plan({ phase: 'ended', onScreen: true })).toEqual({})
    expect(plan({ phase: undefined, previousIntervalMs: 10_000 }).delayMs).toBe(50_000)
  })

  it('by default a hidden window reads running executions 6× less often, lists included', () => {
    const d = cadenceSchema.parse({ jitter: 0 })
    expect(d.hiddenFactor).toBe(6)
    const hidden = (previousIntervalMs: number, changed = false) =>
      planRead({
        phase: 'ongoing',
        previousIntervalMs,
        changed,
        onScreen: false,
        visible: false,
        cadence: d,
        random: mid
      }).delayMs
    expect(hidden(10_000, true)).toBe(60_000)
    expect(hidden(22_500)).toBe(6 * 33_750)
    expect(listDelay('ongoing', false, d, mid)).toBe(30_000)
    // The waiting list goes with the slow lists while hidden.
    expect(listDelay('waiting', true, d, mid)).toBe(5000)
    expect(listDelay('waiting', false, d, mid)).toBe(180_000)
  })

  it('hidden, a running execution quiet at the slowest rests on the lists: every 15 min', () => {
    const d = cadenceSchema.parse({ jitter: 0 })
    expect(d.hiddenRestMs).toBe(900_000)
    const read = (o: Partial<Parameters<typeof planRead>[0]>) =>
      planRead({
        phase: 'ongoing',
        previousIntervalMs: 50_000,
        changed: false,
        onScreen: false,
        visible: false,
        cadence: d,
        random: mid,
        ...o
      })
    expect(read({}).delayMs).toBe(900_000)
    expect(read({ phase: 'waiting' }).delayMs).toBe(900_000)
    expect(read({ phase: undefined }).delayMs).toBe(900_000)
    // Visible again: the slowest interval; a change ends the rest at once.
    expect(read({ visible: true }).delayMs).toBe(50_000)
    expect(read({ changed: true }).delayMs).toBe(60_000)
    // With the fastest and slowest intervals equal, a change still does not rest.
    const flat = { ...d, activeMinMs: 50_000 }
    expect(read({ cadence: flat, changed: true }).delayMs).toBe(300_000)
    expect(read({ cadence: flat }).delayMs).toBe(900_000)
    // Never more often than the hidden bound, never past half the stall time.
    expect(quietBoundMs(false, { ...d, hiddenRestMs: 60_000 })).toBe(300_000)
    expect(quietBoundMs(false, { ...d, stallMs: 16 * 60_000 })).toBe(480_000)
    expect(quietBoundMs(false, { ...d, stallMs: 5 * 60_000 })).toBe(300_000)
    expect(quietBoundMs(true, d)).toBe(50_000)
  })

  it('readings put off while hidden are due within the visible bound of their phase', () => {
    const d = cadenceSchema.parse({})
    expect(visibleBoundMs('ongoing', d)).toBe(50_000)
    expect(visibleBoundMs('waiting', d)).toBe(50_000)
    expect(visibleBoundMs(undefined, d)).toBe(50_000)
    expect(visibleBoundMs('suspended', d)).toBe(300_000)
    expect(visibleBoundMs('ended', d)).toBeUndefined()
  })

  it('a hidden window or the tray slows everything but the on-screen read', () => {
    expect(plan({ visible: false, changed: true }).delayMs).toBe(20_000)
    expect(plan({ visible: false, phase: 'suspended' }).delayMs).toBe(600_000)
    expect(listDelay('ongoing', true, c, mid)).toBe(5000)
    expect(listDelay('ongoing', false, c, mid)).toBe(10_000)
    expect(listDelay('ended', true, c, mid)).toBe(30_000)
  })

  it('jitter spreads an interval by up to ± the fraction', () => {
    expect(jittered(10_000, 0.1, () => 0)).toBe(9000)
    expect(jittered(10_000, 0.1, () => 0.999999)).toBe(11_000)
    expect(jittered(10_000, 0, Math.random)).toBe(10_000)
  })

  it('the cost of the cadences, quiet to busiest, visible and hidden', () => {
    const cost = estimateCost(c, { spaces: 10, active: 1000, suspended: 20 }, true)
    expect(cost.lists).toBe(280)
    expect(cost.activeQuiet).toBe(1200)
    expect(cost.activeBusiest).toBe(6000)
    expect(cost.total.quiet).toBe(280 + 1200 + 4 + 30)
    // Hidden: 2× slower, the waiting list with the slow ones (per space 6 + 3 × 1 per minute),
    // quiet running ones resting (every 15 min).
    const hidden = estimateCost(c, { spaces: 10, active: 1000, suspended: 20 }, false)
    expect(hidden.lists).toBe(90)
    expect(hidden.activeQuiet).toBe(66.7)
    expect(hidden.total.quiet).toBe(90 + 66.7 + 2)
    expect(hidden.activeBusiest).toBe(6000 / 2)
  })

  it('preference changes are checked as a whole', () => {
    const p = defaultPreferences()
    expect(applyPreferencesPatch(p, { cadence: { listMs: 7000 } }).cadence.listMs).toBe(7000)
    expect(() => applyPreferencesPatch(p, { cadence: { activeMinMs: 120_000 } })).toThrow(
      /fastest interval .* above the slowest/
    )
    expect(() => applyPreferencesPatch(p, { cadence: { listMs: 10 } })).toThrow()
  })
})

describe('phase lists of a space', () => {
  it('says which ids left a complete list, merges the newest ended page, and counts', () => {
    const s = new SpaceLists('space', 0)
    expect(s.counts()).toEqual({ waiting: null, ongoing: null, suspended: null, ended: null })
    expect(s.take('ongoing', ['a', 'b', 'c'], true, 1)).toEqual([])
    expect(s.take('ended', ['x', 'y'], true, 1)).toEqual([])
    expect(s.take('waiting', [], true, 1)).toEqual([])
    expect(s.looked).toBe(false)
    s.take('suspended', [], true, 1)
    expect(s.looked).toBe(true)
    // b ended, c was deleted.
    expect(s.take('ongoing', ['a'], true, 2)).toEqual(['b', 'c'])
    s.take('ended', ['b'], false, 2)
    expect(s.lists.ended.ids).toEqual(['b', 'x', 'y'])
    expect(s.phaseOf('b')).toBe('ended')
    expect(s.phaseOf('c')).toBeUndefined()
    // A rerun of x: listed waiting, gone from ended.
    s.take('waiting', ['x'], true, 3)
    expect(s.lists.ended.ids).toEqual(['b', 'y'])
    expect(s.counts()).toEqual({ waiting: 1, ongoing: 1, suspended: 0, ended: 2 })
    s.place('a', 'suspended')
    expect(s.phaseOf('a')).toBe('suspended')
    s.forget('a')
    expect(s.counts().suspended).toBe(0)
  })
})

describe('the newest ended page', () => {
  it('names what ended again: what came back ahead of one that was ahead of it', () => {
    const s = new SpaceLists('space', 0)
    s.take('ended', ['a', 'b', 'c', 'd'], true, 1)
    expect(s.endedAgain(['a', 'b', 'c', 'd'])).toEqual([])
    expect(s.endedAgain(['c', 'a', 'b', 'd'])).toEqual(['c'])
    expect(s.endedAgain(['d', 'b', 'a', 'c'])).toEqual(['d', 'b'])
    // New ones are not named (they are read as new), nor is one merely deleted behind.
    expect(s.endedAgain(['n', 'c', 'a', 'b'])).toEqual(['c'])
    expect(s.endedAgain(['a', 'c', 'd'])).toEqual([])
    // One from far back in a long list, back at the front of the newest page.
    const long = new SpaceLists('space', 0)
    const ids = Array.from({ length: 300 }, (_, i) => `e${i}`)
    long.take('ended', ids, true, 1)
    expect(long.endedAgain(['e250', ...ids.slice(0, 99)])).toEqual(['e250'])
  })
})

describe('virtual time', () => {
  it('runs timers in due order and lets the work of each settle first', async () => {
    const s = new VirtualScheduler(1000)
    const log: string[] = []
    let inFlight: Promise<void> | undefined
    s.setSettle(async () => {
      await inFlight
    })
    s.after(300, () => log.push(`c@${s.now()}`))
    s.after(100, () => {
      log.push(`a@${s.now()}`)
      inFlight = Promise.resolve().then(() => void log.push('a settled'))
    })
    const cancelled = s.after(200, () => log.push('never'))
    s.after(100, () => log.push(`b@${s.now()}`))
    cancelled.cancel()
    await s.advance(250)
    expect(log).toEqual(['a@1100', 'a settled', 'b@1100'])
    expect(s.now()).toBe(1250)
    expect(s.nextDue()).toBe(1300)
    await s.advance(100)
    expect(log.at(-1)).toBe('c@1300')
  })
})
