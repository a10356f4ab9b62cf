// "Only mine" and "you" in the execution list, from who the provider's status says the account's
// user is; in plain words why the filter is not applied while that is not known.
import { fireEvent, render, screen } from '@testing-library/svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import Executions from '../../src/renderer/src/components/Executions.svelte'
import { InboxPlace } from '../../src/renderer/src/lib/inbox.svelte'
import type { ProviderStatus, SpaceStatus } from '../../src/shared/monitor-state'
import { details } from '../helpers/details'
import { installBridge, removeBridge } from './fake-bridge'

afterEach(removeBridge)

const space: SpaceStatus = {
  accountId: 'acc',
  spaceId: 'gen',
  name: 'Genomics',
  counts: { waiting: 0, ongoing: 3, suspended: 0, ended: 0 },
  failuresSinceSeen: 0,
  listedAt: 1
}
const status = (user?: ProviderStatus['user']): ProviderStatus => ({
  accountId: 'acc',
  label: 'Lab',
  host: 'op.example.org',
  reachable: true,
  backingOff: false,
  requestsLastMinute: 1,
  inFlight: 0,
  ...(user ? { user } : {})
})
const row = (id: string, userId: string, name: string) => ({
  details: details('active', [], { atmWorkflowExecutionId: id, name, userId })
})

function mount(provider: ProviderStatus, hasOnezone = true) {
  installBridge({
    'monitor.ids': () => ({ ids: ['w1', 'w2', 'w3'], complete: true, listedAt: 1, loaded: 3 }),
    'monitor.details': () => ({
      w1: row('w1', 'u-me', 'mine-one'),
      w2: row('w2', 'u-bob', 'bobs-run'),
      w3: row('w3', 'u-me', 'mine-two')
    })
  })
  const place = new InboxPlace(async () => undefined)
  place.restore({ accountId: 'acc', spaceId: 'gen', phase: 'ongoing' })
  const props = { accountId: 'acc', space, hasOnezone, now: Date.now(), place, onopen: vi.fn() }
  return render(Executions, { ...props, provider })
}

const names = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.textContent ?? '')

describe('"only mine" with the user the provider status names', () => {
  it('keeps only the user’s executions and labels them "you"', async () => {
    mount(status({ userId: 'u-me', name: 'Alice' }))
    await screen.findByText('bobs-run')
    expect(screen.getAllByText('you')).toHaveLength(2)
    expect(screen.getByText('u-bob')).toBeInTheDocument()
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Only mine' }))
    await vi.waitFor(() => expect(screen.queryByText('bobs-run')).toBeNull())
    expect(names().join(' ')).toMatch(/mine-one.*mine-two|mine-two.*mine-one/)
    expect(screen.getByText('2 of 3 executions match')).toBeInTheDocument()
    expect(screen.queryByText(/not applied/)).toBeNull()
  })

  it('says plainly why it is not applied while Onezone has not said who the user is, then applies it', async () => {
    const view = mount(status())
    await screen.findByText('bobs-run')
    expect(screen.queryByText('you')).toBeNull()
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Only mine' }))
    expect(
      await screen.findByText(
        '“Only mine” is not applied yet: the account’s Onezone has not said who you are, so Lanewatch cannot tell which executions are yours. It asks again every few minutes.'
      )
    ).toBeVisible()
    expect(screen.getByText('bobs-run')).toBeInTheDocument()
    // The user arrives with the next overview.
    await view.rerender({ provider: status({ userId: 'u-me' }) })
    await vi.waitFor(() => expect(screen.queryByText('bobs-run')).toBeNull())
    expect(screen.queryByText(/not applied/)).toBeNull()
    expect(screen.getAllByText('you')).toHaveLength(2)
  })

  it('without a Onezone URL, says where to add one', async () => {
    mount(status(), false)
    await screen.findByText('bobs-run')
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Only mine' }))
    expect(
      await screen.findByText(
        '“Only mine” is not applied: Lanewatch cannot tell which executions are yours without the account’s Onezone URL. Add it with “Edit…” in the sidebar.'
      )
    ).toBeVisible()
    expect(screen.getByText('bobs-run')).toBeInTheDocument()
  })
})
