import { fireEvent, render, screen, within } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import ExecutionList from '../../src/renderer/src/components/ExecutionList.svelte'
import type { ListRow } from '../../src/renderer/src/lib/list/columns'
import type { ExecutionDetails } from '../../src/shared/execution'

const NOW = 1_800_000_000
const ROW = 34
const HEIGHT = 340 // ten rows in view

const details = (i: number, over: Partial<ExecutionDetails> = {}): ExecutionDetails => ({
  atmWorkflowExecutionId: id(i),
  atmWorkflowSchemaSnapshotId: id(i),
  name: `workflow-${i % 7}`,
  atmInventoryId: 'inv',
  spaceId: 'sp',
  userId: i % 2 ? 'me' : 'someone-else-0001',
  status: 'finished',
  scheduleTime: NOW - 3600,
  startTime: NOW - 3500,
  suspendTime: 0,
  finishTime: NOW - 60,
  lambdaSnapshotRegistry: {},
  storeRegistry: {},
  systemAuditLogStoreId: null,
  lanes: [{ schemaId: 'l1', runs: [] }],
  ...over
})
const id = (i: number) => `${i.toString(16).padStart(32, '0')}ch0001`
const many = (n: number, loaded = n): ListRow[] =>
  Array.from({ length: n }, (_, i) =>
    i < loaded ? { id: id(i), details: details(i) } : { id: id(i) }
  )

function setup(props: Partial<Record<string, unknown>> = {}) {
  const calls = {
    onselect: vi.fn(),
    onopen: vi.fn(),
    onsort: vi.fn(),
    onscroll: vi.fn(),
    onvisible: vi.fn()
  }
  const result = render(ExecutionList, {
    rows: many(10_000),
    label: 'Ended executions',
    people: { currentUserId: 'me' },
    now: NOW,
    sort: { column: 'finished', direction: 'desc' },
    rowHeight: ROW,
    height: HEIGHT,
    ...calls,
    ...props
  })
  const grid = screen.getByRole('grid', { name: (props.label as string) ?? 'Ended executions' })
  const viewport = grid
  const dataRows = () => within(grid).getAllByRole('row').slice(1)
  const indexes = () => dataRows().map((r) => Number(r.getAttribute('aria-rowindex')))
  return { ...result, ...calls, grid, viewport, dataRows, indexes }
}

describe('ExecutionList', () => {
  it('renders only the rows in view of 10,000, and says how many there are', () => {
    const { grid, dataRows, indexes } = setup()
    expect(grid).toHaveAttribute('aria-rowcount', '10001')
    expect(dataRows().length).toBeLessThan(30)
    expect(indexes()[0]).toBe(2) // the header is row 1
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent?.trim())
    ).toEqual([
      'Name',
      'Status',
      'Progress',
      'Scheduled',
      'Started',
      'Finished ▼',
      'Duration',
      'Scheduled by'
    ])
  })

  it('shows each column: name with its id suffix, status, progress, times, duration, user', () => {
    const [first, second] = [
      'a1b2c3d4e5f60718293a4b5c6d7e8f90ch0001',
      'a1b29f00e5f60718293a4b5c6d7e8f90ch0001'
    ]
    const rows: ListRow[] = [
      {
        id: first!,
        details: details(1, {
          name: 'checksum',
          status: 'active',
          finishTime: 0,
          lanes: [
            { schemaId: 'a', runs: [] },
            { schemaId: 'b', runs: [] }
          ]
        })
      },
      { id: second!, details: details(2, { name: 'checksum', status: 'teleporting' }) }
    ]
    rows[0]!.details!.lanes[0]!.runs.push({
      runNumber: 1,
      originRunNumber: null,
      runType: 'regular',
      status: 'active',
      iteratedStoreId: null,
      exceptionStoreId: null,
      parallelBoxes: [],
      isRetriable: false,
      isRerunable: false
    })
    const { dataRows } = setup({ rows })
    const cells = dataRows().map((r) =>
      within(r)
        .getAllByRole('gridcell')
        .map((c) => c.textContent?.replace(/\s+/g, ' ').trim())
    )
    expect(cells[0]).toEqual([
      'checksum a1b2c',
      'active',
      'lane 1 of 2',
      '1 h ago',
      '58 min ago',
      '—',
      '58m 20s',
      'you'
    ])
    // Same name, so the suffix grows until the two differ; an unknown status is shown as sent.
    expect(cells[1]![0]).toBe('checksum a1b29')
    expect(cells[1]![1]).toBe('teleporting')
    expect(cells[1]![7]).toBe('someone-')
    const scheduled = within(dataRows()[0]!).getAllByRole('gridcell')[3]!.querySelector('time')!
    expect(scheduled.getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  })

  it('shows a placeholder while details load, and why when they cannot', () => {
    const rows: ListRow[] = [
      { id: id(5) },
      { id: id(6), error: 'You may not read this execution.' }
    ]
    const { dataRows } = setup({ rows })
    expect(dataRows()[0]).toHaveTextContent('Loading details…')
    expect(dataRows()[1]).toHaveTextContent('You may not read this execution.')
  })

  it('renders the rows of a scroll position and reports it', async () => {
    const { viewport, indexes, onscroll, onvisible } = setup()
    viewport.scrollTop = 30_000
    await fireEvent.scroll(viewport)
    expect(onscroll).toHaveBeenLastCalledWith(30_000)
    const first = Math.floor(30_000 / ROW) + 2
    expect(indexes()).toContain(first)
    expect(indexes()).toContain(first + 9)
    expect(indexes().length).toBeLessThan(30)
    const seen = onvisible.mock.lastCall![0] as string[]
    expect(seen).toContain(id(first - 2))
  })

  it('restores a remembered scroll position, clamped to the list', () => {
    const { viewport, indexes } = setup({ scrollTop: 50_000 })
    expect(viewport.scrollTop).toBe(50_000)
    expect(indexes()).toContain(Math.floor(50_000 / ROW) + 2)
    const short = setup({ rows: many(20), scrollTop: 50_000, label: 'Short' })
    expect(short.viewport.scrollTop).toBe(20 * ROW - HEIGHT)
  })

  it('keeps scroll position and selection when the rows are replaced by fresher ones', async () => {
    const { viewport, grid, indexes, rerender } = setup({ selectedId: id(1500), scrollTop: 51_000 })
    const before = indexes()
    await rerender({
      rows: many(10_000).map((r) => ({
        ...r,
        details: details(Number.parseInt(r.id, 16), { status: 'failed' })
      }))
    })
    expect(viewport.scrollTop).toBe(51_000)
    expect(indexes()).toEqual(before)
    const selected = within(grid).getByRole('row', { selected: true })
    expect(selected.getAttribute('aria-rowindex')).toBe('1502')
    expect(grid.getAttribute('aria-activedescendant')).toBe(selected.id)
  })

  it('moves the selection with j/k and the arrows, opens with Enter; keys it handles are taken', async () => {
    const { grid, onselect, onopen, rerender } = setup()
    expect(await fireEvent.keyDown(grid, { key: 'j' })).toBe(false) // prevented
    expect(onselect).toHaveBeenLastCalledWith(id(0))
    await rerender({ selectedId: id(3) })
    await fireEvent.keyDown(grid, { key: 'ArrowDown' })
    expect(onselect).toHaveBeenLastCalledWith(id(4))
    await fireEvent.keyDown(grid, { key: 'k' })
    expect(onselect).toHaveBeenLastCalledWith(id(2))
    await fireEvent.keyDown(grid, { key: 'PageDown' })
    expect(onselect).toHaveBeenLastCalledWith(id(3 + 9))
    await fireEvent.keyDown(grid, { key: 'End' })
    expect(onselect).toHaveBeenLastCalledWith(id(9999))
    await fireEvent.keyDown(grid, { key: 'Enter' })
    expect(onopen).toHaveBeenCalledWith(id(3))
    expect(await fireEvent.keyDown(grid, { key: 'x' })).toBe(true) // not the list's
    expect(await fireEvent.keyDown(grid, { key: 'j', ctrlKey: true })).toBe(true)
  })

  it('scrolls a selected row into view', async () => {
    const { viewport, indexes, rerender } = setup()
    await rerender({ selectedId: id(9999) })
    expect(viewport.scrollTop).toBe(10_000 * ROW - HEIGHT)
    expect(indexes()).toContain(10_001)
    await rerender({ selectedId: id(0) })
    expect(viewport.scrollTop).toBe(0)
  })

  it('scrolling away from the selected row is not undone', async () => {
    const { viewport, rerender, indexes } = setup()
    await rerender({ selectedId: id(3) })
    viewport.scrollTop = 100_000
    await fireEvent.scroll(viewport)
    await rerender({ rows: many(10_000, 5_000) })
    expect(viewport.scrollTop).toBe(100_000)
    expect(indexes()).toContain(Math.floor(100_000 / ROW) + 2)
    // The selected row is not in the page now, so it cannot be the active descendant.
    expect(viewport).not.toHaveAttribute('aria-activedescendant')
  })

  it('selects on click, opens on double click', async () => {
    const { dataRows, onselect, onopen } = setup()
    await fireEvent.click(dataRows()[2]!)
    expect(onselect).toHaveBeenLastCalledWith(id(2))
    await fireEvent.dblClick(dataRows()[4]!)
    expect(onopen).toHaveBeenLastCalledWith(id(4))
  })

  it('sorts from the column headers, and says which way', async () => {
    const { grid, onsort } = setup()
    const header = (name: string) =>
      within(grid).getByRole('columnheader', { name: new RegExp(name) })
    expect(header('Finished')).toHaveAttribute('aria-sort', 'descending')
    expect(header('Status')).toHaveAttribute('aria-sort', 'none')
    await fireEvent.click(within(header('Status')).getByRole('button'))
    expect(onsort).toHaveBeenLastCalledWith({ column: 'status', direction: 'asc' })
    await fireEvent.click(within(header('Started')).getByRole('button'))
    expect(onsort).toHaveBeenLastCalledWith({ column: 'started', direction: 'desc' })
    await fireEvent.click(within(header('Finished')).getByRole('button'))
    expect(onsort).toHaveBeenLastCalledWith({ column: 'finished', direction: 'asc' })
  })
})
