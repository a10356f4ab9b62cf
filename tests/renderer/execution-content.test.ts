// The execution view's content from the monitor's state: the header, the timeline with run
// details, the selection kept and followed across updates, a read-only offline snapshot, and
// the marks a comparison draws on runs.
import './jsdom'
import { fireEvent, render, screen, within } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import ExecutionContent from '../../src/renderer/src/components/execution/ExecutionContent.svelte'
import type { ExecutionDetails } from '../../src/shared/execution'
import type { ExecutionState } from '../../src/shared/monitor-state'
import { execution, firstTaskId } from '../fixtures/timeline/build'
import {
  storyDetails,
  storyLog,
  storyNames,
  storyNow,
  storyObservations
} from '../fixtures/timeline/story'

function state(details: ExecutionDetails = storyDetails(), extra: Partial<ExecutionState> = {}) {
  const story = details.lanes.length === 3
  return {
    accountId: 'acc',
    executionId: details.atmWorkflowExecutionId,
    details,
    observations: story ? storyObservations : { execution: [], runs: [] },
    auditLog: story ? storyLog(details) : [],
    names: storyNames,
    laneSamples: [],
    ...extra
  } satisfies ExecutionState
}
const listbox = () => screen.getByRole('listbox', { name: 'Timeline of lane runs' })
const option = (name: RegExp) => within(listbox()).getByRole('option', { name })

describe('ExecutionContent', () => {
  it('heads the view with the status, the current round’s times, the user, log level and provider', () => {
    render(ExecutionContent, {
      state: state(storyDetails(), {
        userName: 'Alice Doe',
        provider: { label: 'Demo provider', host: '127.0.0.1:4443' }
      }),
      now: storyNow
    })
    const header = screen.getByRole('region', { name: 'Execution summary' })
    expect(within(header).getByRole('heading', { level: 1 })).toHaveTextContent(
      'checksum-and-publish'
    )
    expect(header).toHaveTextContent('active')
    expect(header).toHaveTextContent('Scheduled by Alice Doe')
    // The story's finish time belongs to the round before the rerun: not shown as a finish.
    expect(header).toHaveTextContent('Finished not yet: it runs again')
    expect(header).toHaveTextContent(/Duration \d+ min( \d+ s)? so far/)
    expect(header).toHaveTextContent('Provider Demo provider (127.0.0.1:4443)')
    // The story's log has no debug entry and the app did not schedule it.
    expect(header).toHaveTextContent("Log level unknown (Oneprovider's REST API does not say)")
  })

  it('shows a debug log level the audit log reveals, and a user Onezone did not name by id', () => {
    const details = storyDetails()
    const log = [...storyLog(details)]
    log.push({ ...log[0]!, index: 'x', severity: 'debug' })
    render(ExecutionContent, { state: state(details, { auditLog: log }), now: storyNow })
    const header = screen.getByRole('region', { name: 'Execution summary' })
    expect(header).toHaveTextContent('Log level debug')
    expect(header).toHaveTextContent('user user-1 (no name from Onezone)')
  })

  it('selecting a run shows its details; a new retry of the newest run takes the selection', async () => {
    const before = execution('active', [
      [{ runNumber: 1, status: 'finished' }],
      [{ runNumber: 1, status: 'active' }]
    ])
    const { rerender } = render(ExecutionContent, { state: state(before), now: storyNow })
    await fireEvent.click(option(/^Lane 2, run 1,/))
    const details = screen.getByRole('region', { name: 'Run details' })
    expect(details).toHaveTextContent('Lane 2, run 1')
    const after = execution('active', [
      [{ runNumber: 1, status: 'finished' }],
      [
        { runNumber: 1, status: 'failed' },
        { runNumber: 2, originRunNumber: 1, runType: 'retry', status: 'active' }
      ]
    ])
    await rerender({ state: state(after), now: storyNow })
    expect(screen.getByRole('region', { name: 'Run details' })).toHaveTextContent('Lane 2, run 2')
    expect(option(/^Lane 2, run 2,/)).toHaveAttribute('aria-selected', 'true')
  })

  it('an offline snapshot says so and disables every action with the reason', async () => {
    const details = storyDetails('failed')
    const onact = vi.fn()
    render(ExecutionContent, {
      state: state(details),
      offline: { savedAt: '2026-11-20T10:00:00.000Z', fileName: 'run.lanewatch' },
      now: storyNow,
      onact
    })
    expect(screen.getByRole('note')).toHaveTextContent(/^Offline snapshot, saved 2026-11-2\d /)
    const actions = screen.getByRole('group', { name: 'Execution actions' })
    for (const button of within(actions).getAllByRole('button')) expect(button).toBeDisabled()
    // Every action gives the same reason: Delete, allowed on a failed execution online, and
    // Pause, which the rules refuse for an ended one, alike.
    for (const button of within(actions).getAllByRole('button'))
      expect(button).toHaveAttribute('title', 'Not possible: offline snapshot')
    expect(document.body).toHaveTextContent(/Delete\s*Not possible: offline snapshot/)
    expect(document.body).toHaveTextContent(/Pause\s*Not possible: offline snapshot/)
    await fireEvent.click(option(/^Lane 2, run 3,/))
    const repeat = screen.getByRole('group', { name: 'Repeat this run' })
    for (const button of within(repeat).getAllByRole('button')) expect(button).toBeDisabled()
    expect(repeat).toHaveTextContent('Not possible: offline snapshot')
    expect(onact).not.toHaveBeenCalled()
  })

  it('draws the marks a comparison gives on their runs, visibly and in their names', () => {
    const { container } = render(ExecutionContent, {
      state: state(),
      now: storyNow,
      marks: new Map([['2:3', 'new']])
    })
    expect(option(/^Lane 2, run 3,/).getAttribute('aria-label')).toMatch(/; marked new$/)
    expect(option(/^Lane 1, run 1,/).getAttribute('aria-label')).not.toMatch(/marked/)
    expect(container.querySelector('[data-key="2:3"] .mark')?.textContent).toBe('◆ new')
  })

  it('says when the execution cannot be read and while it loads', async () => {
    const { rerender } = render(ExecutionContent, {
      state: { ...state(), details: null, auditLog: null },
      now: storyNow
    })
    expect(screen.getByText('Loading the execution…')).toBeInTheDocument()
    await rerender({
      state: {
        ...state(),
        details: null,
        error: { id: 'forbidden', description: 'You are not allowed to view it.' }
      },
      now: storyNow
    })
    expect(screen.getByRole('alert')).toHaveTextContent('You are not allowed to view it.')
  })

  it('shows the selected run’s tasks and stores as they change while its status stays', async () => {
    const before = storyDetails()
    const log = storyLog(before)
    const { rerender } = render(ExecutionContent, {
      state: state(before, { auditLog: log }),
      now: storyNow
    })
    await fireEvent.click(option(/^Lane 2, run 3,/))
    const region = () => screen.getByRole('region', { name: 'Run details' })
    const task = firstTaskId(before, 2, 3)
    expect(region()).toHaveTextContent(task)
    const bar = option(/^Lane 2, run 3,/)
    // Read again: the run's task and exception store are new, its status is not.
    const after = JSON.parse(JSON.stringify(before)) as ExecutionDetails
    const run = after.lanes[1]!.runs[0]!
    const registry = run.parallelBoxes[0]!.taskRegistry
    registry[Object.keys(registry)[0]!] = 'te-replaced'
    run.exceptionStoreId = 'ex-replaced'
    await rerender({ state: state(after, { auditLog: log }), now: storyNow })
    expect(region()).toHaveTextContent('te-replaced')
    expect(region()).toHaveTextContent('ex-replaced')
    expect(region()).not.toHaveTextContent(task)
    // The timeline draws the run alike: its bar is the same element, still selected.
    expect(option(/^Lane 2, run 3,/)).toBe(bar)
    expect(bar).toHaveAttribute('aria-selected', 'true')
  })
})
