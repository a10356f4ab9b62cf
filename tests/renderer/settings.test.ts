import { fireEvent, render, screen } from '@testing-library/svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import Settings from '../../src/renderer/src/components/Settings.svelte'
import { defaultPreferences } from '../../src/shared/monitor-settings'
import type { MonitorOverview } from '../../src/shared/monitor-state'
import { installBridge, removeBridge } from './fake-bridge'

afterEach(removeBridge)

const overview: MonitorOverview = {
  now: 0,
  paused: false,
  visible: true,
  providers: [],
  spaces: [
    {
      accountId: 'acc',
      spaceId: 'gen',
      name: 'Genomics',
      counts: { waiting: 0, ongoing: 100, suspended: 2, ended: 10 },
      failuresSinceSeen: 0
    }
  ],
  active: Array.from({ length: 100 }, () => ({}) as MonitorOverview['active'][number]),
  recentlyEnded: [],
  unseenFailures: 0,
  problems: []
}
const accounts = [
  { id: 'acc', label: 'Lab', providerUrl: 'https://op.example.org', spaces: ['gen'] }
]

describe('the settings view', () => {
  it('shows what the cadences cost, and saves rules, mutes and the app settings', async () => {
    const bridge = installBridge({
      'settings.get': () => defaultPreferences(),
      'settings.set': (patch: never) => ({ ...defaultPreferences(), ...(patch as object) })
    })
    render(Settings, { overview, accounts, onclose: () => {} })
    const cost = await screen.findByText(/requests per minute/)
    // 1 space (28 lists), 100 running (120 quiet – 600 busy), 2 suspended, 30 on screen; in the
    // tray 3 lists, quiet running ones resting (every 15 min), busy ones every 60 s.
    expect(cost).toHaveTextContent(
      'For 1 watched space, 100 running and 2 suspended executions: about 178–658 requests per minute with the window open (28 for lists), 10–103 in the tray.'
    )
    await fireEvent.change(screen.getByLabelText('Running executions, at the slowest (seconds)'), {
      target: { value: '100' }
    })
    expect(screen.getByText(/requests per minute/)).toHaveTextContent(
      /about 118–658 requests per minute/
    )
    await fireEvent.click(
      screen.getByLabelText('Every other end (finished, cancelled, paused, interrupted)')
    )
    await fireEvent.click(screen.getByLabelText('Genomics'))
    await fireEvent.click(screen.getByLabelText('Start Lanewatch when I log in'))
    await fireEvent.click(screen.getByLabelText(/Save a snapshot of each execution when it ends/))
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('status')).toHaveTextContent('Saved.')
    const sent = bridge.of('settings.set')[0]!.request as ReturnType<typeof defaultPreferences>
    expect(sent.cadence.activeMaxMs).toBe(100_000)
    expect(sent.notifications).toMatchObject({ failures: true, ends: false })
    expect(sent.mutedSpaces).toEqual([{ accountId: 'acc', spaceId: 'gen' }])
    expect(sent.startAtLogin).toBe(true)
    expect(sent.autoSaveSnapshots).toBe(true)
  })

  it('says why settings that do not fit together were refused', async () => {
    installBridge({
      'settings.get': () => defaultPreferences(),
      'settings.set': () => {
        throw new Error(
          'These settings do not fit together: the fastest interval is above the slowest.'
        )
      }
    })
    render(Settings, { overview, accounts, onclose: vi.fn() })
    await screen.findByText(/requests per minute/)
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(/do not fit together/)
  })
})
