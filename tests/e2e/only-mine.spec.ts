// "Only mine" in Chromium through the harness: the demo account's user comes from its Onezone
// (the demo's simulator), its executions say "you", and the filter keeps only them.
import { expect, test, type Page } from '@playwright/test'
import { startHarness, watchProblems, type Harness } from './harness'

let harness: Harness
test.beforeAll(async () => {
  harness = await startHarness(['--control'])
})
test.afterAll(() => harness?.stop())

/** The demo's provider URL and its users, from the simulator's control API. */
async function demo(page: Page) {
  const providerUrl = await page.evaluate(async () => {
    const r = await window.lanewatch.accounts.list({})
    return r.ok ? (r.value.find((a) => a.id === 'demo')?.providerUrl ?? '') : ''
  })
  const state = (await (await page.request.get(`${providerUrl}/__simulator/state`)).json()) as {
    users: { name: string; id: string; token: string }[]
  }
  const user = (name: string) => state.users.find((u) => u.name === name)!
  return { providerUrl, user }
}

test('"Only mine" keeps only the demo user’s executions, labelled "you"', async ({ page }) => {
  const problems = watchProblems(page)
  await page.goto(harness.url)
  const bob = (await demo(page)).user('bob').id

  await page.getByRole('button', { name: /^Genomics:/ }).click()
  await page.getByRole('tab', { name: 'all phases' }).click()
  const grid = page.getByRole('grid')
  const mine = grid.getByRole('gridcell', { name: 'you', exact: true })
  const bobs = grid.locator(`[role="gridcell"][title="${bob}"]`)
  // The demo's history has a run Bob scheduled in Genomics; the rest are the demo user's.
  await expect(bobs).toHaveCount(1, { timeout: 20_000 })
  await expect(bobs).toHaveText(bob.slice(0, 8))
  await expect(mine.first()).toBeVisible()
  const total = await grid.getByRole('row').count()

  await page.getByRole('checkbox', { name: 'Only mine' }).check()
  await expect(bobs).toHaveCount(0)
  await expect(page.getByText(/not applied/)).toHaveCount(0)
  await expect(page.getByText(/^\d+ of \d+ executions match/)).toBeVisible()
  // Every row left (the header aside) is the user's.
  const rows = grid.getByRole('row')
  await expect.poll(async () => (await rows.count()) - 1).toBeLessThan(total - 1)
  expect(await mine.count()).toBe((await rows.count()) - 1)
  await page.screenshot({ path: 'test-results/only-mine.png', fullPage: true })

  await page.getByRole('checkbox', { name: 'Only mine' }).uncheck()
  await expect(bobs).toHaveCount(1)
  expect(problems).toEqual([])
})

test('an account without a Onezone says why "Only mine" is not applied, and shows every run', async ({
  page
}) => {
  const problems = watchProblems(page)
  await page.goto(harness.url)
  const { providerUrl, user } = await demo(page)
  const token = user('alice').token
  const added = await page.evaluate(
    ([url, t]) => window.lanewatch.accounts.add({ label: 'No zone', providerUrl: url!, token: t! }),
    [providerUrl, token]
  )
  expect(added.ok).toBe(true)
  await page.reload()
  const account = page
    .getByRole('navigation', { name: 'Accounts and spaces' })
    .getByRole('region', { name: 'No zone', exact: true })
  await account.getByRole('button', { name: /^Genomics/ }).click()
  await page.getByRole('tab', { name: 'all phases' }).click()
  const grid = page.getByRole('grid')
  await expect(grid.getByRole('row').nth(1)).toBeVisible({ timeout: 20_000 })
  const only = page.getByRole('checkbox', { name: 'Only mine' })
  if (!(await only.isChecked())) await only.check()
  await expect(
    page.getByText(
      '“Only mine” is not applied: Lanewatch cannot tell which executions are yours without the account’s Onezone URL. Add it with “Edit…” in the sidebar.'
    )
  ).toBeVisible()
  await expect(grid.getByRole('gridcell', { name: 'you', exact: true })).toHaveCount(0)
  await expect(page.getByText(/^\d+ executions/)).toBeVisible()
  await page.screenshot({ path: 'test-results/only-mine-unknown.png', fullPage: true })
  expect(problems).toEqual([])
})
