import { describe, expect, it } from 'vitest'
import type { ExecutionDetails } from '../../src/shared/execution'
import {
  duration,
  formatDuration,
  formatRelative,
  idSuffixes,
  progress,
  progressText,
  userLabel,
  type ListRow
} from '../../src/renderer/src/lib/list/columns'
import {
  describeSummary,
  filterRows,
  NO_FILTERS,
  statusesPresent
} from '../../src/renderer/src/lib/list/filter'
import { sortRows, type SortState } from '../../src/renderer/src/lib/list/sort'
import { details as executionDetails, run as laneRun } from '../helpers/details'

const run = (runNumber: number | null, status = 'finished') => laneRun(runNumber, status)

const details = (over: Partial<ExecutionDetails> = {}): ExecutionDetails =>
  executionDetails('finished', [[run(1)]], {
    atmWorkflowExecutionId: 'x',
    name: 'wf',
    userId: 'u1',
    finishTime: 200,
    systemAuditLogStoreId: null,
    ...over
  })
const row = (id: string, over?: Partial<ExecutionDetails>): ListRow => ({
  id,
  details: details({ atmWorkflowExecutionId: id, ...over })
})

describe('columns', () => {
  it('a short id suffix per execution, longer only where same-named ones would share it', () => {
    const s = idSuffixes([
      row('abcd1111', { name: 'a' }),
      row('abcd2222', { name: 'a' }),
      row('abcd1111x', { name: 'b' }),
      row('ffff0000', { name: 'a' }),
      { id: 'nodetails' }
    ])
    expect(Object.fromEntries(s)).toEqual({
      abcd1111: 'abcd1',
      abcd2222: 'abcd2',
      ffff0000: 'ffff',
      abcd1111x: 'abcd'
    })
  })

  it('progress is the lane of the newest run, of how many lanes (spec §4.4 numbering)', () => {
    // 7.1: lane 2 reran as run 3 while lane 3 has an in-advance run and an older run 2.
    const story = details({
      lanes: [
        { schemaId: 'l1', runs: [run(1)] },
        { schemaId: 'l2', runs: [run(3, 'active'), run(2), run(1, 'failed')] },
        { schemaId: 'l3', runs: [run(null, 'enqueued'), run(2)] }
      ]
    })
    expect(progress(story)).toEqual({ lane: 2, of: 3 })
    expect(progressText(story)).toBe('lane 2 of 3')
    // Lanes after a finished one take its run number: the last of them is the current one.
    const forward = details({
      lanes: [
        { schemaId: 'l1', runs: [run(1)] },
        { schemaId: 'l2', runs: [run(1, 'active')] },
        { schemaId: 'l3', runs: [] }
      ]
    })
    expect(progressText(forward)).toBe('lane 2 of 3')
    expect(progressText(details({ lanes: [{ schemaId: 'l', runs: [] }] }))).toBe('—')
  })

  it('duration to the end, to the suspension, or until now; none while waiting', () => {
    expect(duration(details(), 1000)).toBe(90)
    expect(duration(details({ status: 'paused', suspendTime: 150, finishTime: 0 }), 1000)).toBe(40)
    expect(duration(details({ status: 'active', finishTime: 0 }), 1000)).toBe(890)
    expect(duration(details({ status: 'scheduled' }), 1000)).toBeUndefined()
    expect(duration(details({ status: 'finished', startTime: 0 }), 1000)).toBeUndefined()
    expect(duration(details({ status: 'enqueued' }), 1000)).toBeUndefined()
  })

  it('formats durations and relative times; absolute times stay for the hover', () => {
    expect([45, 192, 7500, 277200].map(formatDuration)).toEqual([
      '45s',
      '3m 12s',
      '2h 05m',
      '3d 5h'
    ])
    expect(formatDuration(undefined)).toBe('—')
    const now = 1_000_000
    expect(
      [now - 3, now - 42, now - 300, now - 7200, now - 200_000, 0, now + 5].map((t) =>
        formatRelative(t, now)
      )
    ).toEqual(['just now', '42s ago', '5 min ago', '2 h ago', '2 d ago', '—', 'in the future'])
  })

  it('the scheduling user: you, a known name, else the start of the id', () => {
    const people = { currentUserId: 'me', names: { u2: 'Ada' } }
    expect(['me', 'u2', '0123456789abcdef'].map((u) => userLabel(u, people))).toEqual([
      'you',
      'Ada',
      '01234567'
    ])
  })
})

describe('filters', () => {
  const rows: ListRow[] = [
    row('aaa1', { name: 'checksum', status: 'failed', userId: 'me' }),
    row('bbb2', { name: 'Variant calling', status: 'active', userId: 'other' }),
    row('ccc3', { name: 'checksum', status: 'teleporting', userId: 'other' }),
    { id: 'ddd4' },
    { id: 'eee5', error: 'forbidden' }
  ]
  const people = { currentUserId: 'me' }

  it('no filter keeps everything, loaded or not', () => {
    const { rows: kept, summary } = filterRows(rows, NO_FILTERS, people)
    expect(kept).toHaveLength(5)
    expect(describeSummary(summary)).toBe('5 executions; details of 3 loaded')
  })

  it('text matches the name (any case) or the id, the id even without details', () => {
    const ids = (text: string) =>
      filterRows(rows, { ...NO_FILTERS, text }, people).rows.map((r) => r.id)
    expect(ids('CHECK')).toEqual(['aaa1', 'ccc3'])
    expect(ids(' ddd ')).toEqual(['ddd4'])
    expect(ids('variant c')).toEqual(['bbb2'])
  })

  it('status filter keeps statuses as sent, unknown ones included', () => {
    const r = filterRows(rows, { ...NO_FILTERS, statuses: ['teleporting', 'failed'] }, people)
    expect(r.rows.map((x) => x.id)).toEqual(['aaa1', 'ccc3'])
    expect(statusesPresent(rows)).toEqual(['active', 'failed', 'teleporting'])
  })

  it('only mine, and the summary says what the filters apply to while details load', () => {
    const r = filterRows(rows, { ...NO_FILTERS, onlyMine: true }, people)
    expect(r.rows.map((x) => x.id)).toEqual(['aaa1'])
    expect(describeSummary(r.summary)).toBe(
      '1 of 5 executions match; filters apply to 3 of 5 loaded'
    )
    const unknown = filterRows(rows, { ...NO_FILTERS, onlyMine: true }, {})
    expect(unknown.rows).toHaveLength(5)
    expect(unknown.summary.onlyMineUnknown).toBe(true)
    // Why it is not applied is said next to the filters, not in the count.
    expect(describeSummary(unknown.summary)).toBe('5 executions; details of 3 loaded')
  })

  it('counts with thousands separators', () => {
    const many: ListRow[] = Array.from({ length: 10_000 }, (_, i) =>
      i < 1200 ? row(`id${i}`, { status: i % 2 ? 'failed' : 'finished' }) : { id: `id${i}` }
    )
    const r = filterRows(many, { ...NO_FILTERS, statuses: ['failed'] }, people)
    expect(describeSummary(r.summary)).toBe(
      '600 of 10,000 executions match; filters apply to 1,200 of 10,000 loaded'
    )
    expect(
      describeSummary(
        filterRows(many.slice(0, 1200), { ...NO_FILTERS, text: 'id' }, people).summary
      )
    ).toBe('All 1,200 executions match')
  })
})

describe('sort', () => {
  const ids = (rows: ListRow[]) => rows.map((r) => r.id)
  const by = (column: SortState['column'], direction: SortState['direction'] = 'asc') => ({
    column,
    direction
  })
  const people = { currentUserId: 'me', names: { zed: 'Zed' } }

  it('sorts on every column, both ways, rows without a value last', () => {
    const rows: ListRow[] = [
      row('a', {
        name: 'item 10',
        status: 'active',
        scheduleTime: 30,
        startTime: 35,
        finishTime: 0,
        userId: 'zed'
      }),
      { id: 'none' },
      row('b', {
        name: 'item 9',
        status: 'finished',
        scheduleTime: 10,
        startTime: 12,
        finishTime: 40,
        userId: 'me'
      }),
      row('c', {
        name: 'Alpha',
        status: 'scheduled',
        scheduleTime: 20,
        startTime: 0,
        finishTime: 0,
        userId: 'abc'
      })
    ]
    const now = 100
    // [column, ascending, descending]; rows without a value keep the server's order, at the end.
    const cases: [SortState['column'], string[], string[]][] = [
      ['name', ['c', 'b', 'a', 'none'], ['a', 'b', 'c', 'none']],
      ['status', ['c', 'a', 'b', 'none'], ['b', 'a', 'c', 'none']],
      ['scheduled', ['b', 'c', 'a', 'none'], ['a', 'c', 'b', 'none']],
      ['started', ['b', 'a', 'none', 'c'], ['a', 'b', 'none', 'c']],
      ['finished', ['b', 'a', 'none', 'c'], ['b', 'a', 'none', 'c']],
      ['duration', ['b', 'a', 'none', 'c'], ['a', 'b', 'none', 'c']],
      ['user', ['c', 'b', 'a', 'none'], ['a', 'b', 'c', 'none']],
      ['progress', ['a', 'b', 'c', 'none'], ['a', 'b', 'c', 'none']]
    ]
    for (const [column, asc, desc] of cases) {
      expect(ids(sortRows(rows, by(column), people, now)), column).toEqual(asc)
      expect(ids(sortRows(rows, by(column, 'desc'), people, now)), `${column} desc`).toEqual(desc)
    }
  })

  it('is stable: ties keep the order the server sent', () => {
    const rows = ['r1', 'r2', 'r3', 'r4'].map((id) => row(id, { name: 'same' }))
    expect(ids(sortRows(rows, by('name'), people, 0))).toEqual(['r1', 'r2', 'r3', 'r4'])
    expect(ids(sortRows(rows, by('name', 'desc'), people, 0))).toEqual(['r1', 'r2', 'r3', 'r4'])
  })

  it('statuses it does not know go after known ones, by the text sent, never mapped', () => {
    const rows = [
      row('x', { status: 'zeta' }),
      row('y', { status: 'failed' }),
      row('z', { status: 'alpha' }),
      row('w', { status: 'scheduled' })
    ]
    expect(ids(sortRows(rows, by('status'), people, 0))).toEqual(['w', 'y', 'z', 'x'])
    expect(ids(sortRows(rows, by('status', 'desc'), people, 0))).toEqual(['y', 'w', 'x', 'z'])
  })
})
