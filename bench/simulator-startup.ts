// Benchmark: how long `npm run simulator` (the built simulator) takes from process start to its
// JSON line on stdout, for the demo scenario (which replays a day of history at start).
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const ROOT = join(__dirname, '../..')
const RUNS = 10

function startOnce(scenario: string): Promise<number> {
  const started = process.hrtime.bigint()
  const child = spawn(
    process.execPath,
    [join(ROOT, 'out/node/simulator.js'), '--scenario', scenario],
    {
      stdio: ['ignore', 'pipe', 'ignore']
    }
  )
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)))
    createInterface({ input: child.stdout }).once('line', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      child.removeAllListeners('exit')
      child.kill()
      resolve(ms)
    })
  })
}

async function main(): Promise<void> {
  const rows: string[][] = []
  for (const scenario of ['demo', 'conformance']) {
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) times.push(await startOnce(scenario))
    times.sort((a, b) => a - b)
    const median = times[Math.floor(times.length / 2)]!
    rows.push([scenario, median.toFixed(0), times[0]!.toFixed(0), times.at(-1)!.toFixed(0)])
  }
  const header = ['scenario', 'median ms', 'min ms', 'max ms']
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
      `${new Date().toISOString().slice(0, 10)}. The demo scenario replays its history (a day of executions) at start.`,
      '',
      table,
      ''
    ].join('\n')
  )
  console.log('\nwritten to bench/results/simulator-startup.md')
}

void main()
