// The execution view in Chromium through the harness, against the demo provider with a frozen
// clock that the tests move (the simulator's control API): a lane run finishing and its
// automatic retry with the lineage link, pause and resume, cancel behind its confirmation,
// retry and rerun with the preview, a reason shown as text, an action by keyboard alone, and a
// rerun days after the first run. Screenshots in both themes; axe finds nothing serious.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EXECUTIONS, writeScenario } from './fixtures/execution-view-scenario'
import { startHarness, watchProblems, type Harness } from './harness'

let harness: Harness
test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanewatch-e2e-'))
  harness = await startHarness(['--control', '--virtual-clock', '--scenario', writeScenario(dir)])
})
test.afterAll(() => harness?.stop())

/** Moves the demo provider's clock on, running what falls due. */
async function advance(page: Page, ms: number) {
  const r = await page.request.post(`${harness.control}clock/advance`, { data: { ms } })
  expect(r.ok()).toBe(true)
}

async function open(page: Page, name: string, space = 'Lab', phase = 'ongoing') {
  await page.goto(harness.url)
  await page
    .getByRole('navigation', { name: 'Accounts and spaces' })
    .getByRole('button', { name: new RegExp(`^${space}\\b`) })
    .click()
  await page.getByRole('tab', { name: phase, exact: true }).click()
  const named = page.locator('.name .text').getByText(name, { exact: true })
  await page.getByRole('grid').getByRole('row').filter({ has: named }).first().dblclick()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
}

const timeline = (page: Page) => page.getByRole('listbox', { name: 'Timeline of lane runs' })
const run = (page: Page, name: RegExp) => timeline(page).getByRole('option', { name })
const actions = (page: Page) => page.getByRole('group', { name: 'Execution actions' })
const status = (page: Page) => page.locator('.status-line .status')

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).analyze()
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(
    serious.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  ).toEqual([])
}

async function screens(page: Page, name: string) {
  mkdirSync('reports/screens', { recursive: true })
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: `reports/screens/${name}-${scheme}.png`, fullPage: true })
    await axe(page, `${name} (${scheme})`)
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

test('a lane run finishes and its automatic retry appears, linked to the run it retries', async ({
  page
}) => {
  test.setTimeout(120_000)
  const problems = watchProblems(page)
  await advance(page, 6000)
  await open(page, EXECUTIONS.retrying)
  await screens(page, 'execution-view-starting')
  // Gather (lane 1) finishes; Checksum's item 1 fails once, so lane 2 fails and is retried.
  for (let i = 0; i < 12; i++) await advance(page, 2000)
  await expect(run(page, /^Lane 1, run 1, regular, finished/)).toBeVisible({ timeout: 20_000 })
  const retry = run(page, /^Lane 2, run 2, retry of run 1,/)
  await expect(retry).toBeVisible({ timeout: 20_000 })
  await expect(run(page, /^Lane 2, run 1, regular, failed/)).toBeVisible()
  await expect(timeline(page).locator('.link-retry')).toHaveCount(1)
  await retry.click()
  await expect(page.getByRole('region', { name: 'Run details' })).toContainText('Lane 2, run 2')
  await expect(page.getByRole('region', { name: 'Run details' })).toContainText('retry, of run 1')
  await expect(page.getByRole('region', { name: 'Workflow audit log' })).toContainText(
    'Scheduled automatic retry.'
  )
  await screens(page, 'execution-view-retried')
  expect(problems).toEqual([])
})

test('pause, then resume', async ({ page }) => {
  test.setTimeout(90_000)
  const problems = watchProblems(page)
  await open(page, EXECUTIONS.pausable)
  await expect(status(page)).toHaveText('active')
  await expect(page.getByRole('region', { name: 'Execution summary' })).toContainText(
    'Scheduled by Alice Doe'
  )
  await actions(page).getByRole('button', { name: 'Pause' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Pause requested' })).toBeVisible()
  await expect(async () => {
    await advance(page, 2000)
    await expect(status(page)).toHaveText('paused', { timeout: 3000 })
  }).toPass({ timeout: 30_000 })
  await expect(actions(page).getByRole('button', { name: 'Pause' })).toBeDisabled()
  await expect(page.getByText('Not possible: the execution is already paused')).toBeVisible()
  await screens(page, 'execution-view-paused')
  await actions(page).getByRole('button', { name: 'Resume' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Resume requested' })).toBeVisible()
  await expect(async () => {
    await advance(page, 1000)
    await expect(status(page)).toHaveText('active', { timeout: 3000 })
  }).toPass({ timeout: 30_000 })
  expect(problems).toEqual([])
})

test('cancel asks first, and a double-click does not skip the question', async ({ page }) => {
  test.setTimeout(90_000)
  const problems = watchProblems(page)
  await open(page, EXECUTIONS.cancellable)
  const cancel = actions(page).getByRole('button', { name: 'Cancel' })
  await cancel.dblclick()
  const confirm = page.getByRole('alertdialog', { name: 'Confirm' })
  await expect(confirm).toBeVisible()
  await expect(confirm).toContainText(/cancel/i)
  // Nothing was sent: the execution keeps running however long we wait.
  await advance(page, 5000)
  await expect(status(page)).toHaveText('active')
  await expect(page.getByText('Cancel requested')).toHaveCount(0)
  await screens(page, 'execution-view-confirm-cancel')
  // The second click of the double-click left the question focused, so Esc reaches it.
  await expect(confirm.getByRole('button').first()).toBeFocused()
  // Esc backs out and focus returns to the button.
  await page.keyboard.press('Escape')
  await expect(confirm).toHaveCount(0)
  await expect(cancel).toBeFocused()
  await cancel.click()
  await confirm.getByRole('button').first().click()
  await expect(page.getByRole('status').filter({ hasText: 'Cancel requested' })).toBeVisible()
  await expect(async () => {
    await advance(page, 2000)
    await expect(status(page)).toHaveText('cancelled', { timeout: 3000 })
  }).toPass({ timeout: 30_000 })
  expect(problems).toEqual([])
})

test('retry a failed lane run: the preview says what happens, and the new run is selected', async ({
  page
}) => {
  test.setTimeout(90_000)
  const problems = watchProblems(page)
  await open(page, EXECUTIONS.failing, 'Lab', 'ended')
  await run(page, /^Lane 1, run 1, regular, failed/).click()
  await page.getByRole('button', { name: 'Retry failed items' }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Confirm' })
  await expect(confirm).toContainText(
    "Retry the failed items of lane 1 (Import), run 1. They come from run 1's exception store; the new run will be run 2."
  )
  await screens(page, 'execution-view-confirm-retry')
  await confirm.getByRole('button').first().click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Retry of lane 1, run 1 scheduled' })
  ).toBeVisible()
  const retry = run(page, /^Lane 1, run 2, retry of run 1,/)
  await expect(retry).toBeVisible({ timeout: 20_000 })
  // The user was on the lane's newest run: the selection follows to the new one.
  await expect(retry).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('region', { name: 'Run details' })).toContainText('Lane 1, run 2')
  expect(problems).toEqual([])
})

test('rerun by keyboard alone, with the preview', async ({ page }) => {
  test.setTimeout(90_000)
  const problems = watchProblems(page)
  await open(page, EXECUTIONS.failing2, 'Lab', 'ended')
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement
      return el
        ? `${el.getAttribute('role') ?? el.tagName}: ${el.getAttribute('aria-label') ?? el.textContent?.trim()}`
        : ''
    })
  // Tab to the timeline's run, pick it with Enter.
  for (let i = 0; i < 40 && !(await focused()).startsWith('option: Lane 1, run 1'); i++)
    await page.keyboard.press('Tab')
  expect(await focused()).toMatch(/^option: Lane 1, run 1, regular, failed/)
  await page.keyboard.press('Enter')
  await expect(run(page, /^Lane 1, run 1,/)).toHaveAttribute('aria-selected', 'true')
  for (let i = 0; i < 60 && (await focused()) !== 'BUTTON: Rerun all items'; i++)
    await page.keyboard.press('Tab')
  expect(await focused()).toBe('BUTTON: Rerun all items')
  await page.keyboard.press('Enter')
  const confirm = page.getByRole('alertdialog', { name: 'Confirm' })
  await expect(confirm).toContainText(
    /^Rerun all items of lane 1 \(Export\), run 1\. They come from run 1's iterated store, the same items it processed; the new run will be run 2\./
  )
  await page.keyboard.press('Enter')
  await expect(
    page.getByRole('status').filter({ hasText: 'Rerun of lane 1, run 1 scheduled' })
  ).toBeVisible()
  await expect(run(page, /^Lane 1, run 2, rerun of run 1,/)).toBeVisible({ timeout: 20_000 })
  expect(await page.evaluate(() => document.activeElement !== document.body)).toBe(true)
  expect(problems).toEqual([])
})

test('an action the account may not take is disabled with the reason as text', async ({ page }) => {
  const problems = watchProblems(page)
  await open(page, EXECUTIONS.colleague, 'Shared')
  await expect(page.getByRole('region', { name: 'Execution summary' })).toContainText(
    /Scheduled by user \S+ \(no name from Onezone\)/
  )
  const pause = actions(page).getByRole('button', { name: 'Pause' })
  await expect(pause).toBeDisabled({ timeout: 20_000 })
  const reason =
    'Not possible: this execution was scheduled by someone else, and your account lacks the space_manage_atm_workflow_executions privilege in this space'
  // Visible next to the buttons, and each button is described by it.
  await expect(page.getByText(reason)).toHaveCount(2)
  await expect(page.getByText(reason).first()).toBeVisible()
  await expect(pause).toHaveAccessibleDescription(reason)
  await expect(actions(page).getByRole('button', { name: 'Cancel' })).toHaveAccessibleDescription(
    reason
  )
  await screens(page, 'execution-view-no-privilege')
  expect(problems).toEqual([])
})

test('a rerun days after the first run: the idle days are compressed and marked', async ({
  page
}) => {
  const problems = watchProblems(page)
  await open(page, EXECUTIONS.rerunLater, 'Lab', 'ended')
  const rerun = run(page, /^Lane 1, run 2, rerun of run 1, finished/)
  await expect(rerun).toBeVisible()
  await expect(timeline(page)).toContainText(/≈ 3 d/)
  await expect(page.getByText('Idle stretches are compressed (≈).')).toBeVisible()
  // Both rounds stay wide enough to see and click.
  for (const bar of [run(page, /^Lane 1, run 1,/), rerun]) {
    const box = await bar.boundingBox()
    expect(box!.width).toBeGreaterThan(20)
  }
  await screens(page, 'execution-view-rerun-days-later')
  await page.getByRole('checkbox', { name: 'True time scale' }).check()
  await expect(page.getByText('Idle stretches are compressed (≈).')).toHaveCount(0)
  expect(problems).toEqual([])
})
