// Benchmark: the lane-run timeline in Chromium — first render for 50 lanes × 20 runs and
// 100 lanes × 50 runs, and the update after one run's status changes (a new details object, as
// the monitor delivers it). Medians of several runs, printed and written to
// bench/results/timeline.md. `--screens` saves the gallery page in light and dark to reports/.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { launch, markdownTable, median, openPage, PAGES, ROOT, serve } from './browser'
import { calibrate } from './calibration'
import { stageTable } from './timeline-stages'

const RUNS = 9
const WARMUP = 2
const CASES = [
  { lanes: 50, runs: 20, target: { firstRender: 50, statusUpdate: 5 } },
  { lanes: 100, runs: 50, target: { firstRender: 200, statusUpdate: 5 } }
]

interface Timing {
  script: number
  withLayout: number
}
type Bench = {
  firstRender(l: number, r: number): Promise<Timing>
  statusUpdate(l: number, r: number): Promise<Timing>
  calibrate(): number
}

async function screens(base: string): Promise<void> {
  const browser = await launch()
  try {
    mkdirSync(join(ROOT, 'reports'), { recursive: true })
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await openPage(browser, base, 'timeline.html?gallery', { colorScheme })
      // Open the retry confirmation of the selected run, as a user about to retry would see it.
      await page.getByRole('button', { name: 'Retry failed items' }).click()
      const file = join(ROOT, `reports/timeline-gallery-${colorScheme}.png`)
      await page.screenshot({ path: file, fullPage: true })
      console.log(`saved ${file}`)
    }
  } finally {
    await browser.close()
  }
}

type Kind = 'firstRender' | 'statusUpdate'

/** One timing of a case on a page. */
function timeOnce(page: Page, kind: Kind, lanes: number, runs: number): Promise<Timing> {
  return page.evaluate(([k, l, r]) => (window as unknown as { bench: Bench }).bench[k](l, r), [
    kind,
    lanes,
    runs
  ] as const)
}

/**
 * Times every case on this build's page and, with `against`, on a page built from the previous
 * approach too, run by run in turn, so both see the same load on a shared machine.
 */
async function measure(base: string, against?: { url: string; label: string }): Promise<void> {
  const browser = await launch()
  const rows: string[][] = []
  try {
    const page = await openPage(browser, base, 'timeline.html')
    const old = against ? await openPage(browser, against.url, 'timeline.html') : undefined
    const calibration = () => calibrate(page)
    const before = await calibration()
    const load = loadavg()[0]!
    for (const c of CASES) {
      for (const kind of ['firstRender', 'statusUpdate'] as const) {
        const now: Timing[] = []
        const then: Timing[] = []
        for (let i = 0; i < WARMUP + RUNS; i++) {
          const t = await timeOnce(page, kind, c.lanes, c.runs)
          const p = old ? await timeOnce(old, kind, c.lanes, c.runs) : undefined
          if (i < WARMUP) continue
          now.push(t)
          if (p) then.push(p)
        }
        const script = median(now.map((t) => t.script))
        const target = c.target[kind]
        const previous = then.length
          ? [
              median(then.map((t) => t.script)).toFixed(1),
              Math.min(...then.map((t) => t.script)).toFixed(1)
            ]
          : []
        rows.push([
          `${c.lanes} lanes × ${c.runs} runs`,
          kind === 'firstRender' ? 'first render' : 'one status changes',
          ...previous,
          script.toFixed(1),
          Math.min(...now.map((t) => t.script)).toFixed(1),
          median(now.map((t) => t.withLayout)).toFixed(1),
          `< ${target}`,
          script < target ? 'yes' : 'NO'
        ])
      }
    }
    const stages = await stageTable(page, CASES, RUNS, WARMUP)
    console.log(`\n${stages}`)
    const after = await calibration()
    const version = browser.version()
    const table = markdownTable(
      [
        'execution',
        'what',
        ...(against ? ['previous median ms', 'previous min ms'] : []),
        'median ms',
        'min ms',
        'with layout ms',
        'target ms',
        'met'
      ],
      rows
    )
    console.log(table)
    console.log(
      `\ncalibration: ${before.toFixed(0)} ms before, ${after.toFixed(0)} ms after; load ${load.toFixed(1)}`
    )
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
    writeFileSync(
      join(ROOT, 'bench/results/timeline.md'),
      [
        '# Lane-run timeline: first render and update in Chromium',
        '',
        `The Timeline component on the bench page (\`bench/pages/timeline.html\`), Chromium ${version}`,
        `headless, ${new Date().toISOString().slice(0, 10)}; median of ${RUNS} runs after ${WARMUP} warm-up runs.`,
        'Synthetic active executions whose run times come from two audit-log entries per run',
        '(2,000 and 10,000 entries). "median ms" is `performance.now()` around `mount` (or the',
        'prop change) and `flushSync`, from the audit log to SVG in the DOM: parsing, time',
        'reconstruction, lineage, geometry and Svelte. "with layout ms" adds a forced style and',
        "layout pass. The update gets a whole new details object with one run's status changed",
        'and a new copy of the same audit log, as a push of the monitor delivers them through IPC.',
        '"min ms" is the fastest run, the one least disturbed by other',
        'work on the machine. The page is 1280 × 900: the timeline shows about 20 lanes and lays',
        'out and draws the runs of the lanes in view (and two more on each side); the others are',
        'laid out and put into the DOM when scrolled to.',
        ...(against
          ? [
              '',
              `"previous" columns: the same cases on the bench page built from ${against.label},`,
              'opened in the same browser and timed run by run in turn with this build, so both saw',
              'the same load (`node out/node/bench-timeline.js --against DIR --against-label TEXT`).',
              "(A page built before the log's copy was added to the update passes the same log object.)"
            ]
          : []),
        '',
        `Machine: ${cpus().length} cores, load average ${load.toFixed(1)} when the run began (other`,
        `builds share it). Ten million additions in the page took ${before.toFixed(0)} ms before and`,
        `${after.toFixed(0)} ms after the run (13–15 ms in the quietest moments seen on this machine);`,
        'the figures scale with it.',
        '',
        table,
        '',
        '## Where the first render goes before Svelte',
        '',
        'The pure stages, each timed on its own in the same page (`window.bench.stages`), in the',
        'order the timeline runs them; the rest of the first render is Svelte creating the',
        'elements of the lanes in view, and the forced layout that measures the canvas.',
        '',
        stages,
        ''
      ].join('\n')
    )
    console.log('\nwritten to bench/results/timeline.md')
  } finally {
    await browser.close()
  }
}

/** `--against DIR`: bench pages built from the previous approach, timed side by side. */
function option(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const server = await serve(PAGES)
  const dir = option('--against')
  const previous = dir ? await serve(resolve(dir)) : undefined
  try {
    if (process.argv.includes('--screens')) await screens(server.url)
    else
      await measure(
        server.url,
        previous
          ? { url: previous.url, label: option('--against-label') ?? `the pages in ${dir}` }
          : undefined
      )
  } finally {
    await server.close()
    await previous?.close()
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
})
