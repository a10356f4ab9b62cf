// The snapshot screens with a fake bridge: the library (list, empty, delete after confirming,
// show in folder, open, compare two), a snapshot opened offline (marked, read-only, no monitor
// call), the comparison (at a glance, and on the timeline), saving from the execution view, and
// a file dropped on the window.
import './jsdom'
import { fireEvent, render, screen, within } from '@testing-library/svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import CompareView from '../../src/renderer/src/components/snapshots/CompareView.svelte'
import OfflineExecution from '../../src/renderer/src/components/snapshots/OfflineExecution.svelte'
import SaveSnapshot from '../../src/renderer/src/components/snapshots/SaveSnapshot.svelte'
import SnapshotLibrary from '../../src/renderer/src/components/snapshots/SnapshotLibrary.svelte'
import { comparisonMarks, comparisonSummary } from '../../src/renderer/src/lib/snapshots/compare'
import { acceptDroppedSnapshots } from '../../src/renderer/src/lib/snapshots/drop'
import type { ExecutionState } from '../../src/shared/monitor-state'
import { compareExecutions, type ExecutionDiff } from '../../src/shared/snapshot-diff'
import type { LibraryEntry, SnapshotComparison } from '../../src/shared/snapshot-library'
import { details, run } from '../helpers/details'
import { installBridge, removeBridge } from './fake-bridge'

afterEach(removeBridge)

const entry = (file: string, savedAt: number, extra: Partial<LibraryEntry> = {}): LibraryEntry => ({
  file,
  bytes: 1234,
  executionId: 'wid',
  name: 'variant-calling',
  status: 'finished',
  providerHost: 'op.example.org',
  savedAt,
  ...extra
})

const earlier = details('active', [[run(1, 'active')]], { finishTime: 0 })
const later = details('failed', [[run(1, 'failed')], [run(1, 'finished')]], { finishTime: 500 })
const log = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    index: String(i),
    timestamp: 1_700_000_000_000 + i * 1000,
    severity: 'info',
    content: { description: `entry ${i}` }
  }))
const stateOf = (d = later, extra: Partial<ExecutionState> = {}): ExecutionState => ({
  accountId: '',
  executionId: d.atmWorkflowExecutionId,
  details: d,
  readAt: 1_700_000_100_000,
  observations: { execution: [], runs: [] },
  auditLog: log(3),
  names: { lanes: [], boxes: {}, tasks: {} } as unknown as ExecutionState['names'],
  laneSamples: [],
  ...extra
})

describe('the snapshot library', () => {
  it('lists snapshots with name, status, provider, saved time and file; opens and shows in folder', async () => {
    const bridge = installBridge({
      'snapshots.list': () => ({
        entries: [entry('b.lanewatch', 2_000_000), entry('a.lanewatch', 1_000_000)],
        problems: [
          { file: 'bad.lanewatch', reason: '"bad.lanewatch" is not a Lanewatch snapshot.' }
        ]
      }),
      'snapshots.reveal': () => ({ shown: true })
    })
    const onopen = vi.fn()
    render(SnapshotLibrary, { onopen, oncompare: () => {} })
    const table = await screen.findByRole('table', { name: 'Saved snapshots' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toHaveTextContent('variant-calling')
    expect(rows[0]).toHaveTextContent('finished')
    expect(rows[0]).toHaveTextContent('op.example.org')
    expect(rows[0]).toHaveTextContent(new Date(2_000_000).toLocaleString())
    expect(rows[0]).toHaveTextContent('b.lanewatch')
    expect(screen.getByText(/1 file\(s\) in the history cannot be read/)).toBeInTheDocument()
    await fireEvent.click(screen.getByRole('button', { name: 'Open a.lanewatch' }))
    expect(onopen).toHaveBeenCalledWith({ file: 'a.lanewatch' })
    await fireEvent.click(screen.getByRole('button', { name: 'Show a.lanewatch in its folder' }))
    expect(bridge.of('snapshots.reveal')[0]!.request).toEqual({ file: 'a.lanewatch' })
  })

  it('deletes only after a confirmation, and lists again when the history changes', async () => {
    let entries = [entry('a.lanewatch', 1)]
    const bridge = installBridge({
      'snapshots.list': () => ({ entries, problems: [] }),
      'snapshots.delete': () => {
        entries = []
        return { deleted: true }
      }
    })
    render(SnapshotLibrary, { onopen: () => {}, oncompare: () => {} })
    await fireEvent.click(await screen.findByRole('button', { name: 'Delete a.lanewatch' }))
    expect(bridge.of('snapshots.delete')).toHaveLength(0)
    await fireEvent.click(screen.getByRole('button', { name: 'Keep' }))
    await fireEvent.click(screen.getByRole('button', { name: 'Delete a.lanewatch' }))
    await fireEvent.click(screen.getByRole('button', { name: 'Delete it' }))
    expect(bridge.of('snapshots.delete')[0]!.request).toEqual({ file: 'a.lanewatch' })
    bridge.emit('snapshots:changed', {})
    expect(await screen.findByText(/No snapshots yet/)).toBeInTheDocument()
  })

  it('compares the two picked, the earlier saved first', async () => {
    installBridge({
      'snapshots.list': () => ({
        entries: [
          entry('new.lanewatch', 30),
          entry('mid.lanewatch', 20),
          entry('old.lanewatch', 10)
        ],
        problems: []
      })
    })
    const oncompare = vi.fn()
    render(SnapshotLibrary, { onopen: () => {}, oncompare })
    const compare = await screen.findByRole('button', { name: 'Compare the two picked' })
    expect(compare).toBeDisabled()
    await screen.findByRole('table', { name: 'Saved snapshots' })
    const boxes = screen.getAllByRole('checkbox')
    await fireEvent.click(boxes[0]!)
    expect(compare).toBeDisabled()
    await fireEvent.click(boxes[2]!)
    expect(compare).toBeEnabled()
    await fireEvent.click(compare)
    expect(oncompare).toHaveBeenCalledWith({ file: 'old.lanewatch' }, { file: 'new.lanewatch' })
  })

  it('"Open a snapshot file…" opens the file chosen in the dialog; a cancel opens nothing', async () => {
    let chosen: { handle: string; fileName: string } | null = null
    installBridge({
      'snapshots.list': () => ({ entries: [], problems: [] }),
      'snapshots.choose': () => chosen
    })
    const onopen = vi.fn()
    render(SnapshotLibrary, { onopen, oncompare: () => {} })
    const open = screen.getByRole('button', { name: 'Open a snapshot file…' })
    await fireEvent.click(open)
    await vi.waitFor(() => expect(screen.getByText(/No snapshots yet/)).toBeInTheDocument())
    expect(onopen).not.toHaveBeenCalled()
    chosen = { handle: 'h7', fileName: 'shared.lanewatch' }
    await fireEvent.click(open)
    await vi.waitFor(() => expect(onopen).toHaveBeenCalledWith({ handle: 'h7' }))
  })

  it('says why the history cannot be read, and offers to try again', async () => {
    installBridge({
      'snapshots.list': () => {
        throw new Error('permission denied')
      }
    })
    render(SnapshotLibrary, { onopen: () => {}, oncompare: () => {} })
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The history cannot be read: permission denied'
    )
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument()
  })
})

describe('a snapshot opened offline', () => {
  it('is marked offline with its saved time and provider; actions disabled; no monitor call', async () => {
    const bridge = installBridge({
      'snapshots.open': () => ({
        state: stateOf(),
        offline: {
          savedAt: '2026-11-20T10:00:00.000Z',
          fileName: 'run.lanewatch',
          providerHost: 'op.example.org'
        }
      })
    })
    render(OfflineExecution, { source: { handle: 'h1' }, back: 'Snapshots', onclose: () => {} })
    expect(await screen.findByText(/Offline snapshot, saved/)).toHaveTextContent('run.lanewatch')
    expect(screen.getByText('From op.example.org')).toBeInTheDocument()
    expect(document.body).toHaveTextContent(/Delete\s*Not possible: offline snapshot/)
    for (const b of within(screen.getByRole('group', { name: 'Execution actions' })).getAllByRole(
      'button'
    ))
      expect(b).toBeDisabled()
    expect(bridge.calls.map((c) => c.channel)).toEqual(['snapshots.open'])
    expect(bridge.calls[0]!.request).toEqual({ source: { handle: 'h1' } })
  })

  it('a file that cannot be opened says why in one line', async () => {
    installBridge({
      'snapshots.open': () => {
        throw new Error(
          '"x.lanewatch" does not match its checksum: it was damaged or changed after it was saved.'
        )
      }
    })
    render(OfflineExecution, {
      source: { file: 'x.lanewatch' },
      back: 'Snapshots',
      onclose: () => {}
    })
    expect(await screen.findByRole('alert')).toHaveTextContent(/does not match its checksum/)
  })
})

describe('the comparison', () => {
  const comparison = (): SnapshotComparison => ({
    comparison: compareExecutions(
      { execution: earlier, auditLog: log(2) },
      { execution: later, auditLog: log(5) }
    ),
    before: { label: 'a.lanewatch', at: 1_700_000_000_000, status: 'active' },
    after: {
      label: 'b.lanewatch',
      at: 1_700_000_100_000,
      status: 'failed',
      state: stateOf(later, { auditLog: log(5) })
    }
  })

  it('shows status changes, new runs, changed runs and added entries at a glance, and on the timeline', async () => {
    installBridge({ 'snapshots.compare': () => comparison() })
    render(CompareView, {
      before: { file: 'a.lanewatch' },
      after: { file: 'b.lanewatch' },
      onclose: () => {}
    })
    expect(
      await screen.findByText(
        /active → failed · 1 new run · 1 run changed status · 3 audit-log entries added/
      )
    ).toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'New runs' })).toHaveTextContent('lane 2, run 1')
    expect(screen.getByRole('region', { name: 'Runs whose status changed' })).toHaveTextContent(
      /lane 1, run 1:\s*active\s*→\s*failed/
    )
    const added = screen.getByRole('region', { name: 'Audit-log entries added' })
    expect(added).toHaveTextContent('entry 2')
    expect(added).not.toHaveTextContent('entry 1 ')
    const timeline = screen.getByRole('listbox', { name: 'Timeline of lane runs' })
    expect(timeline).toHaveTextContent('active → failed')
    expect(timeline).toHaveTextContent('new: finished')
  })

  it('refuses two different executions with the reason', async () => {
    installBridge({
      'snapshots.compare': () => ({
        ...comparison(),
        comparison: { comparable: false, reason: 'These are two different executions.' }
      })
    })
    render(CompareView, {
      before: { file: 'a.lanewatch' },
      after: { file: 'c.lanewatch' },
      onclose: () => {}
    })
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'These are two different executions.'
    )
  })

  it('summarizes and marks from the diff alone', () => {
    const diff = (comparison().comparison as { diff: ExecutionDiff }).diff
    expect([...comparisonMarks(diff)]).toEqual([
      ['2:1', 'new: finished'],
      ['1:1', 'active → failed']
    ])
    expect(
      comparisonSummary({
        ...diff,
        status: undefined,
        newRuns: [],
        changedRuns: [],
        addedEntries: []
      })
    ).toBe('Nothing changed between the two.')
  })
})

describe('saving from the execution view', () => {
  it('saves into the history, or also to a chosen file; a cancelled dialog saves nothing', async () => {
    let answer: unknown = { saved: true, entry: entry('x.lanewatch', 1), warnings: [] }
    const bridge = installBridge({
      'snapshots.saved': () => [],
      'snapshots.save': () => answer as never
    })
    render(SaveSnapshot, { accountId: 'acc', executionId: 'wid' })
    await fireEvent.click(screen.getByRole('button', { name: 'Save snapshot' }))
    expect(await screen.findByRole('status')).toHaveTextContent('Saved to the snapshot history.')
    expect(bridge.of('snapshots.save')[0]!.request).toEqual({
      accountId: 'acc',
      executionId: 'wid',
      chooseFile: false
    })
    answer = { saved: false }
    await fireEvent.click(screen.getByRole('button', { name: 'Save snapshot as…' }))
    await vi.waitFor(() => expect(bridge.of('snapshots.save')).toHaveLength(2))
    await vi.waitFor(() => expect(screen.queryByRole('status')).toBeNull())
    answer = {
      saved: true,
      entry: entry('x.lanewatch', 1),
      copiedTo: 'mine.lanewatch',
      warnings: []
    }
    await fireEvent.click(screen.getByRole('button', { name: 'Save snapshot as…' }))
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Saved to mine.lanewatch and to the snapshot history.'
    )
  })

  it('says why a save failed, and offers the comparison once the history holds the execution', async () => {
    let saved: { executionId: string; savedAt: number; file: string }[] = []
    const bridge = installBridge({
      'snapshots.saved': () => saved,
      'snapshots.save': () => {
        throw new Error('the disk is full')
      }
    })
    render(SaveSnapshot, { accountId: 'acc', executionId: 'wid' })
    await fireEvent.click(screen.getByRole('button', { name: 'Save snapshot' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The snapshot was not saved: the disk is full'
    )
    expect(screen.queryByRole('button', { name: 'Compare with the last snapshot' })).toBeNull()
    saved = [{ executionId: 'wid', savedAt: 1, file: 'x.lanewatch' }]
    bridge.emit('snapshots:changed', {})
    expect(
      await screen.findByRole('button', { name: 'Compare with the last snapshot' })
    ).toBeInTheDocument()
  })
})

describe('a file dropped on the window', () => {
  function dropOn(target: EventTarget, files: File[]) {
    const e = new Event('drop', { cancelable: true }) as DragEvent
    Object.defineProperty(e, 'dataTransfer', { value: { files, types: ['Files'] } })
    target.dispatchEvent(e)
    return e
  }

  it('admits a dropped snapshot by its path and opens it; refuses other files', async () => {
    const bridge = installBridge({
      'snapshots.admit': () => ({ handle: 'h9', fileName: 'run.lanewatch' })
    })
    ;(window.lanewatch as { pathForFile?: (f: File) => string }).pathForFile = (f) =>
      `/home/me/${f.name}`
    const target = new EventTarget() as unknown as Window
    const opened = vi.fn()
    const errors: string[] = []
    const stop = acceptDroppedSnapshots(target, opened, (m) => errors.push(m))
    expect(dropOn(target, [new File(['x'], 'run.lanewatch')]).defaultPrevented).toBe(true)
    await vi.waitFor(() =>
      expect(opened).toHaveBeenCalledWith({ handle: 'h9', fileName: 'run.lanewatch' })
    )
    expect(bridge.of('snapshots.admit')[0]!.request).toEqual({ path: '/home/me/run.lanewatch' })
    dropOn(target, [new File(['x'], 'notes.txt')])
    expect(errors).toEqual(['Only Lanewatch snapshots (.lanewatch files) can be dropped here.'])
    stop()
    dropOn(target, [new File(['x'], 'run.lanewatch')])
    expect(bridge.of('snapshots.admit')).toHaveLength(1)
  })

  it('without a way to learn the path (a browser), says so', () => {
    installBridge({})
    const target = new EventTarget() as unknown as Window
    const errors: string[] = []
    acceptDroppedSnapshots(
      target,
      () => {},
      (m) => errors.push(m)
    )
    dropOn(target, [new File(['x'], 'run.lanewatch')])
    expect(errors).toEqual(['run.lanewatch cannot be opened here: its location is not known.'])
  })
})
