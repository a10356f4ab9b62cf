import { describe, expect, it } from 'vitest'
import {
  isLaneRunStopped,
  laneRunPhase,
  workflowPhase,
  WORKFLOW_STATUSES
} from '../../src/shared/statuses'

describe('statuses and phases (spec §4.1, §4.2)', () => {
  it('maps every workflow status to its phase', () => {
    expect(Object.fromEntries(WORKFLOW_STATUSES.map((s) => [s, workflowPhase(s)]))).toEqual({
      scheduled: 'waiting',
      resuming: 'waiting',
      active: 'ongoing',
      stopping: 'ongoing',
      paused: 'suspended',
      interrupted: 'suspended',
      finished: 'ended',
      failed: 'ended',
      cancelled: 'ended',
      crashed: 'ended'
    })
  })

  it('maps every lane-run status to its phase: the workflow statuses and two of preparation', () => {
    for (const s of WORKFLOW_STATUSES) expect(laneRunPhase(s), s).toBe(workflowPhase(s))
    expect(laneRunPhase('preparing')).toBe('waiting')
    expect(laneRunPhase('enqueued')).toBe('waiting')
  })

  it('takes no property of an object for a status', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(workflowPhase(name)).toBeUndefined()
      expect(laneRunPhase(name)).toBeUndefined()
    }
  })

  it('knows lane-run statuses and never maps an unknown one', () => {
    expect(laneRunPhase('enqueued')).toBe('waiting')
    expect(laneRunPhase('pending')).toBeUndefined()
    expect(workflowPhase('enqueued')).toBeUndefined()
    expect(workflowPhase('')).toBeUndefined()
  })

  it('counts ended and suspended lane runs as stopped', () => {
    expect(
      ['finished', 'failed', 'cancelled', 'crashed', 'paused', 'interrupted'].every(
        isLaneRunStopped
      )
    ).toBe(true)
    expect(['active', 'stopping', 'enqueued', 'skipped'].some(isLaneRunStopped)).toBe(false)
  })
})
