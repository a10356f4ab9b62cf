// An action the provider accepted but whose answer could not be read is done, and the execution
// view's toast says so in words rather than staying silent or showing a failure.
import { fireEvent, render, screen } from '@testing-library/svelte'
import { afterEach, describe, expect, it } from 'vitest'
import ExecutionView from '../../src/renderer/src/components/ExecutionView.svelte'
import type { ExecutionState } from '../../src/shared/monitor-state'
import { details, run } from '../helpers/details'
import { installBridge, removeBridge } from './fake-bridge'

afterEach(removeBridge)

const NOTE = 'The server accepted it; its answer could not be read (the body was cut short).'

const state = (status: string): ExecutionState =>
  ({
    accountId: 'a',
    executionId: 'wid',
    details: details(status, [[run(1, 'active')]], { atmWorkflowExecutionId: 'wid' }),
    observations: { execution: [], runs: [] },
    names: { lanes: {}, parallelBoxes: {}, tasks: {} },
    laneSamples: []
  }) as unknown as ExecutionState

describe('the note of an accepted action', () => {
  it('is shown with the action's result, and not with the next one answered in full', async () => {
    let note: string | undefined = NOTE
    const bridge = installBridge({
      'monitor.execution': () => state('active'),
      'executions.act': () => ({ done: true, ...(note ? { note } : {}) })
    })
    render(ExecutionView, { accountId: 'a', executionId: 'wid', onclose: () => {} })
    await fireEvent.click(await screen.findByRole('button', { name: 'Pause' }))
    const toast = (await screen.findByText(NOTE)).closest('.toast')
    expect(toast).toHaveAttribute('role', 'status')
    expect(toast).toHaveTextContent('Pause requested')
    expect(screen.queryByRole('alert')).toBeNull()
    expect(bridge.of('executions.act')).toHaveLength(1)

    note = undefined
    await fireEvent.click(screen.getByRole('button', { name: 'Pause' }))
    await expect.poll(() => bridge.of('executions.act').length).toBe(2)
    await expect.poll(() => screen.getAllByText('Pause requested')).toHaveLength(2)
    expect(screen.getAllByText(/its answer could not be read/)).toHaveLength(1)
  })
})
