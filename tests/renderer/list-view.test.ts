import { describe, expect, it } from 'vitest'
import { ListView, parseListMemory } from '../../src/renderer/src/lib/list/view.svelte'
import type { ExecutionDetails } from '../../src/shared/execution'

const details = (id: string, over: Partial<ExecutionDetails> = {}): ExecutionDetails => ({
  atmWorkflowExecutionId: id,
  atmWorkflowSchemaSnapshotId: id,
  name: `wf-${id}`,
  atmInventoryId: 'i',
  spaceId: 's',
  userId: 'me',
  status: 'finished',
  scheduleTime: Number.parseInt(id.slice(1), 10),
  startTime: 0,
  suspendTime: 0,
  finishTime: 0,
  lambdaSnapshotRegistry: {},
  storeRegistry: {},
  systemAuditLogStoreId: null,
  lanes: [],
  ...over
})

describe('ListView', () => {
  it('keeps known details when the listing changes, in the server order', () => {
    const v = new ListView()
    v.setIds(['e1', 'e2'])
    v.update([details('e1')], { e2: 'forbidden' })
    v.setIds(['e3', 'e1', 'e2'])
    expect(v.rows).toEqual([
      { id: 'e3' },
      { id: 'e1', details: details('e1') },
      { id: 'e2', error: 'forbidden' }
    ])
  })

  it('derives the rows shown and the summary from filters and sort', () => {
    const v = new ListView()
    v.people = { currentUserId: 'me' }
    v.setIds(['e1', 'e2', 'e3', 'e4'])
    v.update([
      details('e1'),
      details('e2', { status: 'failed', userId: 'other' }),
      details('e3', { status: 'failed' })
    ])
    expect(v.shown.map((r) => r.id)).toEqual(['e3', 'e2', 'e1', 'e4']) // newest scheduled first
    v.filters = { ...v.filters, statuses: ['failed'] }
    expect(v.shown.map((r) => r.id)).toEqual(['e3', 'e2'])
    expect(v.summary).toBe('2 of 4 executions match; filters apply to 3 of 4 loaded')
    v.filters = { ...v.filters, onlyMine: true }
    expect(v.shown.map((r) => r.id)).toEqual(['e3'])
    expect(v.statuses).toEqual(['failed', 'finished'])
  })

  it('takes who the user is from the provider status, re-filtering only when it changes', () => {
    const v = new ListView()
    v.setIds(['e1', 'e2'])
    v.update([details('e1'), details('e2', { userId: 'other' })])
    v.filters = { ...v.filters, onlyMine: true }
    expect(v.filtered.summary.onlyMineUnknown).toBe(true)
    expect(v.shown.map((r) => r.id)).toEqual(['e2', 'e1'])
    v.knowUser({ userId: 'me', name: 'Me' })
    expect(v.shown.map((r) => r.id)).toEqual(['e1'])
    expect(v.filtered.summary.onlyMineUnknown).toBe(false)
    const people = v.people
    v.knowUser({ userId: 'me' })
    expect(v.people).toBe(people)
    v.knowUser({ userId: 'other' })
    expect(v.shown.map((r) => r.id)).toEqual(['e2'])
    v.knowUser(undefined)
    expect(v.filtered.summary.onlyMineUnknown).toBe(true)
    expect(v.shown).toHaveLength(2)
  })

  it('steps the selection among the rows shown', () => {
    const v = new ListView()
    v.setIds(['e1', 'e2', 'e3'])
    v.update(['e1', 'e2', 'e3'].map((id) => details(id)))
    v.step(1)
    expect(v.selectedId).toBe('e3')
    v.step(1)
    expect(v.selected?.id).toBe('e2')
    v.step(-5)
    expect(v.selectedId).toBe('e3')
  })

  it('remembers and restores filters, sort, selection and scroll', () => {
    const v = new ListView()
    v.filters = { text: 'wf', statuses: ['failed'], onlyMine: true }
    v.sort = { column: 'status', direction: 'asc' }
    v.selectedId = 'e9'
    v.scrollTop = 1234
    const memory = JSON.parse(JSON.stringify(v.remember()))
    expect(parseListMemory(memory)).toEqual(memory)
    const back = new ListView()
    back.restore(parseListMemory(memory)!)
    expect(back.remember()).toEqual(v.remember())
    v.filters.statuses = []
    expect(back.filters.statuses).toEqual(['failed'])
  })

  it('a damaged memory is refused, not half applied', () => {
    expect(parseListMemory({ filters: { text: 1 } })).toBeUndefined()
    expect(
      parseListMemory({
        filters: { text: '', statuses: [], onlyMine: false },
        sort: { column: 'colour', direction: 'asc' },
        scrollTop: 0
      })
    ).toBeUndefined()
    expect(parseListMemory(null)).toBeUndefined()
  })
})
