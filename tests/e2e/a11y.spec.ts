// An axe scan of each view the app has today, and of the components it does not show yet (the
// gallery), in the light and the dark theme (following the OS through prefers-color-scheme): no
// serious or critical violation. Screenshots of every view in both themes go to reports/screens.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { serveGallery } from './gallery'
import { startHarness, watchProblems, type Harness } from './harness'

let demo: Harness
let empty: Harness
let gallery: { url: string; stop(): void }
test.beforeAll(async () => {
  demo = await startHarness()
  empty = await startHarness(['--empty'])
  gallery = await serveGallery()
})
test.afterAll(() => {
  demo?.stop()
  empty?.stop()
  gallery?.stop()
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
    // Many views, each scanned in full: slow on a loaded machine.
    test.setTimeout(180_000)
    const problems = watchProblems(page)
    await page.emulateMedia({ colorScheme: theme })
    const found: string[] = []

    await page.goto(empty.url)
    await expect(page.getByRole('heading', { name: 'Welcome to Lanewatch' })).toBeVisible()
    found.push(...(await scan(page, 'welcome', theme)))

    await page.goto(demo.url)
    await page.getByRole('tab', { name: 'ended', exact: true }).click()
    const table = page.getByRole('grid')
    await expect(table.getByText('finished').first()).toBeVisible({ timeout: 20_000 })
    await expect(page.getByText(/Loading details/)).toHaveCount(0, { timeout: 20_000 })
    found.push(...(await scan(page, 'executions', theme)))

    await page.getByRole('button', { name: 'Add account' }).click()
    await expect(page.getByRole('form', { name: 'Add a provider account' })).toBeVisible()
    found.push(...(await scan(page, 'add-account', theme)))
    await page.getByRole('button', { name: 'Cancel' }).click()

    await table.getByRole('row').filter({ hasText: 'failed' }).first().dblclick()
    await expect(page.getByRole('group', { name: 'Execution actions' })).toBeVisible()
    await expect(page.getByRole('listbox', { name: 'Timeline of lane runs' })).toBeVisible()
    found.push(...(await scan(page, 'execution', theme)))

    await page.goto(`${gallery.url}?view=list`)
    await expect(page.getByRole('grid')).toBeVisible()
    await page.getByRole('grid').focus()
    await page.keyboard.press('j')
    found.push(...(await scan(page, 'list', theme)))

    await page.goto(`${gallery.url}?view=cheatsheet`)
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
    found.push(...(await scan(page, 'cheat-sheet', theme)))

    await page.goto(`${gallery.url}?view=schedule`)
    const dialog = page.getByRole('dialog', { name: 'Schedule a workflow' })
    await dialog.getByLabel('Inventory').selectOption({ label: 'Main inventory' })
    await dialog.getByRole('radio', { name: /checksum-and-publish/ }).check()
    await dialog.getByLabel(/Initial store content/).fill('{"nope": 1}')
    await expect(dialog.getByText(/There is no store "nope"/)).toBeVisible()
    found.push(...(await scan(page, 'schedule', theme)))

    await page.goto(`${gallery.url}?view=schedule-ids`)
    await expect(page.getByLabel('Workflow schema id')).toBeVisible()
    found.push(...(await scan(page, 'schedule-ids', theme)))

    expect(found).toEqual([])
    expect(problems).toEqual([])
  })
}
