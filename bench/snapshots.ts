// Benchmark: saving and loading a large snapshot — an execution of 50 lanes × 20 runs with
// 100,000 audit-log entries — and Lanewatch's streaming loader side by side with the same loader
// letting V8's young generation grow (as it did before), the loader in a worker thread, and the
// obvious one (read the whole file, gunzipSync, JSON.parse, then the same checks). Every
// measurement runs in a fresh child process (bench/snapshot-child.ts), so a peak is that
// operation's own.
//
// Peak memory is measured two ways:
//  - old space needed: the smallest --max-old-space-size (MiB) with which the load still
//    succeeds, found by bisection, minus the heap in use before the load: what the load needs
//    live at its peak, independent of when the collector runs;
//  - peak RSS added: the kernel's high-water mark of resident memory during the operation,
//    everything the process touched: V8's young generation, the worker's heap, buffers.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

const ROOT = join(__dirname, '../..')
const CHILD = join(__dirname, 'bench-snapshot-child.js')
const ENTRIES = Number(process.env.BENCH_SNAPSHOT_ENTRIES ?? 100_000)
const ROUNDS = Number(process.env.BENCH_SNAPSHOT_ROUNDS ?? 5)
const MiB = 1024 * 1024

interface ChildResult {
  ms: number
  cpuMs: number
  entries: number
  peakRssBytes: number
  heapBeforeBytes: number
  youngBeforeBytes: number
  youngBytes: number
}

function child(args: string[], flags: string[] = []): Promise<ChildResult | undefined> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...flags, CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    p.stdout.on('data', (d: Buffer) => (out += d))
    p.stderr.on('data', (d: Buffer) => (err += d))
    p.on('error', reject)
    p.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as ChildResult)
      else if (/heap limit|out of memory/i.test(err)) resolve(undefined)
      else reject(new Error(`child ${args.join(' ')} failed (${code}): ${err.trim()}`))
    })
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** The smallest old-space limit (MiB) with which `args` succeeds, to `step` MiB. */
async function probeOldSpace(args: string[], step = 2): Promise<number> {
  let lo = 0
  let hi = 64
  while (!(await child(args, [`--max-old-space-size=${hi}`]))) {
    lo = hi
    hi *= 2
    if (hi > 4096) throw new Error(`${args.join(' ')} needs more than 4 GiB`)
  }
  while (hi - lo > step) {
    const mid = Math.round((lo + hi) / 2)
    if (await child(args, [`--max-old-space-size=${mid}`])) hi = mid
    else lo = mid
  }
  return hi
}

const LOADERS = [
  { arg: 'streaming', label: 'streaming' },
  { arg: 'free', label: 'streaming, young generation free' },
  { arg: 'worker', label: 'streaming in a worker' },
  { arg: 'whole', label: 'whole' }
] as const

const NOTES = [
  'Why the hold: everything a load builds survives (the whole audit log), and V8 grows its young',
  'generation (new space) by the volume that survives its collections, doubling up to its maximum',
  '(two 16 MiB semi-spaces on 64-bit). A load of this size takes it there, and once grown its pages',
  'are touched by every following collection and kept by the process: the "young generation free" row',
  'shows it. Held at its size (`--semi-space-growth-factor=1` while a load runs, set back to 2 after),',
  'entries go to the old generation after a collection or two instead, for a little more CPU time',
  '(more, smaller collections: compare the CPU of the two rows).',
  "The setting is process-wide, so other work in the process during a load doesn't grow it either.",
  '',
  'A worker thread does not help: its young generation is capped, but its heap, its start (Node and',
  'the modules again), the serialized result and this thread building every object again (which',
  "grows this thread's young generation the same way) cost more than the load it takes over.",
  "Parsing larger pieces of text, or keeping JSON.parse's objects rather than zod's copies, was tried",
  'and does not change the growth either: it follows what survives, which is the loaded snapshot.'
]

const mib = (bytes: number) => (bytes / MiB).toFixed(1)
const young = (rs: ChildResult[]) =>
  `${mib(median(rs.map((r) => r.youngBeforeBytes)))} → ${mib(median(rs.map((r) => r.youngBytes)))}`
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lanewatch-bench-snapshots-'))
  const file = join(dir, 'large.lanewatch')
  const load0 = loadavg()[0]!.toFixed(1)
  try {
    const writes: ChildResult[] = []
    for (let i = 0; i < 3; i++) writes.push((await child(['write', file, String(ENTRIES)]))!)
    const fileBytes = statSync(file).size
    const bytes = readFileSync(file)
    const contentBytes = gunzipSync(bytes.subarray(bytes.indexOf(10) + 1)).length

    const loads = Object.fromEntries(LOADERS.map((l) => [l.arg, [] as ChildResult[]]))
    for (let i = 0; i < ROUNDS; i++)
      for (const { arg } of i % 2 ? [...LOADERS].reverse() : LOADERS)
        loads[arg]!.push((await child(['load', file, arg]))!)

    const lines = [
      '# Snapshots: save and load of a large execution',
      '',
      `An execution of 50 lanes × 20 runs (2 parallel boxes × 3 tasks each) with ${ENTRIES.toLocaleString('en')} audit-log`,
      `entries, generated (\`bench/snapshot-fixture.ts\`). File ${mib(fileBytes)} MiB (gzip), content ${mib(contentBytes)} MiB`,
      `uncompressed. Each figure from a fresh child process; times are medians (3 saves, ${ROUNDS} loads per loader).`,
      `Node ${process.version}, ${cpus().length} CPUs shared with other work (load average ${load0} at the start),`,
      `${new Date().toISOString().slice(0, 10)}.`,
      '',
      'Loaders: **streaming** is `loadSnapshot` (a SHA-256 pass over the file, then gunzip as a stream in',
      '64 KiB pieces, one `JSON.parse` per piece of whole lines and zod per entry, keeping only checked',
      "values), with V8's young generation held at its size during the load; **young generation free** is",
      'the same loader without that hold (how it loaded before); **worker** is `loadSnapshot` in a worker',
      'thread with a 4 MiB young generation (`resourceLimits`), its result taken once the worker ended;',
      '**whole** is `readFileSync` + SHA-256 + `gunzipSync` + `toString` + one `JSON.parse` +',
      '`snapshotSchema.parse` (the same checks).',
      '',
      '| operation | time (ms) | CPU (ms) | old space needed (MiB) | × content | peak RSS added (MiB) | × content | young generation before → after (MiB) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |'
    ]
    lines.push(
      row([
        'save (`writeSnapshot`)',
        median(writes.map((w) => w.ms)).toFixed(0),
        median(writes.map((w) => w.cpuMs)).toFixed(0),
        '-',
        '-',
        mib(median(writes.map((w) => w.peakRssBytes))),
        (median(writes.map((w) => w.peakRssBytes)) / contentBytes).toFixed(2),
        young(writes)
      ])
    )
    const verdicts: string[] = []
    for (const { arg, label } of LOADERS) {
      const ms = median(loads[arg]!.map((l) => l.ms))
      const cpuMs = median(loads[arg]!.map((l) => l.cpuMs))
      const rss = median(loads[arg]!.map((l) => l.peakRssBytes))
      const heapBefore = median(loads[arg]!.map((l) => l.heapBeforeBytes))
      // A worker's heap has its own limits: --max-old-space-size of this thread says nothing.
      const needed =
        arg === 'worker' ? undefined : (await probeOldSpace(['load', file, arg])) * MiB - heapBefore
      lines.push(
        row([
          `load, ${label}`,
          ms.toFixed(0),
          cpuMs.toFixed(0),
          needed === undefined ? '-' : mib(needed),
          needed === undefined ? '-' : (needed / contentBytes).toFixed(2),
          mib(rss),
          (rss / contentBytes).toFixed(2),
          young(loads[arg]!)
        ])
      )
      if (arg === 'streaming')
        verdicts.push(
          `Targets for the streaming loader: load under 1 s — ${ms < 1000 ? 'met' : 'missed'} (${ms.toFixed(0)} ms, ${cpuMs.toFixed(0)} ms of CPU); ` +
            `peak memory under 3× the content — old space needed ${needed! < 3 * contentBytes ? 'met' : 'missed'} ` +
            `(${(needed! / contentBytes).toFixed(2)}×), peak RSS added ${rss < 3 * contentBytes ? 'met' : 'missed'} (${(rss / contentBytes).toFixed(2)}×).`
        )
    }
    const load1 = loadavg()[0]!.toFixed(1)
    lines.push(
      '',
      ...verdicts,
      '',
      "Time is wall-clock time; CPU is the child's user + system time (all its threads). On a machine busy",
      `with other work (load average ${load0} at the start and ${load1} at the end on ${cpus().length} CPUs) the`,
      'wall time is that CPU time stretched by waiting for a processor, so CPU time is the figure to compare.',
      '"Old space needed" is the smallest `--max-old-space-size` with which the load completes (bisection to',
      '2 MiB) minus the V8 heap in use before it. "Peak RSS added" is VmHWM from `/proc/self/status`, reset',
      'through `/proc/self/clear_refs` just before the operation, minus the resident size at that moment.',
      ''
    )
    lines.push(...NOTES)
    const text = lines.join('\n')
    console.log(text)
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
    writeFileSync(join(ROOT, 'bench/results/snapshots.md'), `${text}\n`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
