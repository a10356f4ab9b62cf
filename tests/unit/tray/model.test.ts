import { describe, expect, it } from 'vitest'
import { trayModel } from '../../../src/core/tray/model'
import type {
  ExecutionSummary,
  MonitorOverview,
  ProviderStatus
} from '../../../src/shared/monitor-state'

const NOW = 1_800_000_000_000
const provider = (p: Partial<ProviderStatus> = {}): ProviderStatus => ({
  accountId: 'acc',
  label: 'Lab',
  host: 'op.example.org',
  reachable: true,
  backingOff: false,
  requestsLastMinute: 42,
  nextRefreshAt: NOW + 3500,
  inFlight: 0,
  ...p
})
const execution = (
  name: string,
  status: string,
  ago: { start?: number; end?: number }
): ExecutionSummary => ({
  accountId: 'acc',
  spaceId: 'gen',
  executionId: `id-${name}`,
  name,
  status,
  phase: ago.end !== undefined ? 'ended' : 'ongoing',
  scheduleTime: NOW / 1000 - 3600,
  startTime: ago.start !== undefined ? NOW / 1000 - ago.start : 0,
  finishTime: ago.end !== undefined ? NOW / 1000 - ago.end : 0
})
const overview = (o: Partial<MonitorOverview> = {}): MonitorOverview => ({
  now: NOW,
  paused: false,
  visible: false,
  providers: [provider()],
  spaces: [],
  active: [],
  recentlyEnded: [],
  unseenFailures: 0,
  problems: [],
  ...o
})
const quiet = { items: [], unread: 0 }

describe('the tray model', () => {
  it('idle: nothing running, every action in the menu', () => {
    const m = trayModel(overview(), quiet)
    expect(m.state).toBe('idle')
    expect(m.badge).toBe(0)
    expect(m.tooltip).toBe(
      'Lanewatch: nothing running\nop.example.org: 42 requests/min, next refresh in 4 s'
    )
    expect(m.menu.map((e) => (e.kind === 'separator' ? '---' : e.label))).toEqual([
      'Nothing running',
      '---',
      'Open Lanewatch',
      'Refresh now',
      'Pause monitoring',
      'Pause notifications for 1 hour',
      '---',
      'Quit Lanewatch'
    ])
  })

  it('running: ongoing and recently ended executions with status and relative age', () => {
    const m = trayModel(
      overview({
        active: [execution('variant-calling', 'active', { start: 12 * 60 })],
        recentlyEnded: [execution('thumbnails', 'failed', { start: 3600, end: 180 })]
      }),
      quiet
    )
    expect(m.state).toBe('running')
    expect(m.menu.slice(0, 4)).toEqual([
      { kind: 'header', label: 'Running (1)' },
      {
        kind: 'item',
        label: 'variant-calling — active, started 12 min ago',
        action: { type: 'openExecution', accountId: 'acc', executionId: 'id-variant-calling' }
      },
      { kind: 'header', label: 'Recently ended' },
      {
        kind: 'item',
        label: 'thumbnails — failed 3 min ago',
        action: { type: 'openExecution', accountId: 'acc', executionId: 'id-thumbnails' }
      }
    ])
    expect(m.tooltip.split('\n')[0]).toBe('Lanewatch: 1 running')
  })

  it('failing beats unreachable beats running; the badge counts unseen failures', () => {
    const down = provider({
      reachable: false,
      backingOff: true,
      retryAt: NOW + 30_000,
      problem: { id: 'network.unreachable', description: 'x' }
    })
    const running = [execution('a', 'active', { start: 60 })]
    expect(trayModel(overview({ active: running, providers: [down] }), quiet).state).toBe(
      'unreachable'
    )
    const failing = trayModel(
      overview({ active: running, providers: [down], unseenFailures: 2 }),
      quiet
    )
    expect(failing.state).toBe('failing')
    expect(failing.badge).toBe(2)
    expect(failing.tooltip).toBe(
      'Lanewatch: 1 running, 2 unseen failures\nop.example.org: unreachable, retrying in 30 s'
    )
  })

  it('paused monitoring and notifications turn into resume entries and show in the tooltip', () => {
    const m = trayModel(overview({ paused: true }), {
      items: [],
      unread: 0,
      pausedUntil: NOW + 3600_000
    })
    const labels = m.menu.flatMap((e) => (e.kind === 'item' ? [e.label] : []))
    expect(labels).toContain('Resume monitoring')
    expect(labels).toContain('Resume notifications')
    expect(m.tooltip).toMatch(/Monitoring paused\nNotifications paused$/)
  })

  it('a long list is cut, with a way to the window', () => {
    const active = Array.from({ length: 12 }, (_, i) => execution(`e${i}`, 'active', { start: 60 }))
    const m = trayModel(overview({ active }), quiet)
    const items = m.menu.filter((e) => e.kind === 'item' && e.action?.type === 'openExecution')
    expect(items).toHaveLength(8)
    expect(m.menu).toContainEqual({
      kind: 'item',
      label: '…and 4 more',
      action: { type: 'openWindow' }
    })
  })
})
