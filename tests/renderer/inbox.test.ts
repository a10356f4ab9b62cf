// The inbox's components against a fake bridge: the list fed from the monitor's cache, its
// errors and "Try again", acting on a failed row, the sidebar, and editing an account.
import { fireEvent, render, screen, within } from '@testing-library/svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import AccountEditor from '../../src/renderer/src/components/AccountEditor.svelte'
import Executions from '../../src/renderer/src/components/Executions.svelte'
import Sidebar from '../../src/renderer/src/components/Sidebar.svelte'
import { InboxPlace } from '../../src/renderer/src/lib/inbox.svelte'
import type { MonitorOverview, SpaceStatus } from '../../src/shared/monitor-state'
import { details, run } from '../helpers/details'
import { installBridge, removeBridge } from './fake-bridge'

afterEach(removeBridge)

const space: SpaceStatus = {
  accountId: 'acc',
  spaceId: 'gen',
  name: 'Genomics',
  counts: { waiting: 0, ongoing: 2, suspended: 0, ended: 7 },
  failuresSinceSeen: 0,
  listedAt: 1
}
const place = () => {
  const p = new InboxPlace(async () => undefined)
  p.restore({ accountId: 'acc', spaceId: 'gen', phase: 'ongoing' })
  return p
}
const props = (p = place()) => ({
  accountId: 'acc',
  space,
  hasOnezone: true,
  now: Date.now(),
  place: p,
  onopen: vi.fn()
})

describe('the execution list in the app', () => {
  it('reads ids and details from the monitor, says how much is loaded, and reloads only what changed', async () => {
    const bridge = installBridge({
      'monitor.ids': () => ({ ids: ['w1', 'w2'], complete: true, listedAt: 1, loaded: 1 }),
      'monitor.details': () => ({
        w1: {
          details: details('active', [], { atmWorkflowExecutionId: 'w1', name: 'variant-calling' })
        },
        w2: { details: null }
      })
    })
    render(Executions, props())
    expect(await screen.findByText('variant-calling')).toBeInTheDocument()
    expect(screen.getByText('2 executions; details of 1 loaded')).toBeInTheDocument()
    expect(screen.getByRole('tab', { name: 'ongoing' })).toHaveTextContent('ongoing2')
    expect(screen.getByRole('tab', { name: 'all phases' })).toHaveTextContent('all phases9')
    expect(bridge.of('monitor.details')[0]!.request).toEqual({
      accountId: 'acc',
      executionIds: ['w1', 'w2']
    })
    const reads = bridge.calls.length
    bridge.emit('monitor:changed', {
      accountId: 'acc',
      spaceIds: ['other'],
      executionIds: ['x'],
      provider: false
    })
    bridge.emit('monitor:changed', {
      accountId: 'other',
      spaceIds: ['gen'],
      executionIds: [],
      provider: false
    })
    await new Promise((r) => setTimeout(r, 20))
    expect(bridge.calls.length).toBe(reads)
    // w2 was read by the monitor: only it is asked for again.
    bridge.emit('monitor:changed', {
      accountId: 'acc',
      spaceIds: [],
      executionIds: ['w2'],
      provider: false
    })
    await vi.waitFor(() => expect(bridge.calls.length).toBe(reads + 1))
    expect(bridge.calls.at(-1)!.request).toEqual({ accountId: 'acc', executionIds: ['w2'] })
    expect(bridge.calls.map((c) => c.channel)).not.toContain('executions.list')
  })

  it('lists every phase in "all phases" and filters by text with what the filter applies to', async () => {
    const bridge = installBridge({
      'monitor.ids': ({ phase }: { phase: string }) => ({
        ids: phase === 'ongoing' ? ['w1'] : phase === 'ended' ? ['w2', 'w3'] : [],
        complete: phase !== 'ended',
        listedAt: 1,
        loaded: 0
      }),
      'monitor.details': ({ executionIds }: { executionIds: string[] }) =>
        Object.fromEntries(
          executionIds
            .filter((id) => id !== 'w3')
            .map((id) => [
              id,
              { details: details('finished', [], { atmWorkflowExecutionId: id, name: `wf-${id}` }) }
            ])
        )
    })
    const p = place()
    p.show({ phase: 'all' })
    render(Executions, props(p))
    expect(await screen.findByText('wf-w2')).toBeInTheDocument()
    expect(bridge.of('monitor.ids').map((c) => (c.request as { phase: string }).phase)).toEqual([
      'waiting',
      'ongoing',
      'suspended',
      'ended'
    ])
    expect(screen.getByText(/older pages are still being listed/)).toBeInTheDocument()
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter by name or id' }), {
      target: { value: 'wf-w1' }
    })
    expect(
      await screen.findByText(
        '1 of 3 executions match; filters apply to 2 of 3 loaded; older pages are still being listed'
      )
    ).toBeInTheDocument()
  })

  it('says why the list cannot load and when the provider is tried again; "Try again" asks again', async () => {
    let fail = true
    const bridge = installBridge({
      'monitor.ids': () => {
        if (fail) throw new Error('No account with id acc.')
        return { ids: [], complete: true, listedAt: 1, loaded: 0 }
      },
      'monitor.refresh': () => ({ done: true })
    })
    const now = Date.now()
    render(Executions, {
      ...props(),
      now,
      provider: {
        accountId: 'acc',
        label: 'Lab',
        host: 'op.example.org',
        reachable: false,
        problem: { id: 'network', description: 'connection refused' },
        backingOff: true,
        retryAt: now + 12_000,
        requestsLastMinute: 3,
        inFlight: 0
      }
    })
    await screen.findByText(/The list could not be loaded/)
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent(
      'The list could not be loaded: No account with id acc. Unreachable: connection refused. Trying again in 12 s. Try again'
    )
    fail = false
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }))
    await vi.waitFor(() => expect(bridge.of('monitor.refresh')).toHaveLength(1))
    expect(bridge.of('monitor.refresh')[0]!.request).toEqual({ accountId: 'acc' })
    expect(await screen.findByText('No ongoing executions in Genomics.')).toBeInTheDocument()
  })

  it('a failed row is retried from the list after the same confirmation as the execution view', async () => {
    const failed = details(
      'failed',
      [[run(1, 'failed', { isRetriable: true, isRerunable: true })]],
      {
        atmWorkflowExecutionId: 'w1',
        name: 'variant-calling'
      }
    )
    const bridge = installBridge({
      'monitor.ids': () => ({ ids: ['w1'], complete: true, listedAt: 1, loaded: 1 }),
      'monitor.details': () => ({ w1: { details: failed } }),
      'executions.repeat': () => ({ done: true })
    })
    render(Executions, props())
    await fireEvent.click(await screen.findByText('variant-calling'))
    const group = screen.getByRole('group', { name: 'Failed lane run of variant-calling' })
    await fireEvent.click(within(group).getByRole('button', { name: 'Retry failed items' }))
    const confirm = screen.getByRole('alertdialog')
    expect(confirm).toHaveTextContent('Retry the failed items of lane 1, run 1.')
    await fireEvent.click(within(confirm).getByRole('button', { name: 'Retry as run 2' }))
    await vi.waitFor(() => expect(bridge.of('executions.repeat')).toHaveLength(1))
    expect(bridge.of('executions.repeat')[0]!.request).toEqual({
      accountId: 'acc',
      executionId: 'w1',
      type: 'retry',
      laneIndex: 1,
      laneRunNumber: 1
    })
    expect(await screen.findByText('Retry of lane 1, run 1 sent.')).toBeInTheDocument()
  })
})

describe('the sidebar', () => {
  const overview = (now: number): MonitorOverview => ({
    now,
    paused: false,
    visible: true,
    providers: [
      {
        accountId: 'acc',
        label: 'Lab',
        host: 'op.example.org',
        reachable: false,
        problem: { id: 'network', description: 'connect ECONNREFUSED' },
        backingOff: true,
        retryAt: now + 30_000,
        requestsLastMinute: 0,
        inFlight: 0
      }
    ],
    spaces: [
      { ...space, failuresSinceSeen: 3 },
      {
        ...space,
        spaceId: 'arch',
        name: 'Archive',
        problem: {
          id: 'spaceNotSupportedBy',
          description: 'Space arch is not supported by provider p1'
        }
      }
    ],
    active: [],
    recentlyEnded: [],
    unseenFailures: 3,
    problems: []
  })

  it('shows an unreachable provider with its reason and retry, counts, and an unsupported space disabled', async () => {
    installBridge({})
    const onchoose = vi.fn()
    render(Sidebar, {
      accounts: [
        { id: 'acc', label: 'Lab', providerUrl: 'https://op.example.org', spaces: ['gen', 'arch'] }
      ],
      overview: overview(Date.now()),
      current: { accountId: 'acc', spaceId: 'gen' },
      onchoose,
      onedit: vi.fn(),
      onchanged: vi.fn()
    })
    expect(screen.getByRole('status')).toHaveTextContent(
      /^Unreachable: connect ECONNREFUSED\. Trying again in (29|30|31) s\.$/
    )
    const genomics = screen.getByRole('button', {
      name: 'Genomics: 2 ongoing, 0 suspended, 3 failures since you last looked'
    })
    expect(genomics).toHaveAttribute('aria-current', 'page')
    const archive = screen.getByRole('button', { name: /^Archive/ })
    expect(archive).toBeDisabled()
    expect(archive).toHaveAccessibleDescription('Not supported by this provider')
    await fireEvent.click(genomics)
    expect(onchoose).toHaveBeenCalledWith('acc', 'gen')
  })
})

describe('editing an account', () => {
  it('checks URLs as they are typed and sends only what changed the token', async () => {
    const bridge = installBridge({
      'accounts.update': () => ({
        account: { id: 'acc', label: 'Lab 2', providerUrl: 'https://op2.example.org', spaces: [] },
        report: { ok: true, spaces: [], problems: [], warnings: [] }
      })
    })
    const onsaved = vi.fn()
    render(AccountEditor, {
      account: { id: 'acc', label: 'Lab', providerUrl: 'https://op.example.org', spaces: [] },
      onsaved,
      onclose: vi.fn()
    })
    const url = screen.getByLabelText('Provider URL')
    await fireEvent.input(url, { target: { value: 'ftp://op2.example.org' } })
    expect(url).toHaveAccessibleDescription('The provider URL must start with https://.')
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled()
    await fireEvent.input(url, { target: { value: 'https://op2.example.org' } })
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Lab 2' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await vi.waitFor(() => expect(onsaved).toHaveBeenCalled())
    expect(bridge.of('accounts.update')[0]!.request).toEqual({
      accountId: 'acc',
      label: 'Lab 2',
      providerUrl: 'https://op2.example.org',
      onezoneUrl: ''
    })
  })
})
