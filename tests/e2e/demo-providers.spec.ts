// The welcome screen's second demo: two demo providers started with one click, each an account
// with its own spaces, switched between like any other accounts.
import { expect, test } from '@playwright/test'
import { startHarness, watchProblems, type Harness } from './harness'

let harness: Harness
test.beforeAll(async () => {
  harness = await startHarness(['--empty'])
})
test.afterAll(() => harness?.stop())

test('starts two demo providers and switches between their accounts', async ({ page }) => {
  const problems = watchProblems(page)
  await page.goto(harness.url)
  await page.getByRole('button', { name: 'Try two demo providers' }).click()
  const sidebar = page.getByRole('navigation', { name: 'Accounts and spaces' })
  await expect(sidebar.getByRole('heading')).toHaveText([
    'Demo provider 2 (demo)',
    'Demo provider (demo)'
  ])
  const first = sidebar.getByRole('list', { name: 'Spaces of Demo provider' })
  const second = sidebar.getByRole('list', { name: 'Spaces of Demo provider 2' })
  await expect(first.getByRole('button', { name: /^Data ingest:/ })).toBeVisible()
  await expect(second.getByRole('button', { name: /^Imaging lab/ })).toHaveCount(0)
  await second.getByRole('button', { name: /^Climate models:/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Climate models')
  await expect(page.getByRole('grid').getByRole('row').nth(1)).toBeVisible({ timeout: 20_000 })
  await page.screenshot({ path: 'test-results/two-demo-providers.png', fullPage: true })
  expect(problems).toEqual([])
})
