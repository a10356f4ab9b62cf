// The action rules against every row of the action matrix (spec §4.5) and the clarifications:
// pause while stopping is disabled ("already stopping") while cancel stays enabled;
// force-continue as the official GUI decides it; retry/rerun by the server's flags.
import { describe, expect, it } from 'vitest'
import { executionActions, refusal, runActions } from '../../src/shared/actions'
import type { ExecutionDetails, LaneRun } from '../../src/shared/execution'

const laneRun = (
  runNumber: number | null,
  status: string,
  flags: Partial<LaneRun> = {}
): LaneRun => ({
  runNumber,
  originRunNumber: null,
  runType: 'regular',
  status,
  iteratedStoreId: 's',
  exceptionStoreId: 'e',
  parallelBoxes: [],
  isRetriable: false,
  isRerunable: false,
  ...flags
})

type Lanes = LaneRun[][]
const details = (status: string, lanes: Lanes = [[laneRun(1, 'active')]]) =>
  ({ status, lanes: lanes.map((runs, i) => ({ schemaId: `lane${i}`, runs })) }) as Pick<
    ExecutionDetails,
    'status' | 'lanes'
  >

const allowed = (d: ReturnType<typeof details>) =>
  Object.fromEntries(Object.entries(executionActions(d)).map(([k, v]) => [k, v.allowed]))

describe('execution actions by status', () => {
  it.each([
    [
      'scheduled',
      { pause: true, resume: false, cancel: true, forceContinue: false, delete: false }
    ],
    ['resuming', { pause: true, resume: false, cancel: true, forceContinue: false, delete: false }],
    ['active', { pause: true, resume: false, cancel: true, forceContinue: false, delete: false }],
    [
      'stopping',
      { pause: false, resume: false, cancel: true, forceContinue: false, delete: false }
    ],
    ['paused', { pause: false, resume: true, cancel: true, forceContinue: false, delete: true }],
    [
      'interrupted',
      { pause: false, resume: true, cancel: true, forceContinue: false, delete: true }
    ],
    [
      'finished',
      { pause: false, resume: false, cancel: false, forceContinue: false, delete: true }
    ],
    [
      'cancelled',
      { pause: false, resume: false, cancel: false, forceContinue: false, delete: true }
    ],
    ['crashed', { pause: false, resume: false, cancel: false, forceContinue: false, delete: true }]
  ])('%s', (status, expected) => {
    const runStatus = status === 'stopping' ? 'stopping' : 'active'
    expect(allowed(details(status, [[laneRun(1, runStatus)]]))).toEqual(expected)
  })

  it('pause while stopping is disabled with "already stopping"; cancel stays enabled', () => {
    const d = details('stopping', [[laneRun(1, 'stopping')]])
    expect(refusal('pause', executionActions(d).pause)).toBe(
      'cannot pause: the execution is already stopping'
    )
    expect(executionActions(d).cancel.allowed).toBe(true)
  })

  it('while stopping after the last run ended by itself, cancel is refused too', () => {
    const d = details('stopping', [[laneRun(1, 'finished')], [laneRun(1, 'finished')]])
    expect(executionActions(d).cancel).toEqual({
      allowed: false,
      reason: 'the execution is already finishing'
    })
  })

  it('says plainly why an ended execution cannot be paused', () => {
    expect(refusal('pause', executionActions(details('finished')).pause)).toBe(
      'cannot pause: the execution has ended'
    )
    expect(refusal('resume', executionActions(details('active')).resume)).toBe(
      'cannot resume: only paused or interrupted executions can be resumed (this one is active)'
    )
    expect(refusal('delete', executionActions(details('active')).delete)).toMatch(
      /pause or cancel it first/
    )
  })

  it('allows nothing for a status it does not know, and says so', () => {
    const v = executionActions(details('enqueued'))
    for (const verdict of Object.values(v)) {
      expect(verdict).toEqual({ allowed: false, reason: expect.stringContaining('"enqueued"') })
    }
  })
})

describe('force-continue', () => {
  it('is allowed when failed in a lane before the last (last lane’s max run < global max)', () => {
    const d = details('failed', [[laneRun(1, 'finished')], [laneRun(1, 'failed')], []])
    expect(executionActions(d).forceContinue.allowed).toBe(true)
  })

  it('is refused when the failure was in the last lane', () => {
    const d = details('failed', [
      [laneRun(1, 'finished')],
      [laneRun(1, 'finished')],
      [laneRun(1, 'failed')]
    ])
    expect(refusal('forceContinue', executionActions(d).forceContinue)).toBe(
      'cannot force-continue: the execution failed in its last lane, so there is nothing to continue with'
    )
  })

  it('looks at run numbers, not at which lane has a failed run', () => {
    // Lane 3 finished in run 2; lane 2 failed later in run 3 → continuable.
    const d = details('failed', [
      [laneRun(1, 'finished')],
      [laneRun(3, 'failed'), laneRun(2, 'finished'), laneRun(1, 'failed')],
      [laneRun(2, 'finished')]
    ])
    expect(executionActions(d).forceContinue.allowed).toBe(true)
  })

  it('is refused for statuses other than failed', () => {
    expect(refusal('forceContinue', executionActions(details('cancelled')).forceContinue)).toBe(
      'cannot force-continue: only failed executions can be continued'
    )
  })
})

describe('retry and rerun of a lane run', () => {
  it('follows the server’s flags once the execution has ended', () => {
    const failed = laneRun(1, 'failed', { isRetriable: true, isRerunable: true })
    expect(runActions(details('failed', [[failed]]), failed)).toEqual({
      retry: { allowed: true },
      rerun: { allowed: true }
    })
    const finished = laneRun(2, 'finished', { isRerunable: true })
    const v = runActions(details('finished', [[finished]]), finished)
    expect(v.rerun.allowed).toBe(true)
    expect(refusal('retry', v.retry)).toBe(
      'cannot retry: only failed runs can be retried (this one is finished)'
    )
  })

  it('explains a failed run that is not retriable', () => {
    const stopped = laneRun(1, 'failed', { isRerunable: true })
    expect(runActions(details('failed', [[stopped]]), stopped).retry).toEqual({
      allowed: false,
      reason: expect.stringMatching(/only a rerun is possible/)
    })
  })

  it('refuses everything while the execution has not ended, even if flags were set', () => {
    const r = laneRun(1, 'failed', { isRetriable: true, isRerunable: true })
    for (const status of ['active', 'paused', 'stopping', 'scheduled']) {
      const v = runActions(details(status, [[r]]), r)
      expect(v.retry).toEqual({ allowed: false, reason: 'the execution has not ended yet' })
      expect(v.rerun.allowed).toBe(false)
    }
  })

  it('refuses every run of a crashed execution, and runs prepared in advance', () => {
    const r = laneRun(1, 'finished', { isRerunable: true })
    expect(runActions(details('crashed', [[r]]), r).rerun).toEqual({
      allowed: false,
      reason: 'the execution crashed, so none of its runs can be repeated'
    })
    const ahead = laneRun(null, 'enqueued')
    expect(runActions(details('finished', [[ahead]]), ahead).rerun.allowed).toBe(false)
  })
})
