// Snapshots end to end, through the harness in Chromium: save from the execution view (into the
// history and to a chosen file), save again after the execution changed, stop the provider, then
// — with no account at all — open a snapshot offline (marked, every action disabled with the
// reason) and compare it with the later one. Screenshots of the library, the offline view and the
// comparison, light and dark, go to reports/.
import { mkdtempSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startHarness, watchProblems, type Harness } from './harness'

const dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-e2e-snapshots-'))
const chosen = join(mkdtempSync(join(tmpdir(), 'lanewatch-e2e-chosen-')), 'shared.lanewatch')
let harness: Harness | undefined
test.afterAll(() => harness?.stop())

async function shoot(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: `reports/snapshots-${name}-${scheme}.png`, fullPage: true })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

test('save, stop the provider, open offline with no account, compare with a later snapshot', async ({
  page
}) => {
  test.setTimeout(120_000)
  const problems = watchProblems(page)
  harness = await startHarness(['--data-dir', dataDir, '--snapshot-file', chosen])
  await page.goto(harness.url)
  const row = page.getByRole('grid').getByRole('row').filter({ hasText: 'active' }).first()
  await expect(row).toBeVisible({ timeout: 30_000 })
  await row.dblclick()
  const actions = page.getByRole('group', { name: 'Execution actions' })
  await expect(actions.getByRole('button', { name: 'Pause' })).toBeEnabled({ timeout: 20_000 })

  // Saved while it runs: into the history, and a copy to the file the dialog gives.
  await page.getByRole('button', { name: 'Save snapshot as…' }).click()
  await expect(
    page.getByText('Saved to shared.lanewatch and to the snapshot history.')
  ).toBeVisible()
  expect(existsSync(chosen)).toBe(true)

  // The execution changes; a later snapshot holds the change.
  await actions.getByRole('button', { name: 'Pause' }).click()
  await expect(actions.getByRole('button', { name: 'Resume' })).toBeEnabled({ timeout: 30_000 })
  await page.getByRole('button', { name: 'Save snapshot', exact: true }).click()
  await expect(page.getByText('Saved to the snapshot history.')).toBeVisible()

  // The live comparison from the execution view: the last snapshot against now.
  await page.getByRole('button', { name: 'Compare with the last snapshot' }).click()
  await expect(page.getByText(/Nothing changed between the two|→/).first()).toBeVisible()

  // The provider stops: the harness and its simulator go away.
  harness.stop()
  harness = undefined
  await expect(page.getByRole('button', { name: 'Save snapshot', exact: true })).toBeVisible()

  // A new start with no account and nothing to reach: the history is still there.
  harness = await startHarness(['--data-dir', dataDir, '--empty'])
  await page.goto(harness.url)
  await page.getByRole('button', { name: 'Review saved snapshots' }).click()
  const table = page.getByRole('table', { name: 'Saved snapshots' })
  // A header row and the two snapshots.
  await expect(table.getByRole('row')).toHaveCount(3)
  await shoot(page, 'library')

  // The oldest opens offline: marked, read-only, every action disabled with the reason.
  await table
    .getByRole('row')
    .last()
    .getByRole('button', { name: /^Open / })
    .click()
  await expect(page.getByText(/Offline snapshot, saved/)).toBeVisible()
  const offlineActions = page.getByRole('group', { name: 'Execution actions' })
  for (const name of ['Pause', 'Resume', 'Cancel', 'Delete'])
    await expect(offlineActions.getByRole('button', { name })).toBeDisabled()
  await expect(offlineActions.getByRole('button', { name: 'Pause' })).toHaveAttribute(
    'title',
    'Not possible: offline snapshot'
  )
  await expect(page.getByRole('listbox', { name: 'Timeline of lane runs' })).toBeVisible()
  await shoot(page, 'offline')

  // Compared with the later one: the status change, readable at a glance.
  await page.getByRole('button', { name: '← Snapshots' }).click()
  const boxes = table.getByRole('checkbox')
  await boxes.nth(0).check()
  await boxes.nth(1).check()
  await page.getByRole('button', { name: 'Compare the two picked' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: /active → (stopping|paused)/ })
  ).toBeVisible()
  await expect(page.getByRole('region', { name: 'Execution status' })).toBeVisible()
  await shoot(page, 'compare')
  expect(problems).toEqual([])
})
