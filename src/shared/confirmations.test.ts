// Confirmation texts in Onedata's terms, with run numbers as spec §4.4 assigns them.
import { describe, expect, it } from 'vitest'
import { confirmation, needsConfirmation } from './confirmations'
import type { ExecutionDetails, LaneRun } from './execution'

const run = (runNumber: number | null, status: string): LaneRun => ({
  runNumber,
  originRunNumber: null,
  runType: 'regular',
  status,
  iteratedStoreId: 'it',
  exceptionStoreId: 'ex',
  parallelBoxes: [],
  isRetriable: false,
  isRerunable: false
})

const details = (status: string, lanes: LaneRun[][]) =>
  ({
    name: 'checksum-and-publish',
    status,
    lanes: lanes.map((runs, i) => ({ schemaId: `lane-${i + 1}`, runs }))
  }) as Pick<ExecutionDetails, 'name' | 'status' | 'lanes'>

// Lane 1 ran as run 1; lane 2 failed as run 1, was retried as runs 2 and 3, then rerun as 4.
const failed = details('failed', [
  [run(1, 'finished')],
  [run(4, 'failed'), run(3, 'failed'), run(2, 'failed'), run(1, 'failed')],
  []
])

describe('confirmation', () => {
  it('asks for the five actions that stop, destroy or start work, and no others', () => {
    const asked = ['cancel', 'delete', 'forceContinue', 'retry', 'rerun'] as const
    expect(asked.every((a) => needsConfirmation(a))).toBe(true)
    expect(needsConfirmation('pause')).toBe(false)
    expect(needsConfirmation('resume')).toBe(false)
  })

  it('says where a retry takes its items from and which run number it gets', () => {
    const two = details('failed', [[run(1, 'finished')], [run(4, 'failed'), run(3, 'failed')]])
    expect(confirmation('retry', two, { target: { laneIndex: 2, runNumber: 3 } }).text).toBe(
      "Retry the failed items of lane 2, run 3. They come from run 3's exception store; the new run will be run 5."
    )
  })

  it('numbers the new run after the highest run of the whole execution, and says what follows', () => {
    const c = confirmation('rerun', failed, { target: { laneIndex: 1, runNumber: 1 } })
    expect(c.text).toBe(
      "Rerun all items of lane 1, run 1. They come from run 1's iterated store, the same items it processed; the new run will be run 5. When it finishes, lanes 2–3 run again as run 5."
    )
    expect(c.confirm).toBe('Rerun as run 5')
  })

  it('names the lane when the schema names are known', () => {
    const c = confirmation('retry', failed, {
      target: { laneIndex: 2, runNumber: 4 },
      names: { lanes: { 'lane-2': 'Compute checksums' }, parallelBoxes: {}, tasks: {} }
    })
    expect(c.text).toMatch(/^Retry the failed items of lane 2 \(Compute checksums\), run 4\./)
    expect(c.text).toMatch(/When it finishes, lane 3 runs again as run 5\.$/)
  })

  it('says which run a cancel stops, paused or running', () => {
    const active = details('active', [[run(1, 'finished')], [run(1, 'active')]])
    expect(confirmation('cancel', active).text).toBe(
      'Cancel "checksum-and-publish"? Lane 2, run 1 stops now, abandoning the items in processing, and ends cancelled; no later lane runs. Its runs can be rerun afterwards.'
    )
    const paused = details('paused', [[run(2, 'paused'), run(1, 'failed')]])
    expect(confirmation('cancel', paused).text).toMatch(
      /It is paused: lane 1, run 2 ends cancelled instead of resuming/
    )
    expect(confirmation('cancel', details('stopping', [[run(1, 'stopping')]])).text).toMatch(
      /The stop under way becomes a cancel/
    )
  })

  it('says a delete cannot be undone', () => {
    expect(confirmation('delete', failed).text).toBe(
      'Delete "checksum-and-publish" from the provider? Its details, stores and audit log are discarded and it disappears from every list; this cannot be undone.'
    )
    expect(confirmation('delete', details('paused', [[run(1, 'paused')]])).text).toMatch(
      /It will never resume\./
    )
  })

  it('says which lane a force-continue starts and with which run number', () => {
    const d = details('failed', [
      [run(1, 'finished')],
      [run(2, 'failed'), run(1, 'failed')],
      [],
      []
    ])
    expect(confirmation('forceContinue', d).text).toBe(
      'Continue "checksum-and-publish" past the failure in lane 2. Run 2 there stays failed; lane 3 starts as run 2 and processes what the lanes before it stored.'
    )
  })

  it('refuses to describe a repeat without the run it repeats', () => {
    expect(() => confirmation('retry', failed)).toThrow(/needs the lane run/)
  })
})
