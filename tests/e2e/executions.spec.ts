// The executions of the demo provider: lists per phase, an execution's lanes and runs, actions
// enabled exactly when the server would accept them, with the reason when not.
import { expect, test } from '@playwright/test'
import { startHarness, watchProblems, type Harness } from './harness'

let harness: Harness
test.beforeAll(async () => {
  harness = await startHarness()
})
test.afterAll(() => harness?.stop())

test('an ended execution: lanes and runs, pause refused with its reason, rerun offered', async ({
  page
}) => {
  const problems = watchProblems(page)
  await page.goto(harness.url)
  await page.getByRole('button', { name: /^Genomics:/ }).click()
  await page.getByRole('tab', { name: 'ended', exact: true }).click()
  const table = page.getByRole('grid')
  const row = table.getByRole('row').filter({ hasText: 'crashed' })
  await expect(row).toHaveCount(1, { timeout: 20_000 })
  await row.dblclick()

  await expect(page.getByRole('heading', { name: 'variant-calling' })).toBeVisible()
  const actions = page.getByRole('group', { name: 'Execution actions' })
  const pause = actions.getByRole('button', { name: 'Pause' })
  await expect(pause).toBeDisabled()
  await expect(pause).toHaveAttribute('title', 'Not possible: the execution has ended')
  await expect(pause).toHaveAccessibleDescription('Not possible: the execution has ended')
  await expect(actions.getByRole('button', { name: 'Delete' })).toBeEnabled()
  await page.getByRole('option', { name: /^Lane 1, run 1,/ }).click()
  const run = page.getByRole('region', { name: 'Run details' })
  await expect(run.getByRole('button', { name: 'Rerun all items' })).toBeDisabled()
  await expect(run.getByRole('button', { name: 'Rerun all items' })).toHaveAccessibleDescription(
    'Not possible: the execution crashed, so none of its runs can be repeated'
  )
  await page.screenshot({ path: 'test-results/execution-crashed.png', fullPage: true })
  expect(problems).toEqual([])
})

test('a running execution can be paused, then resumed', async ({ page }) => {
  await page.goto(harness.url)
  await page.getByRole('button', { name: /^Imaging lab:/ }).click()
  await page.getByRole('tab', { name: 'ongoing', exact: true }).click()
  const table = page.getByRole('grid')
  const row = table.getByRole('row').filter({ hasText: 'active' }).first()
  await expect(row).toBeVisible({ timeout: 20_000 })
  await row.dblclick()
  const actions = page.getByRole('group', { name: 'Execution actions' })
  await actions.getByRole('button', { name: 'Pause' }).click()
  await expect(page.locator('p > .status').first()).toHaveText('paused', { timeout: 20_000 })
  await expect(actions.getByRole('button', { name: 'Pause' })).toHaveAttribute(
    'title',
    'Not possible: the execution is already paused'
  )
  await actions.getByRole('button', { name: 'Resume' }).click()
  await expect(page.locator('p > .status').first()).toHaveText(/resuming|active/, {
    timeout: 20_000
  })
})

test('delete asks once more inline, and a failed execution can be rerun from its lane', async ({
  page
}) => {
  await page.goto(harness.url)
  await page.getByRole('tab', { name: 'ended', exact: true }).click()
  const failed = page.getByRole('grid').getByRole('row').filter({ hasText: 'failed' }).first()
  await expect(failed).toBeVisible({ timeout: 20_000 })
  await failed.dblclick()
  await page.getByRole('option', { name: /^Lane 1, run 1,/ }).click()
  const lane = page.getByRole('region', { name: 'Run details' })
  await expect(lane.getByRole('button', { name: 'Retry failed items' })).toBeEnabled()
  const actions = page.getByRole('group', { name: 'Execution actions' })
  await actions.getByRole('button', { name: 'Delete' }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Confirm' })
  await expect(confirm).toContainText('from the provider? Its details, stores and audit log')
  await confirm.getByRole('button', { name: 'Keep it' }).click()
  await expect(confirm).toHaveCount(0)
  await lane.getByRole('button', { name: 'Rerun all items' }).click()
  await confirm.getByRole('button').first().click()
  await expect(page.locator('p > .status').first()).toHaveText(/scheduled|active|preparing/, {
    timeout: 20_000
  })
})

test('the page sees the contract and nothing else of the app', async ({ page }) => {
  await page.goto(harness.url)
  const shape = await page.evaluate(() => ({
    keys: Object.keys(window.lanewatch).sort(),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process
  }))
  expect(shape).toEqual({
    keys: [
      'accounts',
      'app',
      'demo',
      'executions',
      'inbox',
      'monitor',
      'notifications',
      'on',
      'schedule',
      'settings',
      'snapshots',
      'spaces'
    ],
    require: 'undefined',
    process: 'undefined'
  })
  const refused = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/__harness/ws?secret=guess`)
        ws.onopen = () => resolve('open')
        ws.onclose = () => resolve('closed')
      })
  )
  expect(refused).toBe('closed')
  const bad = await page.evaluate(() =>
    window.lanewatch.executions.get({ accountId: 'demo', executionId: '' } as never)
  )
  expect(bad).toMatchObject({ ok: false, error: { id: 'ipc.badRequest' } })
})
