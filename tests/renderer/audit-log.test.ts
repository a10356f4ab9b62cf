// The audit-log panel: newest first with date and time, a severity threshold, search, the
// selected run's entries highlighted, links to the runs entries name, and a virtualized list.
import './jsdom'
import { fireEvent, render, screen, within } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import AuditLogPanel from '../../src/renderer/src/components/AuditLogPanel.svelte'
import {
  filterRows,
  logRows,
  runKeyTitle,
  visibleWindow
} from '../../src/renderer/src/lib/timeline/audit-log'
import type { AuditLogEntry } from '../../src/shared/execution'
import { parseLog } from '../../src/shared/timeline/log'
import { resolveLog } from '../../src/shared/timeline/resolve'
import { listRuns } from '../../src/shared/timeline/runs'
import { auditLog } from '../fixtures/timeline/build'
import { at, storyDetails, storyLog } from '../fixtures/timeline/story'

const rowsOf = (entries: AuditLogEntry[], d = storyDetails('failed')) =>
  logRows(resolveLog(parseLog(entries), listRuns(d)))

describe('audit-log rows', () => {
  const d = storyDetails('failed')
  const rows = rowsOf(storyLog(d), d)

  it('come newest first with the runs each entry names', () => {
    expect(rows[0]!.text).toBe('Stopped execution.')
    const rerun = rows.find((r) => r.text.endsWith('Scheduled manual rerun.'))!
    expect(rerun.runKeys).toEqual(['2:1', '2:3'])
    expect(rows.at(-1)!.text).toBe('Scheduled execution.')
  })

  it('filter by severity threshold and by text, details included', () => {
    expect(filterRows(rows, { minSeverity: 'notice' }).every((r) => r.severity === 'notice')).toBe(
      true
    )
    expect(filterRows(rows, { search: 'RERUN' }).map((r) => r.text)).toEqual([
      '[Lane: 2, Run: 1] Scheduled manual rerun.'
    ])
    // Searching the details finds the entry that says which lanes lost a prepared run.
    expect(filterRows(rows, { search: 'laneIndices' })).toHaveLength(1)
  })

  it('never hide a severity they cannot rank', () => {
    const log = auditLog()
    log.add(1, 'verbose', 'odd entry')
    log.add(2, 'debug', 'debug entry')
    expect(filterRows(rowsOf(log.entries), { minSeverity: 'error' }).map((r) => r.text)).toEqual([
      'odd entry'
    ])
  })

  it('stay unique when a server repeats an index', () => {
    const e: AuditLogEntry = { index: '1', timestamp: 1, severity: 'info', content: {} }
    expect(rowsOf([e, { ...e, timestamp: 2 }]).map((r) => r.id)).toEqual(['1', '1#2'])
  })

  it('name runs by key', () => {
    expect(runKeyTitle('2:3')).toBe('Lane 2, run 3')
    expect(runKeyTitle('3:ahead')).toBe('Lane 3, run prepared in advance')
  })
})

describe('visibleWindow', () => {
  it('renders a screenful plus a margin, padding for the rest', () => {
    expect(visibleWindow(0, 280, 28, 5000, 5)).toEqual({
      start: 0,
      end: 15,
      padTop: 0,
      padBottom: (5000 - 15) * 28
    })
    expect(visibleWindow(28 * 1000, 280, 28, 5000, 5)).toEqual({
      start: 995,
      end: 1015,
      padTop: 995 * 28,
      padBottom: (5000 - 1015) * 28
    })
    expect(visibleWindow(1e9, 280, 28, 10, 5)).toMatchObject({ start: 10, end: 10 })
  })
})

describe('AuditLogPanel', () => {
  it('shows date, time, severity and text, newest first, and highlights the selected run', () => {
    const d = storyDetails('failed')
    render(AuditLogPanel, { details: d, log: storyLog(d), selected: '2:3' })
    const items = screen.getAllByRole('listitem')
    expect(items[0]).toHaveTextContent('2026-11-23 14:27:31 notice Stopped execution.')
    expect(screen.getByRole('status')).toHaveTextContent('22 of 22 entries; 4 about Lane 2, run 3')
    const mine = items.filter((li) => li.classList.contains('mine'))
    expect(mine).toHaveLength(4)
    expect(mine[0]).toHaveTextContent('2026-11-23 14:27:30 info [Lane: 2, Run: 3] Stopped.')
  })

  it('selects the run an entry names', async () => {
    const onselect = vi.fn()
    const d = storyDetails('failed')
    render(AuditLogPanel, { details: d, log: storyLog(d), onselect })
    const entry = screen
      .getAllByRole('listitem')
      .find((li) => li.textContent?.includes('Run: 3] Stopped.'))!
    await fireEvent.click(within(entry).getByRole('button', { name: 'Lane 2, run 3' }))
    expect(onselect).toHaveBeenCalledWith('2:3')
  })

  it('filters by severity and text', async () => {
    const d = storyDetails('failed')
    render(AuditLogPanel, { details: d, log: storyLog(d) })
    await fireEvent.change(screen.getByLabelText('Severity'), { target: { value: 'notice' } })
    expect(screen.getByRole('status')).toHaveTextContent('4 of 22 entries')
    await fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'no such text' } })
    expect(screen.getByText('No entry matches.')).toBeTruthy()
  })

  it('keeps only a window of thousands of entries in the DOM and follows the scroll', async () => {
    const log = auditLog()
    for (let i = 0; i < 5000; i++) log.add(at(9, 0) + i * 1000, 'info', `entry ${i}`)
    render(AuditLogPanel, { details: storyDetails('failed'), log: log.entries })
    expect(screen.getAllByRole('listitem').length).toBeLessThan(40)
    expect(screen.getAllByRole('listitem')[0]).toHaveTextContent('entry 4999')
    const scroller = screen.getByRole('region', { name: 'Audit log entries, newest first' })
    scroller.scrollTop = 28 * 3000
    await fireEvent.scroll(scroller)
    const texts = screen.getAllByRole('listitem').map((li) => li.textContent)
    expect(texts.some((t) => t?.includes('entry 1999'))).toBe(true)
    expect(texts.some((t) => t?.includes('entry 4999'))).toBe(false)
  })

  it('says when the log is empty', () => {
    render(AuditLogPanel, { details: storyDetails('failed'), log: [] })
    expect(screen.getByText('The audit log is empty.')).toBeTruthy()
  })

  it('links an entry naming a task to its run once the run holds the task, status unchanged', async () => {
    const d = storyDetails('failed')
    const log = [...storyLog(d)]
    log.push({
      index: String(log.length),
      timestamp: log.at(-1)!.timestamp + 1000,
      severity: 'info',
      content: { description: '[Task: 5f1e] Started.', referencedElements: { tasks: ['te-late'] } }
    })
    const { rerender } = render(AuditLogPanel, { details: d, log })
    const row = () => screen.getByText('[Task: 5f1e] Started.').closest('li')!
    expect(within(row()).queryAllByRole('button')).toHaveLength(0)
    // The same execution read again: one run now holds the task; no status changed.
    const next = JSON.parse(JSON.stringify(d)) as typeof d
    next.lanes[1]!.runs[0]!.parallelBoxes[0]!.taskRegistry['task-late'] = 'te-late'
    await rerender({ details: next, log })
    expect(within(row()).getByRole('button', { name: 'Lane 2, run 3' })).toBeTruthy()
  })
})
