// Benchmark: the monitor against a naive poller (every non-ended execution read every 3 s, as if
// each were open in its own GUI tab), on the simulator's scale scenario (10 spaces × 100 ongoing
// + 1,000 ended) in a child process. Over 10 simulated minutes in virtual time: requests per
// minute, and the latency from a change in the simulator to the monitor's event (the execution
// on screen; background ends and lane-run events, against a sample read every 250 ms). Then a
// 2-minute real-time run for the monitor's CPU time and heap.
// `node out/node/bench-monitor.js [--minutes 10] [--real-seconds 120] [--simulator FILE] [--real-only] [--trace] [--cadence JSON]`
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Monitor } from '../src/core/monitor/monitor'
import { VirtualScheduler } from '../src/core/monitor/scheduler'
import { OneproviderClient } from '../src/core/onedata'
import type { MonitorEvent } from '../src/shared/monitor'
import { isLaneRunStopped, workflowPhase } from '../src/shared/statuses'
import {
  breakdownTable,
  countedClient,
  RequestCounter,
  startSimulator,
  type Sim
} from './monitor-sim'
import { trayRun } from './monitor-tray'

const ROOT = join(__dirname, '../..')
const STEP_MS = 250
const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'real-seconds': { type: 'string', default: '120' },
    simulator: { type: 'string', default: join(ROOT, 'out/node/simulator.js') },
    /** Only the real-time run, printed and not written (to try a change quickly). */
    'real-only': { type: 'boolean', default: false },
    /** Prints the provider's state every 5 s of the real-time run (to stderr). */
    trace: { type: 'boolean', default: false },
    /** Changes to the default cadences for the real-time run, as JSON (to compare). */
    cadence: { type: 'string', default: '{}' }
  }
})
const MINUTES = Number(args.minutes)
const REAL_SECONDS = Number(args['real-seconds'])

const quantile = (xs: number[], q: number) =>
  xs.length
    ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!
    : NaN
const s = (ms: number) => (Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(1)} s`)

/** First moments the sample's executions and lane runs entered each status (truth, 250 ms). */
class Truth {
  readonly at = new Map<string, number>()
  private last = new Map<string, string>()
  constructor(private readonly client: OneproviderClient) {}
  async sample(ids: string[], now: number): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const d = await this.client.getExecution(id)
        this.note(`${id} end`, workflowPhase(d.status) === 'ended' ? 'ended' : 'running', now)
        d.lanes.forEach((lane, i) => {
          for (const r of lane.runs) {
            if (r.runNumber === null) continue
            const run = `${id} ${i + 1}/${r.runNumber}`
            const kind =
              r.status === 'active' ? 'started' : isLaneRunStopped(r.status) ? 'stopped' : 'waiting'
            this.note(run, kind, now)
          }
        })
      })
    )
  }
  private note(what: string, kind: string, now: number) {
    if (this.last.get(what) === kind) return
    this.last.set(what, kind)
    if (!this.at.has(`${what} ${kind}`)) this.at.set(`${what} ${kind}`, now)
  }
}

function eventKey(e: MonitorEvent): string | undefined {
  if (e.type === 'executionEnded') return `${e.executionId} end ended`
  if (e.type === 'laneRunStarted') return `${e.executionId} ${e.laneIndex}/${e.runNumber} started`
  if (e.type === 'laneRunStopped') return `${e.executionId} ${e.laneIndex}/${e.runNumber} stopped`
  return undefined
}

/** Latencies of the events of these executions against the truth, in ms. */
function latencies(
  events: MonitorEvent[],
  truth: Truth,
  ids: Set<string>,
  kind: (k: string) => boolean
) {
  const out: number[] = []
  for (const e of events) {
    const key = eventKey(e)
    if (!key || e.executionId === null || !ids.has(e.executionId) || !kind(key)) continue
    const t = truth.at.get(key)
    if (t !== undefined) out.push(Math.max(0, e.at - t))
  }
  return out
}

async function monitorRun(sim: Sim) {
  await sim.post('/clock', { mode: 'virtual' })
  const world = await sim.state()
  const counter = new RequestCounter()
  const perMinute: number[] = []
  const scheduler = new VirtualScheduler(world.now)
  const monitor = new Monitor({
    dataDir: mkdtempSync(join(tmpdir(), 'lanewatch-bench-monitor-')),
    scheduler,
    connect: async () => countedClient(sim, counter)
  })
  scheduler.setSettle(() => monitor.idle())
  const events: MonitorEvent[] = []
  monitor.onEvent((e) => events.push(e))
  monitor.setAccounts([
    {
      id: 'bench',
      label: 'scale',
      providerUrl: sim.url,
      spaces: world.spaces.map((x) => x.id),
      persist: true
    }
  ])
  const truthClient = new OneproviderClient({ url: sim.url, token: sim.token, connections: 16 })
  const truth = new Truth(truthClient)
  // The first look (every page of every list, every running execution once) happens first.
  const advance = async (ms: number) => {
    await sim.post('/clock/advance', { ms })
    await scheduler.advance(ms)
  }
  await advance(STEP_MS)
  // The scale scenario's running executions started over the last quarter of an hour and each
  // lane run takes about twelve minutes: most change lane once in the ten minutes measured.
  // Samples are spread over every space's list (newest first), not only its newest.
  const lists = world.spaces.map((sp) => monitor.ids('bench', sp.id, 'ongoing').ids)
  const spread = lists.flatMap((ids) => ids.filter((_, i) => i % 10 === 5))
  const background = spread.filter((_, i) => i % 2 === 0).slice(0, 40)
  // On screen, a minute each, the execution whose first lane should end in that minute.
  const laneEnd = (id: string) => {
    const d = monitor.details('bench', [id])[id]?.details
    return d ? d.startTime * 1000 + 728_000 : Infinity
  }
  const candidates = lists.flat().filter((id) => !background.includes(id))
  const shown = Array.from({ length: MINUTES }, (_, k) => {
    const target = world.now + k * 60_000 + 30_000
    return candidates.reduce((a, b) =>
      Math.abs(laneEnd(a) - target) <= Math.abs(laneEnd(b) - target) ? a : b
    )
  })
  const windows: { id: string; from: number; to: number }[] = []
  const cancelled = background.slice(0, MINUTES)
  windows.push({ id: '', from: 0, to: 0 })
  let minuteStart = counter.n
  for (let t = STEP_MS; t < MINUTES * 60_000; t += STEP_MS) {
    if (t % 60_000 === STEP_MS) {
      const id = shown[Math.floor(t / 60_000)]!
      windows.at(-1)!.to = scheduler.now()
      windows.push({ id, from: scheduler.now(), to: Infinity })
      monitor.setView({ visible: true, focus: { accountId: 'bench', executionId: id } })
    }
    // Ends in the background: one sampled execution cancelled each minute.
    if (t % 60_000 === 30_000) {
      const id = cancelled[Math.floor(t / 60_000)]
      if (id) await truthClient.lifecycle('cancel', id).catch(() => undefined)
    }
    await advance(STEP_MS)
    await truth.sample([windows.at(-1)!.id, ...background], scheduler.now())
    if ((t + STEP_MS) % 60_000 === 0) {
      perMinute.push(counter.n - minuteStart)
      minuteStart = counter.n
    }
  }
  await monitor.stop()
  await truthClient.close()
  const bg = new Set(background)
  return {
    total: counter.n,
    perMinute,
    onScreen: windows.flatMap((w) =>
      latencies(
        events.filter((e) => e.at >= w.from && e.at <= w.to),
        truth,
        new Set([w.id]),
        (k) => (truth.at.get(k) ?? 0) >= w.from
      )
    ),
    ends: latencies(events, truth, bg, (k) => k.endsWith(' end ended')),
    laneRuns: latencies(events, truth, bg, (k) => !k.endsWith(' end ended'))
  }
}

/** Every non-ended execution read every 3 s (and the lists that say which ones). */
async function naiveRun(sim: Sim) {
  await sim.post('/reset', {})
  await sim.post('/clock', { mode: 'virtual' })
  const world = await sim.state()
  const counter = new RequestCounter()
  const client = countedClient(sim, counter)
  const cycles = (MINUTES * 60_000) / 3000
  for (let i = 0; i < cycles; i++) {
    const ids: string[] = []
    for (const sp of world.spaces)
      for (const phase of ['waiting', 'ongoing'] as const)
        for await (const page of client.iterateExecutionIds(sp.id, phase)) ids.push(...page)
    let next = 0
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < ids.length) await client.getExecution(ids[next++]!).catch(() => undefined)
      })
    )
    await sim.post('/clock/advance', { ms: 3000 })
  }
  await client.close()
  return { total: counter.n }
}

async function main(): Promise<void> {
  const sim = await startSimulator(args.simulator!)
  try {
    if (args['real-only']) {
      const real = await trayRun(sim, REAL_SECONDS, args.trace === true, JSON.parse(args.cadence!))
      process.stdout.write(
        `${JSON.stringify({ ...real, steady: undefined }, null, 2)}\n\n${breakdownTable(real.steady, real.steadyWall / 60_000)}\n`
      )
      return
    }
    const loadBefore = loadavg()[0]!
    const mon = await monitorRun(sim)
    const naive = await naiveRun(sim)
    const real = await trayRun(sim, REAL_SECONDS, args.trace === true)
    const loadAfter = loadavg()[0]!
    const monPerMin = mon.total / MINUTES
    const steadyPerMin =
      mon.perMinute.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, mon.perMinute.length - 1)
    const naivePerMin = naive.total / MINUTES
    const ratio = naivePerMin / monPerMin
    const rows = [
      [
        'requests per minute (all 10 min)',
        `${Math.round(monPerMin)}`,
        `${Math.round(naivePerMin)}`,
        '≥ 10× fewer'
      ],
      [
        'requests per minute (after the first minute)',
        `${Math.round(steadyPerMin)}`,
        `${Math.round(naivePerMin)}`,
        ''
      ],
      [
        'on-screen execution, event latency median (n)',
        `${s(quantile(mon.onScreen, 0.5))} (${mon.onScreen.length})`,
        '',
        '≤ 2 s'
      ],
      [
        'background execution end, median / max (n)',
        `${s(quantile(mon.ends, 0.5))} / ${s(Math.max(...mon.ends))} (${mon.ends.length})`,
        '',
        '≤ 10 s'
      ],
      [
        'background lane-run events, median / max (n)',
        `${s(quantile(mon.laneRuns, 0.5))} / ${s(Math.max(...mon.laneRuns))} (${mon.laneRuns.length})`,
        '',
        '≤ 60 s'
      ],
      [
        `CPU, ${Math.round(real.steadyWall / 1000)} s real time after the first look`,
        `${(real.steadyCpuShare * 100).toFixed(2)} % of a core`,
        '',
        '≤ 1 %'
      ],
      [
        `CPU, the first look (20 s) included (${Math.round(real.wall / 1000)} s)`,
        `${(real.cpuShare * 100).toFixed(2)} % of a core (first look: ${Math.round(real.firstLookCpuMs)} ms)`,
        '',
        ''
      ],
      [
        'requests per minute in the real-time run (after 20 s), CPU per request',
        `${Math.round(real.steadyRequestsPerMin)}, ${real.steadyCpuMsPerRequest.toFixed(2)} ms`,
        '',
        ''
      ],
      [
        'execution end in the tray (real time, from the cancel request), median / max (n)',
        `${s(quantile(real.endLatencies, 0.5))} / ${s(Math.max(...real.endLatencies))} (${real.endLatencies.length})`,
        '',
        '≤ 60 s'
      ],
      ['heap after the real-time run', `${real.heapMb.toFixed(1)} MB`, '', '≤ 50 MB']
    ]
    const table = [
      '| measure | monitor | naive poller | target |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.join(' | ')} |`)
    ].join('\n')
    const text = `# Monitor benchmark

Simulator: \`--scenario scale\` (10 spaces × 100 ongoing + 1,000 ended, 10,000 in the first) in a
child process. Virtual time, ${MINUTES} simulated minutes, 250 ms steps; the monitor with its default
cadences, the window visible, ten executions on screen in turn (a minute each); a sample of 40
background executions read every step as the truth, one of them cancelled each minute. The naive poller lists the waiting
and ongoing executions of every space and reads each of them every 3 s. Then the monitor alone in
real time with its window closed (the tray) for CPU time and heap: its first look (20 s: every
page of every list, every running execution once) counted apart, then ${REAL_SECONDS} s, while one running
execution is cancelled every 20 s (the tray's end latency). Machine: ${process.platform}, Node ${process.version},
2 cores shared with other work; load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end.

${table}

Requests per minute, per minute of the run: ${mon.perMinute.join(', ')}.

Where the tray's requests go (the real-time run after its first look):

${breakdownTable(real.steady, real.steadyWall / 60_000)}

The monitor uses ${ratio.toFixed(1)}× fewer requests per minute than the naive poller.
`
    process.stdout.write(
      `${table}\n\n${breakdownTable(real.steady, real.steadyWall / 60_000)}\n\nThe monitor uses ${ratio.toFixed(1)}× fewer requests per minute than the naive poller.\n`
    )
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
    writeFileSync(join(ROOT, 'bench/results/monitor.md'), text)
  } finally {
    sim.child.kill()
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`bench-monitor: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
