import { fireEvent, render, screen } from '@testing-library/svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import Bell from '../../src/renderer/src/components/Bell.svelte'
import StatusBar from '../../src/renderer/src/components/StatusBar.svelte'
import type { MonitorOverview } from '../../src/shared/monitor-state'
import type { AppNotification, NotificationHistory } from '../../src/shared/notifications'
import { installBridge, removeBridge } from './fake-bridge'

afterEach(removeBridge)

const note = (id: string, read = false): AppNotification => ({
  id,
  at: Date.now() - 5 * 60_000,
  kind: 'failures',
  title: 'Lane run failed',
  body: 'variant-calling in Genomics: lane 2, run 3 failed after 4 min',
  accountId: 'acc',
  target: { view: 'execution', accountId: 'acc', executionId: 'w1' },
  count: 1,
  read,
  shown: true
})

describe('the bell', () => {
  it('shows the unread count, opens the execution of a notification, and follows pushed changes', async () => {
    let history: NotificationHistory = { items: [note('n1'), note('n2', true)], unread: 1 }
    const bridge = installBridge({
      'notifications.list': () => history,
      'notifications.markRead': () => (history = { ...history, unread: 0 }),
      'notifications.pause': () => history
    })
    const onnavigate = vi.fn()
    render(Bell, { onnavigate })
    const bell = await screen.findByRole('button', { name: 'Notifications, 1 unread' })
    await fireEvent.click(bell)
    const items = screen.getByRole('region', { name: 'Notification history' })
    expect(items).toHaveTextContent('variant-calling in Genomics: lane 2, run 3 failed after 4 min')
    expect(items).toHaveTextContent('5 min ago')
    await fireEvent.click(screen.getAllByRole('button', { name: /Lane run failed/ })[0]!)
    expect(onnavigate).toHaveBeenCalledWith({
      view: 'execution',
      accountId: 'acc',
      executionId: 'w1'
    })
    expect(bridge.of('notifications.markRead')[0]!.request).toEqual({ ids: ['n1'] })
    await fireEvent.click(bell)
    await fireEvent.click(screen.getByRole('button', { name: 'Pause for 1 hour' }))
    expect(bridge.of('notifications.pause')[0]!.request).toEqual({ forMs: 3_600_000 })
    // A new one arrives: the bell reloads because it was told, not on a timer.
    const lists = bridge.of('notifications.list').length
    history = { items: [note('n3'), ...history.items], unread: 1 }
    bridge.emit('notifications:changed', { unread: 1 })
    expect(
      await screen.findByRole('button', { name: 'Notifications, 1 unread' })
    ).toBeInTheDocument()
    expect(bridge.of('notifications.list').length).toBe(lists + 1)
  })
})

describe('the status bar', () => {
  const overview = (p: Partial<MonitorOverview['providers'][number]>): MonitorOverview => ({
    now: Date.now(),
    paused: false,
    visible: true,
    providers: [
      {
        accountId: 'acc',
        label: 'Lab',
        host: 'op.example.org',
        reachable: true,
        backingOff: false,
        requestsLastMinute: 42,
        nextRefreshAt: Date.now() + 4000,
        inFlight: 0,
        ...p
      }
    ],
    spaces: [],
    active: [],
    recentlyEnded: [],
    unseenFailures: 0,
    problems: []
  })

  it('shows each provider’s request budget, back-off and unreachability', async () => {
    const bridge = installBridge({
      'monitor.pause': () => ({ paused: true }),
      'monitor.refresh': () => ({ done: true })
    })
    const { rerender } = render(StatusBar, { overview: overview({}) })
    expect(screen.getByRole('contentinfo', { name: 'Monitor status' })).toHaveTextContent(
      /op\.example\.org 42 requests in the last minute · next refresh in [345] s/
    )
    await rerender({ overview: overview({ backingOff: true, retryAt: Date.now() + 20_000 }) })
    expect(screen.getByRole('contentinfo')).toHaveTextContent(/backing off, retry in (19|20|21) s/)
    await rerender({
      overview: overview({
        reachable: false,
        problem: { id: 'network.unreachable', description: 'Cannot reach the provider.' },
        retryAt: Date.now() + 60_000
      })
    })
    expect(screen.getByRole('contentinfo')).toHaveTextContent(
      /unreachable: Cannot reach the provider\., retry in (59|60|61) s/
    )
    await fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }))
    await fireEvent.click(screen.getByRole('button', { name: 'Pause monitoring' }))
    expect(bridge.calls.map((c) => [c.channel, c.request])).toEqual([
      ['monitor.refresh', {}],
      ['monitor.pause', { paused: true }]
    ])
  })
})
