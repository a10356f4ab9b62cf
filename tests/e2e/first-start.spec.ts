// A first start with no account: the welcome screen, the demo provider, and adding an account
// with a token the provider rejects.
import { expect, test } from '@playwright/test'
import { startHarness, watchProblems, type Harness } from './harness'

let harness: Harness
test.beforeAll(async () => {
  harness = await startHarness(['--empty'])
})
test.afterAll(() => harness?.stop())

test('offers the demo provider and shows live executions after one click', async ({ page }) => {
  const problems = watchProblems(page)
  await page.goto(harness.url)
  await expect(page.getByRole('heading', { name: 'Welcome to Lanewatch' })).toBeVisible()
  await page.getByRole('button', { name: 'Try the demo provider' }).click()
  await expect(page.getByRole('heading', { name: 'Demo provider (demo)' })).toBeVisible()
  const table = page.getByRole('grid')
  await expect(table).toBeVisible({ timeout: 20_000 })
  await page.getByRole('tab', { name: 'ended', exact: true }).click()
  await expect(table.getByText('finished').first()).toBeVisible({ timeout: 20_000 })
  await expect(table.getByText('checksum-and-publish').first()).toBeVisible()
  await page.screenshot({ path: 'test-results/first-start-demo.png', fullPage: true })
  expect(problems).toEqual([])
})

test('adding an account with a rejected token says why, and keeps the form', async ({ page }) => {
  await page.goto(harness.url)
  // The demo provider is a real provider to try a wrong token on.
  const demo = await page.evaluate(() => window.lanewatch.demo.start({}))
  const demoUrl = demo.ok ? demo.value.providerUrl : undefined
  expect(demoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  await page.reload()
  await page.getByRole('button', { name: 'Add account' }).click()
  const form = page.getByRole('form', { name: 'Add a provider account' })
  await form.getByLabel('Name').fill('Wrong token')
  await form.getByLabel('Oneprovider URL').fill(demoUrl ?? 'http://127.0.0.1:1')
  await form.getByLabel('Access token').fill('definitely-not-a-token')
  await form.getByRole('button', { name: 'Add account' }).click()
  await expect(form.getByRole('alert')).toHaveText(
    'The provider rejected the token: Provided token is not valid. (tokenInvalid)'
  )
  await expect(form.getByLabel('Name')).toHaveValue('Wrong token')
})

test('a damaged settings file is reported once, and the app starts without accounts', async ({
  page
}) => {
  const { mkdtempSync, writeFileSync, existsSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-corrupt-'))
  writeFileSync(join(dataDir, 'settings.json'), '{ not json')
  const damaged = await startHarness(['--empty', '--data-dir', dataDir])
  try {
    await page.goto(damaged.url)
    const notice = page.getByRole('alert').filter({ hasText: 'settings file' })
    await expect(notice).toContainText(
      `The settings file ${join(dataDir, 'settings.json')} was damaged (it is not valid JSON); it was moved to ${join(dataDir, 'settings.json.corrupt')}`
    )
    await expect(page.getByRole('button', { name: 'Try the demo provider' })).toBeVisible()
    expect(existsSync(join(dataDir, 'settings.json.corrupt'))).toBe(true)
    await notice.getByRole('button', { name: 'Dismiss' }).click()
    await expect(notice).toHaveCount(0)
  } finally {
    damaged.stop()
  }
})
