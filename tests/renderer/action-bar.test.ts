import { fireEvent, render, screen } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import ActionBar from '../../src/renderer/src/components/ActionBar.svelte'
import type { ExecutionDetails } from '../../src/shared/execution'

const details = (status: string, runStatus = 'active'): ExecutionDetails => ({
  atmWorkflowExecutionId: 'e',
  atmWorkflowSchemaSnapshotId: 'e',
  name: 'wf',
  atmInventoryId: 'i',
  spaceId: 's',
  userId: 'u',
  status,
  scheduleTime: 1,
  startTime: 1,
  suspendTime: 0,
  finishTime: 0,
  lambdaSnapshotRegistry: {},
  storeRegistry: {},
  systemAuditLogStoreId: 'a',
  lanes: [
    {
      schemaId: 'l1',
      runs: [
        {
          runNumber: 1,
          originRunNumber: null,
          runType: 'regular',
          status: runStatus,
          iteratedStoreId: null,
          exceptionStoreId: null,
          parallelBoxes: [],
          isRetriable: false,
          isRerunable: false
        }
      ]
    }
  ]
})

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement

describe('ActionBar', () => {
  it('enables what the rules allow and explains what they do not', () => {
    render(ActionBar, { details: details('stopping', 'stopping'), busy: false, onact: () => {} })
    expect(button('Cancel').disabled).toBe(false)
    expect(button('Pause').disabled).toBe(true)
    expect(button('Pause').title).toBe('Not possible: the execution is already stopping')
    expect(button('Pause')).toHaveAccessibleDescription(
      'Not possible: the execution is already stopping'
    )
    expect(button('Delete').disabled).toBe(true)
  })

  it('disables everything while an action is under way', () => {
    render(ActionBar, { details: details('active'), busy: true, onact: () => {} })
    for (const name of ['Pause', 'Resume', 'Cancel', 'Force continue', 'Delete'])
      expect(button(name).disabled).toBe(true)
  })

  it('acts at once for pause; asks once more, inline, for cancel', async () => {
    const onact = vi.fn()
    render(ActionBar, { details: details('active'), busy: false, onact })
    await fireEvent.click(button('Pause'))
    expect(onact).toHaveBeenLastCalledWith('pause')
    await fireEvent.click(button('Cancel'))
    expect(onact).toHaveBeenCalledTimes(1)
    const dialog = screen.getByRole('alertdialog', { name: 'Confirm' })
    expect(dialog).toHaveTextContent('Cancel this execution?')
    await fireEvent.click(screen.getAllByRole('button', { name: 'Cancel' })[1]!)
    expect(onact).toHaveBeenLastCalledWith('cancel')
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it('allows nothing for a status it does not know, and says so', () => {
    render(ActionBar, { details: details('enqueued'), busy: false, onact: () => {} })
    expect(button('Pause').disabled).toBe(true)
    expect(button('Pause').title).toMatch(/"enqueued" is not one Lanewatch knows/)
  })
})
