// The local history outliving the server, in Chromium through the harness: with automatic saving
// turned on in the settings, an execution ends on the demo provider's frozen clock and is saved;
// the clock then moves past the provider's retention, which deletes it; the space's ended list
// still shows it, marked "saved", and it opens from there offline with its timeline, read-only,
// as a saved copy. Screenshots of the list and the offline view, light and dark, go to reports/.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import {
  EXECUTION,
  EXECUTION_ID,
  RETENTION_SECONDS,
  writeScenario
} from './fixtures/retention-scenario'
import { startHarness, watchProblems, type Harness } from './harness'

let harness: Harness | undefined
test.afterAll(() => harness?.stop())

async function advance(page: Page, ms: number) {
  const r = await page.request.post(`${harness!.control}clock/advance`, { data: { ms } })
  expect(r.ok()).toBe(true)
}

async function shoot(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: `reports/snapshots-${name}-${scheme}.png`, fullPage: true })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

/** The execution's status as the simulator has it, or "gone". */
async function simulated(page: Page): Promise<string> {
  const r = await page.request.get(`${harness!.control}executions/${EXECUTION_ID}`)
  if (r.status() === 404) return 'gone'
  return ((await r.json()) as { status: string }).status
}

test('an execution the provider deleted stays reviewable from the local history', async ({
  page
}) => {
  test.setTimeout(300_000)
  const problems = watchProblems(page)
  const dir = mkdtempSync(join(tmpdir(), 'lanewatch-e2e-retention-'))
  const dataDir = join(dir, 'data')
  // The newest page of the ended list is read every 5 s (the fastest the settings allow) rather
  // than every 30 s, so the test waits seconds, not minutes, for the list to change.
  mkdirSync(dataDir)
  writeFileSync(
    join(dataDir, 'preferences.json'),
    JSON.stringify({ version: 1, cadence: { slowListMs: 5000 } })
  )
  harness = await startHarness([
    '--data-dir',
    dataDir,
    '--control',
    '--virtual-clock',
    '--scenario',
    writeScenario(dir)
  ])
  await page.goto(harness.url)

  // Automatic saving is off by default: the user turns it on.
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('checkbox', { name: /Save a snapshot of each execution/ }).check()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  await page.getByRole('button', { name: '← Back' }).click()

  // The execution is scheduled, runs and finishes on the provider's clock.
  await page
    .getByRole('navigation', { name: 'Accounts and spaces' })
    .getByRole('button', { name: /^Lab\b/ })
    .click()
  await page.getByRole('tab', { name: 'ended', exact: true }).click()
  const row = page
    .getByRole('grid')
    .getByRole('row')
    .filter({ has: page.locator('.name .text').getByText(EXECUTION, { exact: true }) })
  await expect(async () => {
    await advance(page, 2000)
    expect(await simulated(page)).toBe('finished')
  }).toPass({ timeout: 60_000 })
  // The monitor notices on its own cadence, in real time.
  await expect(row).toContainText('finished', { timeout: 60_000 })
  await expect(row.getByText('saved', { exact: true })).toHaveCount(0)

  // Saved into the history by itself.
  await page.getByRole('button', { name: 'Snapshots', exact: true }).click()
  const table = page.getByRole('table', { name: 'Saved snapshots' })
  await expect(table.getByRole('row').filter({ hasText: EXECUTION })).toHaveCount(1, {
    timeout: 20_000
  })
  await page.getByRole('button', { name: 'Snapshots', exact: true }).click()

  // The provider's retention deletes it: the list keeps it, from the history, marked "saved".
  await advance(page, (RETENTION_SECONDS + 120) * 1000)
  expect(await simulated(page)).toBe('gone')
  await page
    .getByRole('navigation', { name: 'Accounts and spaces' })
    .getByRole('button', { name: /^Lab\b/ })
    .click()
  await page.getByRole('tab', { name: 'ended', exact: true }).click()
  const marker = row.getByText('saved', { exact: true })
  await expect(marker).toBeVisible({ timeout: 60_000 })
  await expect(marker).toHaveAttribute('title', /^Gone from the server; saved /)
  await expect(row).toContainText('finished')
  await shoot(page, 'retention-list')

  // It opens from the list, offline: its timeline, read-only, said to be a saved copy.
  await row.dblclick()
  await expect(page.getByText(/Offline snapshot, saved/)).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: EXECUTION })).toBeVisible()
  const timeline = page.getByRole('listbox', { name: 'Timeline of lane runs' })
  await expect(
    timeline.getByRole('option', { name: /^Lane 1, run 1, regular, finished/ })
  ).toBeVisible()
  const actions = page.getByRole('group', { name: 'Execution actions' })
  for (const name of ['Pause', 'Resume', 'Cancel', 'Delete'])
    await expect(actions.getByRole('button', { name })).toBeDisabled()
  await expect(actions.getByRole('button', { name: 'Pause' })).toHaveAttribute(
    'title',
    'Not possible: offline snapshot'
  )
  await shoot(page, 'retention-offline')

  // Back where it was opened from: the list, the saved row still there.
  await page.getByRole('button', { name: '← All executions' }).click()
  await expect(row.getByText('saved', { exact: true })).toBeVisible()
  expect(problems).toEqual([])
})
