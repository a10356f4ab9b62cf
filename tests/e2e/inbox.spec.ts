// The inbox in Chromium through the harness: two demo providers in the sidebar, watching and
// unwatching a space, filtering and sorting, into an execution and back to the same place, a
// provider going down and coming back, scheduling with an overlay, and the keyboard.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { startHarness, watchProblems, type Harness } from './harness'

let harness: Harness
test.beforeAll(async () => {
  harness = await startHarness(['--control'])
})
test.afterAll(() => harness?.stop())

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Accounts and spaces' })
const spacesOf = (page: Page, account: string) =>
  sidebar(page).getByRole('list', { name: `Spaces of ${account}`, exact: true })

async function providerUrl(page: Page, accountId: string): Promise<string> {
  return page.evaluate(async (id) => {
    const r = await window.lanewatch.accounts.list({})
    return r.ok ? (r.value.find((a) => a.id === id)?.providerUrl ?? '') : ''
  }, accountId)
}

test('two demo providers in the sidebar with counts; a space watched and unwatched', async ({
  page
}) => {
  const problems = watchProblems(page)
  await page.goto(harness.url)
  await page.evaluate(() => window.lanewatch.demo.start({ which: 'demo-2' }))
  await page.reload()
  const first = spacesOf(page, 'Demo provider')
  const second = spacesOf(page, 'Demo provider 2')
  await expect(
    first.getByRole('button', { name: /^Genomics: \d+ ongoing, \d+ suspended/ })
  ).toBeVisible({
    timeout: 20_000
  })
  await expect(second.getByRole('button', { name: /^Climate models: / })).toBeVisible()
  // The archive space is on another provider: shown, but not offered as a list that fails.
  const archive = first.getByRole('button', { name: /^Archive/ })
  await expect(archive).toBeDisabled({ timeout: 20_000 })
  await expect(archive).toHaveAccessibleDescription('Not supported by this provider')

  const account = sidebar(page).getByRole('region', { name: 'Demo provider (demo)', exact: true })
  await account.getByRole('button', { name: 'Spaces…' }).click()
  const picker = account.getByRole('form', { name: 'Watched spaces' })
  await picker.getByLabel('Data ingest').uncheck()
  await picker.getByRole('button', { name: 'Watch these spaces' }).click()
  await expect(first.getByRole('button', { name: /^Data ingest/ })).toHaveCount(0)
  await account.getByRole('button', { name: 'Spaces…' }).click()
  await picker.getByLabel('Data ingest').check()
  await picker.getByRole('button', { name: 'Watch these spaces' }).click()
  await expect(first.getByRole('button', { name: /^Data ingest/ })).toBeVisible()

  await second.getByRole('button', { name: /^Climate models/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Climate models')
  await expect(page.getByRole('grid').getByRole('row').nth(1)).toBeVisible({ timeout: 20_000 })
  expect(problems).toEqual([])
})

test('filter and sort the list, open an execution and come back to the same place', async ({
  page
}) => {
  const problems = watchProblems(page)
  await page.goto(harness.url)
  await spacesOf(page, 'Demo provider')
    .getByRole('button', { name: /^Genomics/ })
    .click()
  await page.getByRole('tab', { name: 'ended', exact: true }).click()
  const grid = page.getByRole('grid')
  await expect(grid.getByText('finished').first()).toBeVisible({ timeout: 20_000 })
  await expect(page.getByText(/details of \d+ loaded/)).toHaveCount(0, { timeout: 20_000 })

  const rows = grid.getByRole('row')
  const all = await rows.count()
  await page.getByRole('searchbox', { name: 'Filter by name or id' }).fill('variant')
  await expect(page.getByText(/^\d+ of \d+ executions match$/)).toBeVisible()
  const kept = await rows.count()
  expect(kept).toBeLessThan(all)
  for (const text of await rows.allInnerTexts())
    if (!/^Name/.test(text)) expect(text).toContain('variant-calling')
  await page.getByRole('searchbox', { name: 'Filter by name or id' }).fill('')

  await page.getByRole('button', { name: 'Name' }).click()
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute(
    'aria-sort',
    'ascending'
  )
  const names = (await grid.locator('[role=row] .name .text').allInnerTexts()).filter(Boolean)
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)))

  // Select the third row with the keyboard, open it, and come back with Esc.
  await grid.focus()
  for (let i = 0; i < 3; i++) await page.keyboard.press('j')
  const selected = grid.locator('[aria-selected="true"]')
  const rowOf = async () =>
    (await grid.locator('[aria-selected="true"]').getAttribute('id'))?.replace(/^.*-row-/, '')
  const chosen = await rowOf()
  const chosenName = await selected.locator('.name .text').innerText()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: chosenName })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(grid).toBeFocused()
  await expect.poll(rowOf).toBe(chosen)
  await expect(page.getByRole('tab', { name: 'ended', exact: true })).toHaveAttribute(
    'aria-selected',
    'true'
  )
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute(
    'aria-sort',
    'ascending'
  )

  // Phase, space and sort survive a restart of the window.
  await page.waitForTimeout(800)
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Genomics')
  await expect(page.getByRole('tab', { name: 'ended', exact: true })).toHaveAttribute(
    'aria-selected',
    'true'
  )
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute(
    'aria-sort',
    'ascending'
  )
  expect(problems).toEqual([])
})

test('the keyboard: tabs with arrows, / to search, g s to schedule, ? for the cheat sheet, focus kept', async ({
  page
}) => {
  await page.goto(harness.url)
  await spacesOf(page, 'Demo provider')
    .getByRole('button', { name: /^Imaging lab/ })
    .click()
  const ongoing = page.getByRole('tab', { name: 'ongoing', exact: true })
  await ongoing.click()
  await page.keyboard.press('ArrowRight')
  const suspended = page.getByRole('tab', { name: 'suspended', exact: true })
  await expect(suspended).toHaveAttribute('aria-selected', 'true')
  await expect(suspended).toBeFocused()
  await page.keyboard.press('ArrowLeft')
  await expect(ongoing).toBeFocused()
  await page.keyboard.press('/')
  await expect(page.getByRole('searchbox', { name: 'Filter by name or id' })).toBeFocused()
  await page.keyboard.press('Escape')
  await page.locator('main').focus()
  await page.keyboard.press('?')
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(sheet).toContainText('Schedule a workflow')
  await page.keyboard.press('Escape')
  await expect(sheet).toHaveCount(0)
  await expect(page.locator('body')).not.toBeFocused()
  await page.keyboard.press('g')
  await page.keyboard.press('s')
  const dialog = page.getByRole('dialog', { name: 'Schedule a workflow' })
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(page.locator('body')).not.toBeFocused()
  // j then p pauses the selected running execution; the reply is said in the header.
  await page.getByRole('grid').focus()
  await page.keyboard.press('j')
  await page.keyboard.press('p')
  await expect(page.getByRole('status').filter({ hasText: /Pause of ".*" sent\./ })).toBeVisible()
})

test('schedule a workflow with an overlay: a refused overlay says why before sending, then it opens', async ({
  page
}) => {
  const problems = watchProblems(page)
  await page.goto(harness.url)
  await spacesOf(page, 'Demo provider')
    .getByRole('button', { name: /^Genomics/ })
    .click()
  await page.getByRole('button', { name: 'Schedule…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Schedule a workflow' })
  await expect(dialog.getByLabel('Space')).toHaveValue(/.+/)
  await expect(dialog.getByLabel('Log level')).toHaveValue('info')
  await dialog.getByLabel('Inventory').selectOption({ label: 'Imaging pipelines' })
  await dialog.getByRole('radio', { name: /checksum-and-publish/ }).check({ timeout: 20_000 })
  const overlay = dialog.getByLabel(/Initial store content/)
  await overlay.fill('{"nope": 1}')
  await expect(dialog.getByText(/There is no store "nope"/)).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Schedule' })).toBeDisabled()
  await overlay.fill('{}')
  await dialog.getByRole('button', { name: 'Schedule' }).click()
  await expect(dialog).toHaveCount(0, { timeout: 20_000 })
  await expect(page.getByRole('heading', { name: 'checksum-and-publish' })).toBeVisible({
    timeout: 20_000
  })
  expect(problems).toEqual([])
})

test('a provider going down is shown with the reason and the retry, and recovers', async ({
  page
}) => {
  test.setTimeout(120_000)
  await page.goto(harness.url)
  const url = await providerUrl(page, 'demo')
  // Every provider request fails with 503 until the faults are disarmed.
  const down = await page.request.post(`${url}/__simulator/faults`, {
    data: { kind: 'status', status: 503, count: 100_000, match: { path: '/api/v3/oneprovider' } }
  })
  expect(down.ok()).toBe(true)
  const account = sidebar(page).getByRole('region', { name: 'Demo provider (demo)', exact: true })
  const unreachable = account
    .getByRole('status')
    .filter({ hasText: /^Unreachable: .+\. Trying again (in \d+ s|shortly)\.$/ })
  await expect(unreachable).toBeVisible({ timeout: 60_000 })
  await expect(page.getByRole('alert').filter({ hasText: 'Try again' })).toContainText(
    'Unreachable'
  )
  await page.screenshot({ path: 'reports/screens/inbox-unreachable-light.png' })
  expect((await page.request.delete(`${url}/__simulator/faults`)).ok()).toBe(true)
  await page.getByRole('button', { name: 'Try again' }).click()
  await expect(unreachable).toHaveCount(0, { timeout: 90_000 })
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0)
})

async function scan(page: Page, view: string, theme: string): Promise<string[]> {
  await page.screenshot({ path: `reports/screens/inbox-${view}-${theme}.png`, fullPage: true })
  const { violations } = await new AxeBuilder({ page }).analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${view} (${theme}): ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
    )
}

test('an account is edited in the app (URL checked as typed), and every inbox view passes axe in both themes', async ({
  page
}) => {
  test.setTimeout(300_000)
  const problems = watchProblems(page)
  await page.goto(harness.url)
  // A saved account on the demo's simulator, with a token its control API reveals.
  const url = await providerUrl(page, 'demo')
  const state = (await (await page.request.get(`${url}/__simulator/state`)).json()) as {
    users: { token: string }[]
  }
  const added = await page.evaluate(
    ([providerUrl, token]) =>
      window.lanewatch.accounts.add({ label: 'Lab', providerUrl: providerUrl!, token: token! }),
    [url, state.users[0]!.token]
  )
  expect(added.ok).toBe(true)
  await page.reload()
  const lab = sidebar(page).getByRole('region', { name: 'Lab', exact: true })
  await lab.getByRole('button', { name: 'Edit…' }).click()
  const editor = page.getByRole('dialog', { name: 'Edit Lab' })
  const providerField = editor.getByLabel('Provider URL')
  await providerField.fill('ftp://nowhere')
  await expect(providerField).toHaveAccessibleDescription(
    'The provider URL must start with https://.'
  )
  await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled()
  await providerField.fill(url)
  await editor.getByLabel('Name').fill('Lab renamed')
  await editor.getByLabel('New access token').fill(state.users[0]!.token)
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor).toHaveCount(0, { timeout: 20_000 })
  await expect(sidebar(page).getByRole('heading', { name: 'Lab renamed' })).toBeVisible()
  await expect(page.locator('body')).not.toBeFocused()

  const found: string[] = []
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await spacesOf(page, 'Demo provider')
      .getByRole('button', { name: /^Genomics/ })
      .click()
    await page.getByRole('tab', { name: 'all phases' }).click()
    await expect(page.getByRole('grid').getByRole('row').nth(1)).toBeVisible({ timeout: 20_000 })
    found.push(...(await scan(page, 'list', theme)))
    await sidebar(page)
      .getByRole('region', { name: 'Lab renamed', exact: true })
      .getByRole('button', { name: 'Edit…' })
      .click()
    await expect(page.getByRole('dialog', { name: 'Edit Lab renamed' })).toBeVisible()
    found.push(...(await scan(page, 'edit-account', theme)))
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Schedule…' }).click()
    await expect(page.getByRole('dialog', { name: 'Schedule a workflow' })).toBeVisible()
    found.push(...(await scan(page, 'schedule', theme)))
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
    found.push(...(await scan(page, 'cheat-sheet', theme)))
    await page.keyboard.press('Escape')
    await page.getByRole('grid').getByRole('row').nth(1).dblclick()
    await expect(page.getByRole('group', { name: 'Execution actions' })).toBeVisible()
    found.push(...(await scan(page, 'execution', theme)))
    await page.keyboard.press('Escape')
  }
  expect(found).toEqual([])
  expect(problems).toEqual([])
})
