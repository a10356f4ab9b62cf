// Comparing two states of one execution: status, new runs, runs whose status changed, runs gone,
// audit-log entries added; two different executions are refused.
import { describe, expect, it } from 'vitest'
import type { AuditLogEntry, ExecutionDetails } from '../../src/shared/execution'
import {
  compareExecutions,
  isUnchanged,
  type ExecutionDiff,
  type ExecutionState
} from '../../src/shared/snapshot-diff'
import { details, run } from '../helpers/details'

const entry = (index: string, description = `entry ${index}`): AuditLogEntry => ({
  index,
  timestamp: Number(index),
  severity: 'info',
  content: { description }
})

const state = (execution: ExecutionDetails, indexes: string[]): ExecutionState => ({
  execution,
  auditLog: indexes.map((i) => entry(i))
})

function diffOf(a: ExecutionState, b: ExecutionState): ExecutionDiff {
  const c = compareExecutions(a, b)
  if (!c.comparable) throw new Error(c.reason)
  return c.diff
}

describe('compareExecutions', () => {
  it('reports the status change, new runs, changed runs and added entries', () => {
    const before = state(
      details('active', [[run(1, 'finished')], [run(2, 'active')], [run(null, 'enqueued')]]),
      ['1', '2']
    )
    const after = state(
      details('failed', [
        [run(1, 'finished')],
        [run(4, 'failed', { runType: 'retry', originRunNumber: 2 }), run(2, 'failed')],
        []
      ]),
      ['1', '2', '3', '4']
    )
    const d = diffOf(before, after)
    expect(d.status).toEqual({ before: 'active', after: 'failed' })
    expect(d.newRuns).toEqual([
      { laneIndex: 2, runNumber: 4, runType: 'retry', originRunNumber: 2, status: 'failed' }
    ])
    expect(d.changedRuns).toEqual([
      { laneIndex: 2, runNumber: 2, before: 'active', after: 'failed' }
    ])
    expect(d.goneRuns).toEqual([
      {
        laneIndex: 3,
        runNumber: null,
        runType: 'regular',
        originRunNumber: null,
        status: 'enqueued'
      }
    ])
    expect(d.addedEntries.map((e) => e.index)).toEqual(['3', '4'])
    expect(d.missingEntries).toBe(0)
    expect(isUnchanged(d)).toBe(false)
  })

  it('a run prepared in advance that got its number is a new run, not a gone one', () => {
    const before = state(details('active', [[run(1, 'active')], [run(null, 'enqueued')]]), [])
    const after = state(details('active', [[run(1, 'finished')], [run(2, 'active')]]), [])
    const d = diffOf(before, after)
    expect(d.newRuns.map((r) => [r.laneIndex, r.runNumber])).toEqual([[2, 2]])
    expect(d.goneRuns).toEqual([])
    expect(d.changedRuns).toEqual([
      { laneIndex: 1, runNumber: 1, before: 'active', after: 'finished' }
    ])
  })

  it('statuses it does not know are compared as sent', () => {
    const d = diffOf(
      state(details('active', [[run(1, 'active')]]), []),
      state(details('quantumFlux', [[run(1, 'teleported')]]), [])
    )
    expect(d.status).toEqual({ before: 'active', after: 'quantumFlux' })
    expect(d.changedRuns[0]).toMatchObject({ before: 'active', after: 'teleported' })
  })

  it('the same state twice is unchanged; the wrong way round shows missing entries', () => {
    const a = state(details('active', [[run(1, 'active')]]), ['1'])
    const b = state(details('active', [[run(1, 'active')]]), ['1', '2'])
    expect(isUnchanged(diffOf(a, a))).toBe(true)
    const reversed = diffOf(b, a)
    expect(reversed.addedEntries).toEqual([])
    expect(reversed.missingEntries).toBe(1)
    expect(isUnchanged(reversed)).toBe(false)
  })

  it('refuses two different executions, naming both', () => {
    const c = compareExecutions(
      state(details('active', [], { atmWorkflowExecutionId: 'one' }), []),
      state(details('active', [], { atmWorkflowExecutionId: 'two' }), [])
    )
    expect(c).toEqual({
      comparable: false,
      reason:
        'These are two different executions ("variant-calling" one and "variant-calling" two); only states of the same execution can be compared.'
    })
  })
})
