// Benchmark: saving and loading a large snapshot — an execution of 50 lanes × 20 runs with
// 100,000 audit-log entries — and Lanewatch's streaming loader side by side with the obvious one
// (read the whole file, gunzipSync, JSON.parse, then the same checks). Every measurement runs in a
// fresh child process (bench/snapshot-child.ts), so a peak is that operation's own.
//
// Peak memory is measured two ways:
//  - old space needed: the smallest --max-old-space-size (MiB) with which the load still
//    succeeds, found by bisection, minus the heap in use before the load: what the load needs
//    live at its peak, independent of when the collector runs;
//  - peak RSS added: the kernel's high-water mark of resident memory during the operation. It
//    also counts V8's young generation, which grows to its maximum (tens of MiB) under any
//    allocation-heavy work, so it is shown for completeness, not held to the target.
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

const mib = (bytes: number) => (bytes / MiB).toFixed(1)
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

    const loads: Record<'streaming' | 'whole', ChildResult[]> = { streaming: [], whole: [] }
    for (let i = 0; i < ROUNDS; i++)
      for (const s of i % 2 ? (['whole', 'streaming'] as const) : (['streaming', 'whole'] as const))
        loads[s].push((await child(['load', file, s]))!)

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
      'values); **whole** is `readFileSync` + SHA-256 + `gunzipSync` + `toString` + one `JSON.parse` +',
      '`snapshotSchema.parse` (the same checks).',
      '',
      '| operation | time (ms) | CPU (ms) | old space needed (MiB) | × content | peak RSS added (MiB) | × content |',
      '| --- | --- | --- | --- | --- | --- | --- |'
    ]
    lines.push(
      row([
        'save (`writeSnapshot`)',
        median(writes.map((w) => w.ms)).toFixed(0),
        median(writes.map((w) => w.cpuMs)).toFixed(0),
        '-',
        '-',
        mib(median(writes.map((w) => w.peakRssBytes))),
        (median(writes.map((w) => w.peakRssBytes)) / contentBytes).toFixed(2)
      ])
    )
    const verdicts: string[] = []
    for (const s of ['streaming', 'whole'] as const) {
      const ms = median(loads[s].map((l) => l.ms))
      const cpuMs = median(loads[s].map((l) => l.cpuMs))
      const rss = median(loads[s].map((l) => l.peakRssBytes))
      const heapBefore = median(loads[s].map((l) => l.heapBeforeBytes))
      const probe = await probeOldSpace(['load', file, s])
      const needed = probe * MiB - heapBefore
      lines.push(
        row([
          `load, ${s}`,
          ms.toFixed(0),
          cpuMs.toFixed(0),
          mib(needed),
          (needed / contentBytes).toFixed(2),
          mib(rss),
          (rss / contentBytes).toFixed(2)
        ])
      )
      if (s === 'streaming')
        verdicts.push(
          `Targets for the streaming loader: load under 1 s — ${ms < 1000 ? 'met' : 'missed'} (${ms.toFixed(0)} ms, ${cpuMs.toFixed(0)} ms of CPU); ` +
            `peak memory (old space needed) under 3× the content — ${needed < 3 * contentBytes ? 'met' : 'missed'} ` +
            `(${(needed / contentBytes).toFixed(2)}×).`
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
      'through `/proc/self/clear_refs` just before the operation, minus the resident size at that moment;',
      "it includes V8's young generation, which grows to its maximum during any allocation-heavy work."
    )
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
