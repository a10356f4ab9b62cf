// Paging through a long list: the harness's demo provider serves the scale scenario with 2,500
// ended executions in its first space, more than one page of the server's list. Every one is
// reachable in the virtualized list, and the rows scrolled to get their details first.
import { expect, test } from '@playwright/test'
import { startHarness, watchProblems, type Harness } from './harness'

let harness: Harness
test.beforeAll(async () => {
  harness = await startHarness([
    '--scenario',
    'scale',
    '--spaces',
    '1',
    '--ongoing',
    '3',
    '--ended',
    '5',
    '--big-ended',
    '2500'
  ])
})
test.afterAll(() => harness?.stop())

test('every page of a 2,500-execution list is reachable, and the rows in view load first', async ({
  page
}) => {
  test.setTimeout(180_000)
  const problems = watchProblems(page)
  await page.goto(harness.url)
  const ended = page.getByRole('tab', { name: 'ended', exact: true })
  await expect(ended).toHaveText(/ended\s*2,500/, { timeout: 60_000 })
  await ended.click()
  const grid = page.getByRole('grid')
  await expect(grid).toHaveAttribute('aria-rowcount', '2501', { timeout: 60_000 })
  await expect(page.getByText(/^2,500 executions/)).toBeVisible()
  // Only the rows in view are in the page.
  expect(await grid.getByRole('row').count()).toBeLessThan(60)
  await grid.focus()
  await page.keyboard.press('End')
  const last = grid.locator('[aria-selected="true"]')
  await expect(last).toHaveAttribute('aria-rowindex', '2501')
  // The last rows were scrolled to: their details are asked for before the rows above them.
  await expect(last.locator('.name .text')).toHaveText(/\S/, { timeout: 60_000 })
  await page.keyboard.press('PageUp')
  await expect(grid.locator('[aria-selected="true"]')).not.toHaveAttribute('aria-rowindex', '2501')
  expect(problems).toEqual([])
})
