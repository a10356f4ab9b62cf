// An axe scan of each view the app has today, in the light and the dark theme (following the OS
// through prefers-color-scheme): no serious or critical violation. Screenshots of every view in
// both themes are kept in reports/ as artifacts.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { startHarness, watchProblems, type Harness } from './harness'

let demo: Harness
let empty: Harness
test.beforeAll(async () => {
  demo = await startHarness()
  empty = await startHarness(['--empty'])
})
test.afterAll(() => {
  demo?.stop()
  empty?.stop()
})

async function scan(page: Page, view: string, theme: string): Promise<string[]> {
  await page.screenshot({ path: `reports/screens/${view}-${theme}.png`, fullPage: true })
  const { violations } = await new AxeBuilder({ page }).analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${view} (${theme}): ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
    )
}

for (const theme of ['light', 'dark'] as const) {
  test(`every view passes axe in the ${theme} theme`, async ({ page }) => {
    const problems = watchProblems(page)
    await page.emulateMedia({ colorScheme: theme })
    const found: string[] = []

    await page.goto(empty.url)
    await expect(page.getByRole('heading', { name: 'Welcome to Lanewatch' })).toBeVisible()
    found.push(...(await scan(page, 'welcome', theme)))

    await page.goto(demo.url)
    await page.getByRole('tab', { name: 'ended', exact: true }).click()
    const table = page.getByRole('table')
    await expect(table.getByText('finished').first()).toBeVisible({ timeout: 20_000 })
    await expect(page.getByText(/Loading details/)).toHaveCount(0, { timeout: 20_000 })
    found.push(...(await scan(page, 'executions', theme)))

    await page.getByRole('button', { name: 'Add account' }).click()
    await expect(page.getByRole('form', { name: 'Add a provider account' })).toBeVisible()
    found.push(...(await scan(page, 'add-account', theme)))
    await page.getByRole('button', { name: 'Cancel' }).click()

    await table.getByRole('row').filter({ hasText: 'failed' }).first().getByRole('button').click()
    await expect(page.getByRole('group', { name: 'Execution actions' })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Lane 1' })).toBeVisible()
    found.push(...(await scan(page, 'execution', theme)))

    expect(found).toEqual([])
    expect(problems).toEqual([])
  })
}
