// The machine's speed as a benchmark page measures it, before and after the timed runs: on a
// shared machine a table is only read together with how busy the machine was meanwhile.
import type { Page } from 'playwright-core'
import { median } from './browser'

/** The median of five runs of the page's fixed calibration work (`window.bench.calibrate`). */
export async function calibrate(page: Page): Promise<number> {
  const runs: number[] = []
  for (let i = 0; i < 5; i++)
    runs.push(
      await page.evaluate(() =>
        (window as unknown as { bench: { calibrate(): number } }).bench.calibrate()
      )
    )
  return median(runs)
}
