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
  const account = page.getByRole('combobox', { name: 'Account' })
  await expect(account).toHaveValue('demo')
  await expect(account.getByRole('option')).toHaveCount(2)
  await expect(account).toContainText('Demo provider 2 (demo)')
  const space = page.getByRole('combobox', { name: 'Space' })
  await expect(space).toContainText('Data ingest')
  await account.selectOption({ label: 'Demo provider 2 (demo)' })
  await expect(space).toContainText('Climate models')
  await expect(space).not.toContainText('Imaging lab')
  await expect(page.getByRole('table').getByRole('row').nth(1)).toBeVisible({ timeout: 20_000 })
  await page.screenshot({ path: 'test-results/two-demo-providers.png', fullPage: true })
  expect(problems).toEqual([])
})
