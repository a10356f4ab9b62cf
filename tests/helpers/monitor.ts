// A monitor wired to an in-process simulator over real HTTP, both on virtual clocks that move
// together: `advance` steps the simulator's clock and the monitor's scheduler side by side and
// lets every request the monitor starts finish before the next step.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Monitor, type MonitorOptions } from '../../src/core/monitor/monitor'
import { VirtualScheduler } from '../../src/core/monitor/scheduler'
import type { StoreFiles } from '../../src/core/monitor/store-files'
import { OneproviderClient, OnezoneClient } from '../../src/core/onedata'
import type { Call } from '../../src/core/onedata/transport'
import type { MonitorEvent } from '../../src/shared/monitor'
import { cadenceSchema, type Cadence } from '../../src/shared/monitor-settings'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { monitorScenario } from './monitor-scenario'
import { SimDriver } from './simulator'

/** A small seeded generator, so jitter is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface RigOptions {
  dataDir?: string
  cadence?: Partial<Cadence>
  user?: string
  spaces?: string[]
  files?: StoreFiles
  /** Counts every request the monitor's clients send (method and path). */
  requests?: string[]
  /**
   * Waits at most this long (real ms) for requests to settle after each timer, so requests the
   * simulator holds back can time out in virtual time. Default: wait until all settled.
   */
  settleCapMs?: number
  /** Ask the simulator's Onezone for lane, box and task names. */
  onezone?: boolean
  /** The clients' limit on the size of an answer. */
  maxResponseBytes?: number
}

export class MonitorRig {
  readonly scheduler: VirtualScheduler
  readonly monitor: Monitor
  readonly events: MonitorEvent[] = []
  readonly dataDir: string
  private readonly settleCapMs?: number
  /** Every request the monitor sent, with the monitor's time. */
  readonly requests: { what: string; at: number }[] = []
  maxInFlight = 0
  sameResourceOverlaps = 0
  private inFlight = 0
  private readonly open = new Set<string>()

  constructor(
    readonly sim: SimDriver,
    opts: RigOptions = {}
  ) {
    this.settleCapMs = opts.settleCapMs
    this.dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'lanewatch-monitor-'))
    this.scheduler = new VirtualScheduler(sim.sim.state.clock.now())
    const token = sim.token(opts.user ?? 'admin')
    const options: MonitorOptions = {
      dataDir: this.dataDir,
      scheduler: this.scheduler,
      cadence: cadenceSchema.parse(opts.cadence ?? {}),
      random: seeded(42),
      files: opts.files,
      connectZone: async () =>
        opts.onezone ? new OnezoneClient({ url: sim.sim.url, token }) : undefined,
      connect: async () => {
        const client = new OneproviderClient({
          url: sim.sim.url,
          token,
          retry: { retries: 0 },
          ...(opts.maxResponseBytes ? { maxResponseBytes: opts.maxResponseBytes } : {})
        })
        const record = async <T>(
          c: Call,
          signal: AbortSignal | undefined,
          send: () => Promise<T>
        ): Promise<T> => {
          const query = new URLSearchParams(
            Object.entries(c.query ?? {}).flatMap(([k, v]) =>
              v === undefined ? [] : [[k, String(v)]]
            )
          ).toString()
          const what = `${c.method} ${c.path}${query ? `?${query}` : ''}`
          opts.requests?.push(what)
          this.requests.push({ what, at: this.scheduler.now() })
          if (this.open.has(what)) this.sameResourceOverlaps += 1
          this.open.add(what)
          this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight)
          // A request the monitor gave up on (its deadline aborted it) is over for the monitor,
          // though its socket may take a moment longer to close.
          let over = false
          const end = () => {
            if (over) return
            over = true
            this.inFlight -= 1
            this.open.delete(what)
          }
          signal?.addEventListener('abort', end, { once: true })
          try {
            return await send()
          } finally {
            signal?.removeEventListener('abort', end)
            end()
          }
        }
        const t = client.transport
        const call = t.call.bind(t)
        const callUnlessSame = t.callUnlessSame.bind(t)
        t.call = ((c, schema, o) => record(c, o?.signal, () => call(c, schema, o))) as typeof t.call
        t.callUnlessSame = ((c, schema, seen, o) =>
          record(c, o?.signal, () => callUnlessSame(c, schema, seen, o))) as typeof t.callUnlessSame
        return client
      }
    }
    this.monitor = new Monitor(options)
    const cap = opts.settleCapMs
    this.scheduler.setSettle(() =>
      cap === undefined
        ? this.monitor.idle()
        : Promise.race([this.monitor.idle(), new Promise<void>((r) => setTimeout(r, cap))])
    )
    this.monitor.onEvent((e) => this.events.push(e))
    this.monitor.setAccounts([
      {
        id: 'acc',
        label: 'Lab account',
        providerUrl: sim.sim.url,
        spaces: opts.spaces ?? [sim.space('lab')],
        persist: true
      }
    ])
  }

  /** Moves both clocks forward by `ms`, in steps of `stepMs`. */
  async advance(ms: number, stepMs = 100): Promise<void> {
    for (let t = 0; t < ms; t += stepMs) {
      const step = Math.min(stepMs, ms - t)
      this.sim.sim.state.clock.advance(step)
      await this.scheduler.advance(step)
    }
    if (this.settleCapMs === undefined) await this.monitor.idle()
  }

  /** Advances until `done` holds, or fails after `maxMs` of simulated time. */
  async until(done: () => boolean, maxMs = 120_000, stepMs = 100): Promise<void> {
    for (let t = 0; t <= maxMs; t += stepMs) {
      if (done()) return
      await this.advance(stepMs, stepMs)
    }
    throw new Error(`condition not reached within ${maxMs} simulated ms`)
  }

  of<T extends MonitorEvent['type']>(
    type: T,
    executionId?: string
  ): Extract<MonitorEvent, { type: T }>[] {
    return this.events.filter(
      (e): e is Extract<MonitorEvent, { type: T }> =>
        e.type === type && (executionId === undefined || e.executionId === executionId)
    )
  }

  /** Requests for one execution's details since `from` (monitor time). */
  detailsReads(executionId: string, from = 0): number {
    return this.requests.filter(
      (r) => r.at >= from && r.what === `GET /automation/execution/workflows/${executionId}`
    ).length
  }

  stop(): Promise<void> {
    return this.monitor.stop()
  }
}

/**
 * One simulator with the monitor scenario for a test file, and the rig of the test running. After
 * each test the rig is stopped and the simulator put back: faults cleared, the scenario loaded
 * again, the clock virtual.
 */
export function monitorTestbed(): { sim: SimDriver; rig: MonitorRig | undefined } {
  const bed = { rig: undefined } as { sim: SimDriver; rig: MonitorRig | undefined }
  beforeAll(async () => {
    bed.sim = await SimDriver.start({ scenario: monitorScenario() })
  })
  afterEach(async () => {
    await bed.rig?.stop()
    bed.rig = undefined
    await bed.sim.request('DELETE', '/__simulator/faults')
    await bed.sim.request('POST', '/__simulator/scenario', {
      body: { scenario: monitorScenario() }
    })
    await bed.sim.request('POST', '/__simulator/clock', { body: { mode: 'virtual' } })
    await bed.sim.refresh()
  })
  afterAll(() => bed.sim.stop())
  return bed
}

/**
 * Three long ('slow') executions scheduled and seen running, then the window hidden; `settle`
 * is how long to let the monitor run hidden (in steps of `step`) before the test looks.
 */
export async function runningThenHidden(
  sim: SimDriver,
  r: MonitorRig,
  settle: { ms: number; step: number }
): Promise<{ ids: string[]; from: number }> {
  await r.advance(6000)
  const ids = [await sim.schedule('slow'), await sim.schedule('slow'), await sim.schedule('slow')]
  await r.until(() => r.of('laneRunStarted').length === 3, 60_000)
  r.monitor.setView({ visible: false, focus: null })
  await r.advance(settle.ms, settle.step)
  return { ids, from: r.scheduler.now() }
}
