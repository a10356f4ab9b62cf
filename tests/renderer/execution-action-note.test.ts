// An action the provider accepted but whose answer could not be read is done, and the execution
// view's toast says so in words rather than staying silent or showing a failure.
import './jsdom'
import { fireEvent, render, screen, within } from '@testing-library/svelte'
import { afterEach, describe, expect, it } from 'vitest'
import ExecutionView from '../../src/renderer/src/components/ExecutionView.svelte'
import type { ExecutionState } from '../../src/shared/monitor-state'
import { execution } from '../fixtures/timeline/build'
import { installBridge, removeBridge } from './fake-bridge'

afterEach(removeBridge)

const NOTE = 'The server accepted it; its answer could not be read (the body was cut short).'

const running = execution('active', [[{ runNumber: 1, status: 'active' }]])
const state: ExecutionState = {
  accountId: 'acc',
  executionId: running.atmWorkflowExecutionId,
  details: running,
  observations: { execution: [], runs: [] },
  auditLog: [],
  names: { lanes: {}, parallelBoxes: {}, tasks: {} },
  laneSamples: []
}

describe('the note of an accepted action', () => {
  it('is shown with the result of the action, and not with the next one answered in full', async () => {
    let note: string | undefined = NOTE
    const bridge = installBridge({
      'monitor.execution': () => state,
      'executions.act': () => ({ done: true as const, ...(note ? { note } : {}) }),
      'monitor.refresh': () => ({ done: true as const })
    })
    render(ExecutionView, {
      accountId: 'acc',
      executionId: running.atmWorkflowExecutionId,
      onclose: () => {}
    })
    const actions = await screen.findByRole('group', { name: 'Execution actions' })
    await fireEvent.click(within(actions).getByRole('button', { name: 'Pause' }))
    const toast = (await screen.findByText(NOTE)).closest('.toast')
    expect(toast).toHaveAttribute('role', 'status')
    expect(toast).toHaveTextContent('Pause requested')
    expect(screen.queryByRole('alert')).toBeNull()

    note = undefined
    await fireEvent.click(within(actions).getByRole('button', { name: 'Pause' }))
    await expect.poll(() => bridge.of('executions.act').length).toBe(2)
    await expect.poll(() => screen.getAllByText('Pause requested').length).toBe(2)
    expect(screen.getAllByText(/its answer could not be read/)).toHaveLength(1)
  })
})
