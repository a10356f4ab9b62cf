// A monitor wired to an in-process simulator over real HTTP, both on virtual clocks that move
// together: `advance` steps the simulator's clock and the monitor's scheduler side by side and
// lets every request the monitor starts finish before the next step.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Monitor, type MonitorOptions } from '../../src/core/monitor/monitor'
import { VirtualScheduler } from '../../src/core/monitor/scheduler'
import type { StoreFiles } from '../../src/core/monitor/store-files'
import { OneproviderClient } from '../../src/core/onedata'
import type { MonitorEvent } from '../../src/shared/monitor'
import { cadenceSchema, type Cadence } from '../../src/shared/monitor-settings'
import type { SimDriver } from './simulator'

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
}

export class MonitorRig {
  readonly scheduler: VirtualScheduler
  readonly monitor: Monitor
  readonly events: MonitorEvent[] = []
  readonly dataDir: string

  constructor(
    readonly sim: SimDriver,
    opts: RigOptions = {}
  ) {
    this.dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'lanewatch-monitor-'))
    this.scheduler = new VirtualScheduler(sim.sim.state.clock.now())
    const token = sim.token(opts.user ?? 'admin')
    const options: MonitorOptions = {
      dataDir: this.dataDir,
      scheduler: this.scheduler,
      cadence: cadenceSchema.parse(opts.cadence ?? {}),
      random: seeded(42),
      files: opts.files,
      connect: async () => {
        const client = new OneproviderClient({ url: sim.sim.url, token, retry: { retries: 0 } })
        if (opts.requests) {
          const call = client.transport.call.bind(client.transport)
          client.transport.call = ((c, schema, o) => {
            opts.requests!.push(`${c.method} ${c.path}`)
            return call(c, schema, o)
          }) as typeof client.transport.call
        }
        return client
      }
    }
    this.monitor = new Monitor(options)
    this.scheduler.setSettle(() => this.monitor.idle())
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
    await this.monitor.idle()
  }

  /** Advances until `done` holds, or fails after `maxMs` of simulated time. */
  async until(done: () => boolean, maxMs = 120_000, stepMs = 100): Promise<void> {
    for (let t = 0; t <= maxMs; t += stepMs) {
      if (done()) return
      await this.advance(stepMs, stepMs)
    }
    throw new Error(`condition not reached within ${maxMs} simulated ms`)
  }

  of(type: MonitorEvent['type'], executionId?: string): MonitorEvent[] {
    return this.events.filter(
      (e) => e.type === type && (executionId === undefined || e.executionId === executionId)
    )
  }

  stop(): Promise<void> {
    return this.monitor.stop()
  }
}
