// The monitor seen from the renderer in Chromium: a lane run failing in the demo lands in the
// in-app notification history, and open views update on the monitor's pushed changes without
// polling (every call the page makes is counted on its WebSocket).
import { expect, test, type Page } from '@playwright/test'
import { startHarness, watchProblems, type Harness } from './harness'

let harness: Harness
test.beforeAll(async () => {
  harness = await startHarness()
})
test.afterAll(() => harness?.stop())

interface Traffic {
  calls: { channel: string; at: number }[]
  events: { event: string; payload: { executionIds?: string[] }; at: number }[]
}

/** Records every contract call the page sends and every event it receives. */
async function recordTraffic(page: Page) {
  await page.addInitScript(() => {
    const traffic: Traffic = { calls: [], events: [] }
    ;(window as unknown as { traffic: Traffic }).traffic = traffic
    const Native = window.WebSocket
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols)
        this.addEventListener('message', (e: MessageEvent<string>) => {
          const m = JSON.parse(e.data) as { type: string; event?: string; payload?: never }
          if (m.type === 'event')
            traffic.events.push({ event: m.event!, payload: m.payload!, at: Date.now() })
        })
      }
      override send(data: string) {
        traffic.calls.push({
          channel: (JSON.parse(data) as { channel: string }).channel,
          at: Date.now()
        })
        super.send(data)
      }
    } as typeof WebSocket
  })
}
const traffic = (page: Page) =>
  page.evaluate(() => (window as unknown as { traffic: Traffic }).traffic)

test('a failing lane run in the demo shows in the notification history; views follow the monitor without polling', async ({
  page
}) => {
  test.setTimeout(150_000)
  const problems = watchProblems(page)
  await recordTraffic(page)
  await page.goto(harness.url)
  // Checksum's second lane fails one item about half a minute after the demo starts.
  const row = page
    .getByRole('grid')
    .getByRole('row')
    .filter({ hasText: 'checksum-and-publish' })
    .first()
  await expect(row).toBeVisible({ timeout: 20_000 })
  await row.dblclick()
  await expect(page.getByRole('heading', { name: 'checksum-and-publish' })).toBeVisible()
  const failedRun = page.getByRole('option', { name: /^Lane 2, run 1, regular, failed/ })
  await expect(failedRun).toHaveCount(1, {
    timeout: 100_000
  })

  const bell = page.getByRole('button', { name: /^Notifications, [1-9]\d* unread$/ })
  await expect(bell).toBeVisible({ timeout: 20_000 })
  await bell.click()
  const history = page.getByRole('region', { name: 'Notification history' })
  const item = history.getByRole('button').filter({ hasText: 'Lane run failed' })
  await expect(item).toHaveCount(1)
  await expect(item).toContainText(
    /checksum-and-publish in Imaging lab: lane 2 “Checksum”, run 1 failed after \d+/
  )
  await page.screenshot({ path: 'test-results/monitor-notification.png', fullPage: true })
  // Clicking it opens that execution (here: the one already open) and marks it read.
  await item.click()
  await expect(page.getByRole('heading', { name: 'checksum-and-publish' })).toBeVisible()

  const seen = await traffic(page)
  // The old polling channels are gone from the renderer.
  expect(
    seen.calls.filter((c) => c.channel === 'executions.get' || c.channel === 'executions.list')
  ).toEqual([])
  // Each reload of the open execution answers a pushed change that named it (plus the first).
  const reads = seen.calls.filter((c) => c.channel === 'monitor.execution').length
  const changes = seen.events.filter(
    (e) => e.event === 'monitor:changed' && e.payload.executionIds?.length
  ).length
  expect(reads).toBeGreaterThan(3)
  expect(reads).toBeLessThanOrEqual(changes + 1)

  // With monitoring paused nothing changes, and the page asks for nothing.
  await page.getByRole('button', { name: 'Pause monitoring' }).click()
  await expect(page.getByRole('button', { name: 'Resume monitoring' })).toBeVisible()
  // A request already on its way when the pause came may still answer (and the page reads what
  // it changed), and events already taken are notified once their 4-s aggregation is over; once
  // the page has asked nothing for longer than that, nothing more may come.
  await expect
    .poll(async () => Date.now() - ((await traffic(page)).calls.at(-1)?.at ?? 0), {
      timeout: 30_000
    })
    .toBeGreaterThan(5000)
  const before = (await traffic(page)).calls.length
  await page.waitForTimeout(8000)
  expect((await traffic(page)).calls.slice(before)).toEqual([])
  await page.getByRole('button', { name: 'Resume monitoring' }).click()
  expect(problems).toEqual([])
})
