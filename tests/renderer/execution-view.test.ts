// The live execution view on a fake bridge: it reads the monitor's state and reloads only on
// pushed changes for its execution, confirms before acting, reports results and server errors
// as toasts, asks the monitor to read the execution again at once, and disables what the
// account's space privileges do not allow, with the reason as text.
import './jsdom'
import { fireEvent, render, screen, within } from '@testing-library/svelte'
import { afterEach, describe, expect, it } from 'vitest'
import ExecutionView from '../../src/renderer/src/components/ExecutionView.svelte'
import type { ExecutionState } from '../../src/shared/monitor-state'
import { execution } from '../fixtures/timeline/build'
import { installBridge, removeBridge } from './fake-bridge'

afterEach(removeBridge)

const running = execution('active', [
  [{ runNumber: 1, status: 'finished' }],
  [{ runNumber: 1, status: 'active' }]
])
const state = (extra: Partial<ExecutionState> = {}): ExecutionState => ({
  accountId: 'acc',
  executionId: running.atmWorkflowExecutionId,
  details: running,
  observations: { execution: [], runs: [] },
  auditLog: [],
  names: { lanes: {}, parallelBoxes: {}, tasks: {} },
  laneSamples: [],
  ...extra
})
const open = () =>
  render(ExecutionView, {
    accountId: 'acc',
    executionId: running.atmWorkflowExecutionId,
    onclose: () => {}
  })

describe('ExecutionView', () => {
  it('reloads on the monitor’s changes for its execution only', async () => {
    let current = state()
    const bridge = installBridge({ 'monitor.execution': () => current })
    open()
    await screen.findByRole('heading', { name: 'checksum-and-publish' })
    expect(bridge.of('monitor.execution')).toHaveLength(1)
    bridge.emit('monitor:changed', {
      accountId: 'acc',
      spaceIds: [],
      executionIds: ['another'],
      provider: false
    })
    current = state({ details: { ...running, status: 'stopping' } })
    bridge.emit('monitor:changed', {
      accountId: 'acc',
      spaceIds: [],
      executionIds: [running.atmWorkflowExecutionId],
      provider: false
    })
    expect(await screen.findByText('stopping')).toBeInTheDocument()
    expect(bridge.of('monitor.execution')).toHaveLength(2)
  })

  it('cancels after the confirmation, says so in a toast and has the execution read at once', async () => {
    const bridge = installBridge({
      'monitor.execution': () => state(),
      'executions.act': () => ({ done: true as const }),
      'monitor.refresh': () => ({ done: true as const })
    })
    open()
    const actions = await screen.findByRole('group', { name: 'Execution actions' })
    await fireEvent.click(within(actions).getByRole('button', { name: 'Cancel' }))
    expect(bridge.of('executions.act')).toHaveLength(0)
    const confirm = screen.getByRole('alertdialog', { name: 'Confirm' })
    expect(confirm).toHaveTextContent(/cancel/i)
    await fireEvent.click(within(confirm).getAllByRole('button')[0]!)
    expect(await screen.findByText('Cancel requested')).toBeInTheDocument()
    expect(bridge.of('executions.act').map((c) => c.request)).toEqual([
      { accountId: 'acc', executionId: running.atmWorkflowExecutionId, action: 'cancel' }
    ])
    expect(bridge.of('monitor.refresh').map((c) => c.request)).toEqual([
      { accountId: 'acc', executionId: running.atmWorkflowExecutionId }
    ])
  })

  it('shows a server error with its id and description as a toast that stays', async () => {
    const bridge = installBridge({
      'monitor.execution': () => state(),
      'executions.act': () => {
        throw new Error('The workflow execution has already ended.')
      },
      'monitor.refresh': () => ({ done: true as const })
    })
    open()
    const actions = await screen.findByRole('group', { name: 'Execution actions' })
    await fireEvent.click(within(actions).getByRole('button', { name: 'Pause' }))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not pause')
    expect(alert).toHaveTextContent('The workflow execution has already ended. (test.failed)')
    expect(bridge.of('monitor.refresh')).toHaveLength(1)
  })

  it('disables the actions the account lacks the privilege for, saying why', async () => {
    installBridge({
      'monitor.execution': () =>
        state({
          access: { userId: 'someone-else', privileges: ['space_view_atm_workflow_executions'] }
        })
    })
    open()
    const actions = await screen.findByRole('group', { name: 'Execution actions' })
    expect(within(actions).getByRole('button', { name: 'Pause' })).toBeDisabled()
    expect(document.body).toHaveTextContent(
      /Pause\s*Not possible: this execution was scheduled by someone else, and your account lacks the space_manage_atm_workflow_executions privilege/
    )
  })
})
