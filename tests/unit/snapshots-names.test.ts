// Finding the workflow schema revision of an execution among Onezone's schemas (REST details name
// neither): lanes in order, boxes and tasks of every run; the execution's schema name first, then
// the newest revision; the workflow is recorded only when one revision alone matches.
import { describe, expect, it } from 'vitest'
import { namesOf, pickRevision, revisionMatches } from '../../src/core/snapshots/names'
import type { ExecutionDetails, LaneRun } from '../../src/shared/execution'
import type { WorkflowRevision, WorkflowSchema } from '../../src/shared/onezone'

const revision = (lanes: [string, [string, string[]][]][]): WorkflowRevision => ({
  lanes: lanes.map(([id, boxes]) => ({
    id,
    name: `name of ${id}`,
    parallelBoxes: boxes.map(([bid, tasks]) => ({
      id: bid,
      name: `name of ${bid}`,
      tasks: tasks.map((t) => ({ id: t, name: `name of ${t}` }))
    }))
  })),
  stores: []
})

const schema = (id: string, name: string, revisions: Record<string, WorkflowRevision>) =>
  ({
    atmWorkflowSchemaId: id,
    name,
    atmInventoryId: 'inv',
    revisionRegistry: revisions
  }) as WorkflowSchema

const run = (boxes: Record<string, string[]>): LaneRun => ({
  runNumber: 1,
  originRunNumber: null,
  runType: 'regular',
  status: 'finished',
  iteratedStoreId: null,
  exceptionStoreId: null,
  parallelBoxes: Object.entries(boxes).map(([schemaId, tasks]) => ({
    schemaId,
    taskRegistry: Object.fromEntries(tasks.map((t) => [t, `exec-${t}`]))
  })),
  isRetriable: false,
  isRerunable: false
})

const execution = (name: string, lanes: [string, LaneRun[]][]) =>
  ({ name, lanes: lanes.map(([schemaId, runs]) => ({ schemaId, runs })) }) as ExecutionDetails

const two = revision([
  ['L1', [['B1', ['T1', 'T2']]]],
  ['L2', [['B2', ['T3']]]]
])

describe('revisionMatches', () => {
  const d = execution('wf', [
    ['L1', [run({ B1: ['T1', 'T2'] })]],
    ['L2', []]
  ])

  it('needs the lanes in order and every box and task the runs name', () => {
    expect(revisionMatches(d, two)).toBe(true)
    expect(revisionMatches(d, revision([['L1', [['B1', ['T1', 'T2']]]]]))).toBe(false)
    expect(
      revisionMatches(
        d,
        revision([
          ['L2', []],
          ['L1', [['B1', ['T1', 'T2']]]]
        ])
      )
    ).toBe(false)
    expect(
      revisionMatches(
        d,
        revision([
          ['L1', [['B1', ['T1']]]],
          ['L2', []]
        ])
      )
    ).toBe(false)
    expect(
      revisionMatches(
        d,
        revision([
          ['L1', [['B9', ['T1', 'T2']]]],
          ['L2', []]
        ])
      )
    ).toBe(false)
  })
})

describe('pickRevision', () => {
  const d = execution('wf', [
    ['L1', [run({ B1: ['T1'] })]],
    ['L2', []]
  ])

  it('one match: that revision, unique', () => {
    const pick = pickRevision(d, [
      schema('S1', 'wf', { '1': revision([['L1', []]]), '2': two }),
      schema('S2', 'other', { '1': revision([['X', []]]) })
    ])
    expect(pick?.unique).toBe(true)
    expect([pick?.chosen.schema.atmWorkflowSchemaId, pick?.chosen.revisionNumber]).toEqual([
      'S1',
      2
    ])
    expect(namesOf(pick!.chosen.revision)).toEqual({
      lanes: { L1: 'name of L1', L2: 'name of L2' },
      parallelBoxes: { B1: 'name of B1', B2: 'name of B2' },
      tasks: { T1: 'name of T1', T2: 'name of T2', T3: 'name of T3' }
    })
  })

  it('several matches: the schema named as the execution, then the newest revision; not unique', () => {
    const pick = pickRevision(d, [
      schema('COPY', 'wf (copy)', { '9': two }),
      schema('S1', 'wf', { '3': two, '10': two, '2': two })
    ])
    expect(pick?.unique).toBe(false)
    expect([pick?.chosen.schema.atmWorkflowSchemaId, pick?.chosen.revisionNumber]).toEqual([
      'S1',
      10
    ])
  })

  it('no match, or a revision key that is not a number: nothing', () => {
    expect(pickRevision(d, [schema('S1', 'wf', { draft: two })])).toBeUndefined()
    expect(pickRevision(d, [])).toBeUndefined()
  })
})
