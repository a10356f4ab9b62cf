// The monitor never stalls: through random visibility and focus changes, clock jumps and a
// provider that answers late, never, with 5xx, 429 + Retry-After or a dropped connection, it keeps
// sending requests, frees every slot, notices every end, and is back at its full cadence as soon
// as the trouble is over. Each seed is a different, replayable run.
import { describe, expect, it } from 'vitest'
import { Monitor } from '../../../src/core/monitor/monitor'
import { VirtualScheduler } from '../../../src/core/monitor/scheduler'
import { OneproviderClient } from '../../../src/core/onedata'
import { cadenceSchema } from '../../../src/shared/monitor-settings'
import { MonitorRig, monitorTestbed, seeded } from '../../helpers/monitor'

const bed = monitorTestbed()

const cadence = { backoffBaseMs: 1000, backoffMaxMs: 20_000, requestTimeoutMs: 5000 }
const TIMEOUT_MS = cadence.requestTimeoutMs
const TICK_MS = 10_000
/** Hidden, the ongoing list goes out every 30 s (5 s × the hidden factor 6), ± 10 %. */
const HIDDEN_LIST_MS = 33_000
const FAULTS: Record<string, unknown>[] = [
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, retryAfter: 3 },
  { kind: 'drop' },
  // Held past the monitor's deadline (real ms, the rig stops waiting after 5 ms).
  { kind: 'slow', delayMs: 400 }
]

const fault = (body: Record<string, unknown>, count: number) =>
  bed.sim.request('POST', '/__simulator/faults', {
    body: { match: { path: '/api/v3/oneprovider' }, count, ...body }
  })

/** The longest gap between consecutive requests sent in a window (monitor time). */
function longestGap(r: MonitorRig, from: number, to: number): number {
  const at = [from, ...r.requests.filter((q) => q.at >= from && q.at < to).map((q) => q.at), to]
  return Math.max(...at.slice(1).map((t, i) => t - at[i]!))
}

describe('the monitor under random trouble', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'keeps its cadence and notices every end (seed %i)',
    async (seed) => {
      const random = seeded(seed)
      const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!
      bed.rig = new MonitorRig(bed.sim, { cadence, settleCapMs: 5 })
      const rig = bed.rig
      await rig.advance(6000)
      const slow = [await bed.sim.schedule('slow'), await bed.sim.schedule('slow')]
      const ending = [await bed.sim.schedule('steady'), await bed.sim.schedule('steady')]
      const ids = [...slow, ...ending]
      const from = rig.scheduler.now()

      // Ten minutes of trouble: every 5-30 s something changes.
      const until = from + 10 * 60_000
      while (rig.scheduler.now() < until) {
        const r = random()
        if (r < 0.25) rig.monitor.setView({ visible: random() < 0.5 })
        else if (r < 0.45)
          rig.monitor.setView({
            focus: random() < 0.3 ? null : { accountId: 'acc', executionId: pick(ids) }
          })
        else if (r < 0.7) await fault(pick(FAULTS), 1 + Math.floor(random() * 6))
        else if (r < 0.8) await bed.sim.request('DELETE', '/__simulator/faults')
        // A clock jump: a whole minute in one step, as a suspended laptop or a big virtual step.
        if (random() < 0.1) await rig.advance(60_000, 60_000)
        await rig.advance(5000 + Math.floor(random() * 25_000), 500)
        // The longest the monitor may stay silent: the hidden list interval, or the longest
        // back-off after a request held to its deadline, plus a hidden tick. Timers still run at their own
        // moments within a clock jump, so a jump is no excuse for silence.
        const now = rig.scheduler.now()
        expect(longestGap(rig, Math.max(from, now - 120_000), now)).toBeLessThanOrEqual(
          Math.max(HIDDEN_LIST_MS, cadence.backoffMaxMs * 1.1 + TIMEOUT_MS) + TICK_MS
        )
      }

      // Trouble over: faults cleared, the window shown with a running execution on screen.
      await bed.sim.request('DELETE', '/__simulator/faults')
      rig.monitor.setView({ visible: true, focus: { accountId: 'acc', executionId: slow[0]! } })
      await rig.advance(30_000, 500)
      await rig.monitor.idle()
      expect(rig.monitor.overview().providers[0]).toMatchObject({
        reachable: true,
        backingOff: false
      })
      const calm = rig.scheduler.now()
      await rig.advance(60_000, 250)
      const end = rig.scheduler.now()
      // The execution on screen every 2 s (± jitter): about 30 reads, never a gap over 3 s.
      const reads = rig.requests
        .filter((q) => q.at >= calm && q.what === `GET /automation/execution/workflows/${slow[0]}`)
        .map((q) => q.at)
      expect(reads.length).toBeGreaterThanOrEqual(25)
      expect(Math.max(...reads.slice(1).map((t, i) => t - reads[i]!))).toBeLessThanOrEqual(3000)
      // The ongoing list of the space every 5 s: about 12 in the minute.
      const lists = rig.requests.filter((q) => q.at >= calm && q.what.includes('phase=ongoing'))
      expect(lists.length).toBeGreaterThanOrEqual(10)
      expect(longestGap(rig, calm, end)).toBeLessThanOrEqual(3000)
      // Nothing overdue, no slot held.
      const status = rig.monitor.overview().providers[0]!
      expect(status.nextRefreshAt ?? Infinity).toBeGreaterThanOrEqual(end - 500)
      expect(rig.monitor.overview().providers[0]).toMatchObject({ backingOff: false })
      expect(rig.maxInFlight).toBeLessThanOrEqual(4)
      expect(rig.sameResourceOverlaps).toBe(0)

      // Every execution that ended is announced, once.
      for (const id of ending) {
        const d = await bed.sim.details(id)
        if (['finished', 'failed', 'cancelled', 'crashed'].includes(d.status))
          expect(rig.of('executionEnded', id), id).toHaveLength(1)
      }
      expect(ending.some((id) => rig.of('executionEnded', id).length === 1)).toBe(true)
      for (const id of slow) expect(rig.of('executionEnded', id), id).toEqual([])
    },
    120_000
  )
})

describe('a client that is never ready', () => {
  it('holds no slot past the deadline, is reported, and the monitor goes on once it comes', async () => {
    const scheduler = new VirtualScheduler(bed.sim.sim.state.clock.now())
    let ready: (c: OneproviderClient) => void = () => undefined
    // The keychain answers nothing until the test lets it (a locked keyring, say).
    const keychain = new Promise<OneproviderClient>((resolve) => (ready = resolve))
    let asked = 0
    const monitor = new Monitor({
      scheduler,
      cadence: cadenceSchema.parse({ ...cadence }),
      random: seeded(5),
      connect: () => {
        asked += 1
        return keychain
      }
    })
    // Work waiting for the client ends only at its deadline, in virtual time: do not wait for it.
    scheduler.setSettle(() =>
      Promise.race([monitor.idle(), new Promise<void>((r) => setTimeout(r, 5))])
    )
    const advance = async (ms: number) => {
      for (let t = 0; t < ms; t += 500) {
        bed.sim.sim.state.clock.advance(500)
        await scheduler.advance(500)
      }
    }
    const ended: unknown[] = []
    monitor.onEvent((e) => e.type === 'executionEnded' && ended.push(e))
    monitor.setAccounts([
      {
        id: 'acc',
        label: 'Lab account',
        providerUrl: bed.sim.sim.url,
        spaces: [bed.sim.space('lab')],
        persist: false
      }
    ])
    await advance(TIMEOUT_MS + 1000)
    const waiting = monitor.overview().providers[0]!
    expect(waiting).toMatchObject({ inFlight: 0, backingOff: true })
    expect(waiting.problem?.description).toMatch(/not ready within 5 s/)
    await advance(60_000)
    // Still waited for after each back-off, each time up to the deadline only; the keychain is
    // asked once, not prompted again and again.
    expect(asked).toBe(1)
    expect(monitor.overview().providers[0]).toMatchObject({ inFlight: 0, reachable: false })

    const token = bed.sim.token('admin')
    ready(new OneproviderClient({ url: bed.sim.sim.url, token, retry: { retries: 0 } }))
    const id = await bed.sim.schedule('steady')
    for (let t = 0; t < 10 * 60_000 && ended.length === 0; t += 5000) await advance(5000)
    expect(ended).toEqual([expect.objectContaining({ executionId: id })])
    expect(monitor.overview().providers[0]).toMatchObject({ reachable: true, backingOff: false })
    await monitor.stop()
  }, 60_000)

  it('stopping the monitor ends the wait at once', async () => {
    const scheduler = new VirtualScheduler(0)
    const monitor = new Monitor({
      scheduler,
      connect: () => new Promise<OneproviderClient>(() => undefined)
    })
    scheduler.setSettle(() => Promise.resolve())
    monitor.setAccounts([
      { id: 'acc', label: 'Lab', providerUrl: 'https://p.example', spaces: ['s'], persist: false }
    ])
    await scheduler.advance(100)
    expect(monitor.overview().providers[0]!.inFlight).toBeGreaterThan(0)
    await monitor.stop()
    expect(monitor.accountIds()).toEqual([])
  })
})

describe('the next refresh shown', () => {
  it('hidden, is the tick the next request waits for, never a moment already past', async () => {
    bed.rig = new MonitorRig(bed.sim)
    const rig = bed.rig
    await rig.advance(6000)
    for (let i = 0; i < 3; i++) await bed.sim.schedule('slow')
    await rig.advance(30_000, 500)
    rig.monitor.setView({ visible: false, focus: null })
    await rig.advance(60_000, 1000)
    const shown: number[] = []
    for (let t = 0; t < 5 * 60_000; t += 500) {
      await rig.advance(500, 500)
      const now = rig.scheduler.now()
      const next = rig.monitor.overview().providers[0]!.nextRefreshAt
      expect(next).toBeDefined()
      expect(next!).toBeGreaterThan(now)
      shown.push(next!)
    }
    expect(shown.filter((at) => at % TICK_MS !== 0)).toEqual([])
    // And the requests did go out at the times shown.
    const sent = new Set(rig.requests.map((q) => q.at))
    for (const at of new Set(shown))
      if (at <= rig.scheduler.now()) expect(sent.has(at), String(at)).toBe(true)
  })
})
