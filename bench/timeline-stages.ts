// Where the timeline's first render goes before Svelte: the pure stages (audit-log parsing,
// run listing, log resolution, time reconstruction, lineage, geometry and accessible names of
// the lanes in view, and geometry for every lane for comparison), each timed on its own in the
// page (`window.bench.stages`), medians and minimums of several runs.
import type { Page } from 'playwright-core'
import { markdownTable, median } from './browser'

type Stages = Record<string, number>

const LABELS: Record<string, string> = {
  parse: 'audit log parsed (all entries)',
  runs: 'runs listed (all)',
  resolve: 'log entries matched to runs',
  times: 'times reconstructed (all runs)',
  lineage: 'lineage (all runs)',
  geometryInView: 'scale, axis, bars and links of the lanes in view',
  namesInView: 'accessible names of the bars in view',
  geometryAllLanes: 'geometry and names of every lane (not done on first render)'
}

export async function stageTable(
  page: Page,
  cases: readonly { lanes: number; runs: number }[],
  runs: number,
  warmup: number
): Promise<string> {
  const header = ['stage']
  const columns: Stages[][] = []
  for (const c of cases) {
    header.push(`${c.lanes} × ${c.runs} median ms`, `${c.lanes} × ${c.runs} min ms`)
    const samples: Stages[] = []
    for (let i = 0; i < warmup + runs; i++) {
      const s = await page.evaluate(
        ([l, r]) =>
          (window as unknown as { bench: { stages(l: number, r: number): Stages } }).bench.stages(
            l,
            r
          ),
        [c.lanes, c.runs] as const
      )
      if (i >= warmup) samples.push(s)
    }
    columns.push(samples)
  }
  const rows = Object.entries(LABELS).map(([key, label]) => [
    label,
    ...columns.flatMap((samples) => {
      const values = samples.map((s) => s[key]!)
      return [median(values).toFixed(1), Math.min(...values).toFixed(1)]
    })
  ])
  return markdownTable(header, rows)
}
