// Benchmark: how long `npm run simulator` (the built simulator) takes from process start to its
// JSON line on stdout, with its CPU time and peak memory by then: the demo scenario (which
// replays its history at start), the conformance scenario and the generated scale scenario
// (20,000 executions, a week of history).
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const ROOT = join(__dirname, '../..')
const RUNS = 10

const SCENARIOS: [string, string[]][] = [
  ['demo', ['--scenario', 'demo']],
  ['conformance', ['--scenario', 'conformance']],
  ['scale (10 spaces × 100 ongoing + 1,000 ended; 10,000 ended in one)', ['--scenario', 'scale']]
]

/** Peak resident memory (MB) and CPU time (s) of a process so far (Linux; undefined elsewhere):
 *  CPU time tells start-up work apart from waiting on a busy machine. */
function usage(pid: number): { mb?: number; cpu?: number } {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    // Fields 14 and 15 of /proc/PID/stat (user and system time, in clock ticks of 1/100 s).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return { mb: kb ? Number(kb) / 1024 : undefined, cpu: (+stat[11]! + +stat[12]!) / 100 }
  } catch {
    return {}
  }
}

function startOnce(args: string[]): Promise<{ ms: number; mb?: number; cpu?: number }> {
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, [join(ROOT, 'out/node/simulator.js'), ...args], {
    stdio: ['ignore', 'pipe', 'ignore']
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)))
    createInterface({ input: child.stdout }).once('line', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      const used = usage(child.pid!)
      child.removeAllListeners('exit')
      child.kill()
      resolve({ ms, ...used })
    })
  })
}

async function main(): Promise<void> {
  const rows: string[][] = []
  for (const [scenario, args] of SCENARIOS) {
    const runs: { ms: number; mb?: number; cpu?: number }[] = []
    for (let i = 0; i < RUNS; i++) runs.push(await startOnce(args))
    const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]
    const times = runs.map((r) => r.ms).sort((a, b) => a - b)
    const cpu = median(runs.flatMap((r) => (r.cpu === undefined ? [] : [r.cpu])))
    const mb = Math.max(...runs.map((r) => r.mb ?? NaN))
    rows.push([
      scenario,
      median(times)!.toFixed(0),
      times[0]!.toFixed(0),
      times.at(-1)!.toFixed(0),
      cpu === undefined ? '–' : cpu.toFixed(2),
      Number.isNaN(mb) ? '–' : mb.toFixed(0)
    ])
  }
  const header = ['scenario', 'median ms', 'min ms', 'max ms', 'median CPU s', 'peak RSS MB']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  const table = [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line)
  ].join('\n')
  console.log(table)
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
  writeFileSync(
    join(ROOT, 'bench/results/simulator-startup.md'),
    [
      '# Simulator start-up: process start to the JSON line on stdout',
      '',
      `\`node out/node/simulator.js --scenario NAME\`, ${RUNS} starts each; Node ${process.version},`,
      `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at the end.`,
      'The demo scenario replays its history at start (a day of executions, and an hour of its',
      'generator); the scale scenario generates and replays 20,000 executions (a week of ended ones,',
      "a quarter of an hour of ongoing ones). CPU time includes V8's garbage-collection threads, so",
      'it can exceed the wall time.',
      '',
      table,
      ''
    ].join('\n')
  )
  console.log('\nwritten to bench/results/simulator-startup.md')
}

void main()
