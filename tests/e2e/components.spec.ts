// The components the app will wire next, in real Chromium with real layout (the gallery): the
// virtualized list of 10,000 executions and the schedule dialog, under the renderer's CSP.
import { expect, test } from '@playwright/test'
import { serveGallery } from './gallery'
import { watchProblems } from './harness'

let gallery: { url: string; stop(): void }
test.beforeAll(async () => {
  gallery = await serveGallery()
})
test.afterAll(() => gallery?.stop())

test('10,000 executions: a few rows in the page, keyboard to both ends, header stays', async ({
  page
}) => {
  const problems = watchProblems(page)
  await page.goto(`${gallery.url}?view=list`)
  const grid = page.getByRole('grid', { name: 'Ongoing executions' })
  await expect(grid).toHaveAttribute('aria-rowcount', '10001')
  const rows = grid.locator('[role=row][aria-rowindex]:not([aria-rowindex="1"])')
  expect(await rows.count()).toBeLessThan(60)
  await grid.focus()
  await page.keyboard.press('End')
  const last = grid.locator('[role=row][aria-rowindex="10001"]')
  await expect(last).toBeInViewport()
  await expect(last).toHaveAttribute('aria-selected', 'true')
  await expect(grid.getByRole('columnheader', { name: /Name/ })).toBeInViewport()
  expect(await rows.count()).toBeLessThan(60)
  await page.keyboard.press('Home')
  await expect(grid.locator('[role=row][aria-rowindex="2"]')).toBeInViewport()
  await page.keyboard.press('j')
  await page.keyboard.press('j')
  await expect(grid.locator('[role=row][aria-rowindex="4"]')).toHaveAttribute(
    'aria-selected',
    'true'
  )
  await page.mouse.move(400, 300)
  await page.mouse.wheel(0, 20_000)
  await expect(grid.locator('[role=row][aria-rowindex="2"]')).toHaveCount(0)
  await page.screenshot({ path: 'reports/screens/list-scrolled.png' })
  expect(problems).toEqual([])
})

test('schedule: the overlay is refused with its reasons before sending, then sent', async ({
  page
}) => {
  const problems = watchProblems(page)
  await page.goto(`${gallery.url}?view=schedule`)
  const dialog = page.getByRole('dialog', { name: 'Schedule a workflow' })
  await expect(dialog.getByLabel('Space')).toBeFocused()
  await dialog.getByLabel('Inventory').selectOption({ label: 'Main inventory' })
  await dialog.getByLabel('Search workflows').fill('publishes')
  await dialog.getByRole('radio', { name: /checksum-and-publish/ }).check()
  await expect(dialog.getByLabel('Revision')).toHaveValue('2')
  const schedule = dialog.getByRole('button', { name: 'Schedule', exact: true })
  const overlay = dialog.getByLabel(/Initial store content/)
  await overlay.fill('{"7e9c614662cbc5fdf24d5ef3712268b92ffcfb": [3]}')
  await expect(dialog.getByText(/\$\[0\] should be a file/)).toBeVisible()
  await expect(schedule).toBeDisabled()
  await overlay.fill('')
  await dialog.getByRole('button', { name: 'Insert a template' }).click()
  await expect(schedule).toBeDisabled()
  await overlay.fill((await overlay.inputValue()).replace('""', '"0000000000526E6D67"'))
  await expect(dialog.getByText('The overlay fits the stores of this revision.')).toBeVisible()
  await expect(schedule).toBeEnabled()
  await page.screenshot({ path: 'reports/screens/schedule-ready.png' })
  await schedule.click()
  await expect(page.getByRole('status')).toHaveText('Scheduled new-w1-r2')
  expect(problems).toEqual([])
})
