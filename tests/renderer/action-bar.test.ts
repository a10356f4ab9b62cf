// Execution actions: enabled by the shared rules with the reason for a refusal as visible
// text; cancel, delete and force-continue confirmed inline in Onedata's terms — Enter confirms,
// Esc backs out and returns focus, and a double-click cannot skip the confirmation.
import { fireEvent, render, screen } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import ActionBar from '../../src/renderer/src/components/ActionBar.svelte'
import type { ExecutionDetails } from '../../src/shared/execution'
import { SPACE_PRIVILEGES } from '../../src/shared/privileges'

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
  it('enables what the rules allow and shows the reason for the rest as text', () => {
    render(ActionBar, { details: details('stopping', 'stopping'), busy: false, onact: () => {} })
    expect(button('Cancel').disabled).toBe(false)
    expect(button('Pause').disabled).toBe(true)
    expect(screen.getByText('Not possible: the execution is already stopping')).toBeVisible()
    expect(button('Pause')).toHaveAccessibleDescription(
      'Not possible: the execution is already stopping'
    )
    expect(button('Pause').title).toBe('Not possible: the execution is already stopping')
    expect(button('Delete').disabled).toBe(true)
  })

  it('disables everything while an action is under way', () => {
    render(ActionBar, { details: details('active'), busy: true, onact: () => {} })
    for (const name of ['Pause', 'Resume', 'Cancel', 'Force continue', 'Delete'])
      expect(button(name).disabled).toBe(true)
  })

  it('acts at once for pause; asks first, inline and in Onedata’s terms, for cancel', async () => {
    const onact = vi.fn()
    render(ActionBar, { details: details('active'), busy: false, onact })
    await fireEvent.click(button('Pause'))
    expect(onact).toHaveBeenLastCalledWith('pause')
    await fireEvent.click(button('Cancel'))
    expect(onact).toHaveBeenCalledTimes(1)
    const dialog = screen.getByRole('alertdialog', { name: 'Confirm' })
    expect(dialog).toHaveTextContent(
      'Cancel "wf"? Lane 1, run 1 stops now, abandoning the items in processing, and ends cancelled; no later lane runs.'
    )
    expect(document.activeElement).toBe(button('Cancel the execution'))
    await fireEvent.click(button('Cancel the execution'), { detail: 1 })
    expect(onact).toHaveBeenLastCalledWith('cancel')
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it('does not let a double-click on Cancel skip the confirmation', async () => {
    const onact = vi.fn()
    render(ActionBar, { details: details('active'), busy: false, onact })
    // Both clicks of a double-click on the Cancel button…
    await fireEvent.click(button('Cancel'), { detail: 1 })
    await fireEvent.click(button('Cancel'), { detail: 2 })
    await fireEvent.dblClick(button('Cancel'))
    // …and a second click landing on the confirming button.
    await fireEvent.click(button('Cancel the execution'), { detail: 2 })
    expect(onact).not.toHaveBeenCalled()
    expect(screen.getByRole('alertdialog')).toBeTruthy()
  })

  it('confirms with Enter, but not with a held-down Enter', async () => {
    const onact = vi.fn()
    render(ActionBar, { details: details('paused', 'paused'), busy: false, onact })
    await fireEvent.click(button('Delete'))
    expect(screen.getByRole('alertdialog')).toHaveTextContent(
      'Delete "wf" from the provider? It will never resume.'
    )
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter', repeat: true })
    expect(onact).not.toHaveBeenCalled()
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' })
    expect(onact).toHaveBeenCalledWith('delete')
  })

  it('backs out with Esc and gives focus back to the button that asked', async () => {
    const onact = vi.fn()
    render(ActionBar, { details: details('active'), busy: false, onact })
    button('Cancel').focus()
    await fireEvent.click(button('Cancel'))
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(onact).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(document.activeElement).toBe(button('Cancel')))
  })

  it('disables actions the account lacks the privilege for, and says why', () => {
    render(ActionBar, {
      details: details('active'),
      busy: false,
      access: { userId: 'someone-else', privileges: [SPACE_PRIVILEGES.schedule] },
      onact: () => {}
    })
    // Pause and cancel would be allowed by the rules; the privilege refuses them, visibly.
    const reason = `Not possible: this execution was scheduled by someone else, and your account lacks the ${SPACE_PRIVILEGES.manage} privilege in this space`
    expect(button('Pause').disabled).toBe(true)
    expect(button('Cancel').disabled).toBe(true)
    expect(button('Pause')).toHaveAccessibleDescription(reason)
    expect(screen.getAllByText(reason)).toHaveLength(2)
  })

  it('allows nothing for a status it does not know, and says so', () => {
    render(ActionBar, { details: details('enqueued'), busy: false, onact: () => {} })
    expect(button('Pause').disabled).toBe(true)
    expect(button('Pause')).toHaveAccessibleDescription(
      /^Not possible: .*"enqueued" is not one Lanewatch knows/
    )
  })
})
