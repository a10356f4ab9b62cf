// The tray part of the monitor benchmark: the monitor alone in real time with its window closed,
// for its CPU time, heap, where its requests go and how soon it notices an execution's end.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Monitor } from '../src/core/monitor/monitor'
import { realScheduler } from '../src/core/monitor/scheduler'
import { OneproviderClient } from '../src/core/onedata'
import { cadenceSchema, type Cadence } from '../src/shared/monitor-settings'
import { countedClient, RequestCounter, type CounterSnapshot, type Sim } from './monitor-sim'

export interface TrayRun {
  cpuShare: number
  steadyCpuShare: number
  steadyUserMs: number
  steadySystemMs: number
  steadyWall: number
  firstLookCpuMs: number
  heapMb: number
  endLatencies: number[]
  requests: number
  steadyRequestsPerMin: number
  steadyCpuMsPerRequest: number
  /** The requests after the first look, by kind. */
  steady: CounterSnapshot
  wall: number
}

const FIRST_LOOK_MS = 20_000

/**
 * `trace`: prints the provider's state every 5 s (to stderr); `cadence`: changes to the default
 * cadences (to compare an alternative side by side).
 */
export async function trayRun(
  sim: Sim,
  seconds: number,
  trace: boolean,
  cadence: Partial<Cadence> = {}
): Promise<TrayRun> {
  await sim.post('/reset', {})
  const world = await sim.state()
  const counter = new RequestCounter()
  const monitor = new Monitor({
    dataDir: mkdtempSync(join(tmpdir(), 'lanewatch-bench-real-')),
    scheduler: realScheduler,
    cadence: cadenceSchema.parse(cadence),
    connect: async () => countedClient(sim, counter)
  })
  monitor.setView({ visible: false, focus: null })
  const ended = new Map<string, number>()
  monitor.onEvent((e) => {
    if (e.type === 'executionEnded' && e.executionId) ended.set(e.executionId, e.at)
  })
  const cpu = process.cpuUsage()
  const started = Date.now()
  monitor.setAccounts([
    {
      id: 'bench',
      label: 'scale',
      providerUrl: sim.url,
      spaces: world.spaces.map((x) => x.id),
      persist: true
    }
  ])
  const tracer = trace
    ? setInterval(() => {
        const p = monitor.overview().providers[0]
        const used = process.cpuUsage(cpu)
        const cpuMs = Math.round((used.user + used.system) / 1000)
        process.stderr.write(
          `${JSON.stringify({ t: Date.now() - started, n: counter.n, cpuMs, p })}\n`
        )
      }, 5000)
    : undefined
  await new Promise((r) => setTimeout(r, FIRST_LOOK_MS))
  const first = process.cpuUsage(cpu)
  const firstLookCpuMs = (first.user + first.system) / 1000
  const afterFirstLook = counter.snapshot()
  const steadyCpu = process.cpuUsage()
  const steadyFrom = Date.now()
  // Ends in the tray: one running execution (of another space each time) cancelled every 20 s,
  // from 10 s in, while there is still time to notice it; measured from the cancel request.
  const victims = world.spaces
    .map((sp) => monitor.ids('bench', sp.id, 'ongoing').ids[3])
    .filter((id): id is string => id !== undefined)
    .slice(0, Math.max(0, Math.floor((seconds - 30) / 20)))
  const canceller = new OneproviderClient({ url: sim.url, token: sim.token })
  const cancelledAt = new Map<string, number>()
  const cancels = victims.map(
    (id, k) =>
      new Promise<void>((resolve) =>
        setTimeout(
          () => {
            cancelledAt.set(id, Date.now())
            void canceller
              .lifecycle('cancel', id)
              .catch(() => cancelledAt.delete(id))
              .then(() => resolve())
          },
          10_000 + k * 20_000
        )
      )
  )
  await new Promise((r) => setTimeout(r, seconds * 1000))
  await Promise.all(cancels)
  await canceller.close()
  const endLatencies = [...cancelledAt].flatMap(([id, at]) => {
    const e = ended.get(id)
    return e === undefined ? [Infinity] : [e - at]
  })
  const steadyWall = Date.now() - steadyFrom
  const used = process.cpuUsage(cpu)
  const steadyUsed = process.cpuUsage(steadyCpu)
  const steady = counter.since(afterFirstLook)
  const wall = Date.now() - started
  ;(globalThis as { gc?: () => void }).gc?.()
  const heap = process.memoryUsage().heapUsed
  clearInterval(tracer)
  await monitor.stop()
  const steadyCpuMs = (steadyUsed.user + steadyUsed.system) / 1000
  return {
    cpuShare: (used.user + used.system) / 1000 / wall,
    steadyCpuShare: steadyCpuMs / steadyWall,
    steadyUserMs: steadyUsed.user / 1000,
    steadySystemMs: steadyUsed.system / 1000,
    steadyWall,
    firstLookCpuMs,
    heapMb: heap / 1024 / 1024,
    endLatencies,
    requests: counter.n,
    steadyRequestsPerMin: (steady.n * 60_000) / steadyWall,
    steadyCpuMsPerRequest: steadyCpuMs / Math.max(1, steady.n),
    steady,
    wall
  }
}
