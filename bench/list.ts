// Benchmark: the execution list in Chromium on the simulator's scale scenario — first render of
// 10,000 executions, virtualized (ExecutionList) and side by side with every row in the page, and
// the work of one scroll step. The rows are the scale scenario's first space (10,000 ended
// executions), read over REST from the simulator the harness serves with `--scenario scale`.
// Medians of several runs, printed and written to bench/results/list.md.
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { OneproviderClient } from '../src/core/onedata'
import type { ExecutionDetails } from '../src/shared/execution'
import { launch, markdownTable, median, openPage, PAGES, ROOT, serve } from './browser'
import { calibrate } from './calibration'

const COUNT = 10_000
const RUNS = 7
const WARMUP = 2
const SCROLL_STEPS = 60
const TARGET = { firstRender: 100, speedup: 2, scrollFrame: 16 }

interface Timing {
  script: number
  withLayout: number
}
type Bench = {
  load(rows: unknown[], now: number): number
  firstRender(kind: 'virtual' | 'plain'): Promise<Timing>
  scrollFrames(steps: number, by: number): Promise<number[]>
  calibrate(): number
}

/** The scale scenario's first space: its 10,000 ended executions, with details. */
async function scaleRows(): Promise<{ id: string; details: ExecutionDetails }[]> {
  const sim = spawn(
    process.execPath,
    [
      join(ROOT, 'out/node/simulator.js'),
      '--scenario',
      'scale',
      '--spaces',
      '1',
      '--ongoing',
      '10',
      '--ended',
      '10',
      '--big-ended',
      String(COUNT)
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] }
  )
  try {
    const line = await new Promise<string>((resolve, reject) => {
      sim.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)))
      createInterface({ input: sim.stdout! }).once('line', resolve)
    })
    const { url, tokens } = JSON.parse(line) as { url: string; tokens: Record<string, string> }
    const client = new OneproviderClient({ url, token: Object.values(tokens)[0]!, connections: 16 })
    const [space] = await client.listSpaces()
    const ids: string[] = []
    for await (const page of client.iterateExecutionIds(space!.spaceId, 'ended')) ids.push(...page)
    const rows: { id: string; details: ExecutionDetails }[] = []
    for (let i = 0; i < ids.length; i += 64) {
      const batch = ids.slice(i, i + 64)
      const got = await Promise.all(batch.map((id) => client.getExecution(id)))
      got.forEach((details, j) => rows.push({ id: batch[j]!, details }))
    }
    await client.close()
    return rows.slice(0, COUNT)
  } finally {
    sim.kill()
  }
}

async function main(): Promise<void> {
  const rows = await scaleRows()
  if (rows.length < COUNT) throw new Error(`the scale scenario listed ${rows.length} executions`)
  const server = await serve(PAGES)
  const browser = await launch()
  try {
    const page = await openPage(browser, server.url, 'list.html', { width: 1280, height: 900 })
    await page.evaluate(([r, now]) => (window as unknown as { bench: Bench }).bench.load(r, now), [
      rows,
      Math.floor(Date.now() / 1000)
    ] as const)
    const calibration = () => calibrate(page)
    const before = await calibration()
    const load = loadavg()[0]!
    const first: Record<'virtual' | 'plain', Timing[]> = { virtual: [], plain: [] }
    for (let i = 0; i < WARMUP + RUNS; i++)
      for (const kind of ['virtual', 'plain'] as const) {
        const t = await page.evaluate(
          (k) => (window as unknown as { bench: Bench }).bench.firstRender(k),
          kind
        )
        if (i >= WARMUP) first[kind].push(t)
      }
    const frames: number[] = []
    for (let i = 0; i < 3; i++)
      frames.push(
        ...(await page.evaluate(
          ([n, by]) => (window as unknown as { bench: Bench }).bench.scrollFrames(n, by),
          [SCROLL_STEPS, 340] as const
        ))
      )
    const after = await calibration()

    const v = median(first.virtual.map((t) => t.withLayout))
    const p = median(first.plain.map((t) => t.withLayout))
    const frame = median(frames)
    const worst = Math.max(...frames)
    const rowsOut = [
      [
        'first render, virtualized',
        `${median(first.virtual.map((t) => t.script)).toFixed(1)}`,
        v.toFixed(1),
        `< ${TARGET.firstRender}`,
        v < TARGET.firstRender ? 'yes' : 'NO'
      ],
      [
        'first render, every row in the page',
        `${median(first.plain.map((t) => t.script)).toFixed(1)}`,
        p.toFixed(1),
        '—',
        '—'
      ],
      [
        'speed-up of virtualization',
        '—',
        `${(p / v).toFixed(1)}×`,
        `≥ ${TARGET.speedup}×`,
        p / v >= TARGET.speedup ? 'yes' : 'NO'
      ],
      [
        'one scroll step (340 px)',
        '—',
        `${frame.toFixed(2)} (max ${worst.toFixed(1)})`,
        `< ${TARGET.scrollFrame}`,
        frame < TARGET.scrollFrame ? 'yes' : 'NO'
      ]
    ]
    const table = markdownTable(['what', 'script ms', 'with layout ms', 'target', 'met'], rowsOut)
    console.log(table)
    console.log(
      `\ncalibration: ${before.toFixed(0)} ms before, ${after.toFixed(0)} ms after; load ${load.toFixed(1)}`
    )
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
    writeFileSync(
      join(ROOT, 'bench/results/list.md'),
      [
        '# Execution list: 10,000 executions in Chromium',
        '',
        `\`bench/list.ts\` on \`bench/pages/list.html\`, Chromium ${browser.version()} headless, ${new Date().toISOString().slice(0, 10)}.`,
        `The rows are the simulator's scale scenario (\`--scenario scale\`, as the harness serves it): the`,
        `first space's ${COUNT.toLocaleString('en-US')} ended executions, listed page by page and read over REST. First render is`,
        '`performance.now()` around `mount` and `flushSync` ("script"), and with a forced style and',
        `layout pass ("with layout"); median of ${RUNS} runs after ${WARMUP} warm-up runs, the virtualized`,
        'ExecutionList and a list with every row in the page (the same header and row component)',
        "measured alternately. A scroll step sets the grid's scrollTop 340 px further and times the",
        `scroll handler, Svelte's flush and layout; median of ${SCROLL_STEPS * 3} steps (the worst in brackets).`,
        '',
        `Machine: ${cpus().length} cores, load average ${load.toFixed(1)} when the run began (other builds share`,
        `it). Ten million additions in the page took ${before.toFixed(0)} ms before and ${after.toFixed(0)} ms after;`,
        'the figures scale with it.',
        '',
        table,
        ''
      ].join('\n')
    )
  } finally {
    await browser.close()
    await server.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
