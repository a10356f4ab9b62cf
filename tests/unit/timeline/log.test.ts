// The audit-log parser against the descriptions op-worker writes (atm_workflow_execution_logger
// prefixes, lane-run and task texts) and against entries it cannot understand.
import { describe, expect, it } from 'vitest'
import type { AuditLogEntry } from '../../../src/shared/execution'
import { parseEntry, parseLog } from '../../../src/shared/timeline/log'

const entry = (
  description: unknown,
  details?: unknown,
  extra: Partial<AuditLogEntry['content']> = {}
): AuditLogEntry =>
  ({
    index: '0',
    timestamp: 1000,
    severity: 'info',
    content: { description, ...(details === undefined ? {} : { details }), ...extra }
  }) as AuditLogEntry

describe('parseEntry', () => {
  it('reads a lane run prefix and the event its text records', () => {
    const p = parseEntry(entry('[Lane: 2, Run: 3] Stopped.', { status: 'failed' }))
    expect(p.text).toBe('Stopped.')
    expect(p.subject).toEqual({ laneIndex: 2, runNumber: 3 })
    expect(p.events).toEqual([
      { kind: 'stopped', run: { laneIndex: 2, runNumber: 3 }, status: 'failed' }
    ])
  })

  it.each([
    ['Preparing...', 'preparing'],
    ['Prepared.', 'prepared'],
    ['Starting...', 'starting'],
    ['Started processing 120 items.', 'starting'],
    ['Resuming...', 'resumed'],
    ['Resumed.', 'resumed'],
    ['Initiating stop...', 'stopping'],
    ['Stopped previously suspended.', 'stopped']
  ])('knows "%s" as %s', (text, kind) => {
    expect(parseEntry(entry(`[Lane: 1, Run: 1] ${text}`)).events[0]?.kind).toBe(kind)
  })

  it('takes "Run: ?" as a run the server had not numbered yet', () => {
    const p = parseEntry(entry('[Lane: 3, Run: ?] Prepared.'))
    expect(p.events).toEqual([{ kind: 'prepared', run: { laneIndex: 3, runNumber: null } }])
  })

  it('takes a task that started as its run starting, with the task id', () => {
    const p = parseEntry(
      entry('[Lane: 2, Run: 1, PBox: 1, Task: 2] Started.', undefined, {
        referencedElements: { tasks: ['te-1'] }
      })
    )
    expect(p.task).toEqual({ box: 1, task: 2, id: 'te-1' })
    expect(p.events).toEqual([
      { kind: 'starting', run: { laneIndex: 2, runNumber: 1 }, taskId: 'te-1' }
    ])
  })

  it('does not take a task stopping for its lane run stopping', () => {
    expect(parseEntry(entry('[Lane: 2, Run: 1, PBox: 1, Task: 1] Stopped.')).events).toEqual([])
  })

  it('reads a scheduled run from scheduledLaneRunSelector (RunNumber, as op-worker spells it)', () => {
    const p = parseEntry(
      entry('[Lane: 2, Run: 1] Scheduled manual rerun.', {
        repeatType: 'rerun',
        scheduledLaneRunSelector: { laneIndex: 2, RunNumber: 3 }
      })
    )
    expect(p.subject).toEqual({ laneIndex: 2, runNumber: 1 })
    expect(p.events).toEqual([{ kind: 'scheduled', run: { laneIndex: 2, runNumber: 3 } }])
    const retry = parseEntry(
      entry('[Lane: 2, Run: 1] Scheduled automatic retry.', {
        scheduledLaneRunSelector: { laneIndex: 2, runNumber: 2 },
        retriesLeft: 0
      })
    )
    expect(retry.events).toEqual([{ kind: 'scheduled', run: { laneIndex: 2, runNumber: 2 } }])
  })

  it('reads the run a resume continues, and the end of the execution', () => {
    expect(
      parseEntry(
        entry('Resuming execution...', { scheduledLaneRunSelector: { laneIndex: 1, RunNumber: 2 } })
      ).events
    ).toEqual([{ kind: 'resumed', run: { laneIndex: 1, runNumber: 2 } }])
    expect(parseEntry(entry('Stopped execution.', { status: 'failed' })).executionStopped).toEqual({
      status: 'failed'
    })
    expect(
      parseEntry(entry('Deleted lane runs that were prepared in advance.', { laneIndices: [3] }))
        .deletedAhead
    ).toEqual([3])
  })

  it('names a lane only for "[Lane: N]" entries', () => {
    const p = parseEntry(entry('[Lane: 2] Failed to prepare next run.'))
    expect(p.subject).toEqual({ laneIndex: 2, runNumber: null, laneOnly: true })
    expect(p.events).toEqual([])
  })

  it.each([
    [undefined],
    [42],
    ['[workflow engine] Cleaned up execution'],
    ['[Lane: x, Run: y] Stopped.'],
    ['[unclosed Stopped.'],
    ['']
  ])('keeps %j as plain text without inventing a run', (description) => {
    const p = parseEntry(entry(description, 'not an object'))
    expect(p.events.every((e) => e.run.laneIndex === null)).toBe(true)
    expect(p.subject?.laneIndex ?? null).toBeNull()
  })

  it('ignores a selector that is not numbers', () => {
    expect(
      parseEntry(entry('Scheduled execution.', { scheduledLaneRunSelector: { laneIndex: '1' } }))
        .events
    ).toEqual([])
  })
})

describe('parseLog', () => {
  it('orders entries by time, then by index', () => {
    const e = (index: string, timestamp: number) =>
      ({ index, timestamp, severity: 'info', content: { description: index } }) as AuditLogEntry
    const parsed = parseLog([e('3', 20), e('10', 10), e('2', 10), e('x', 5)])
    expect(parsed.map((p) => p.entry.index)).toEqual(['x', '2', '10', '3'])
  })

  describe('read again as a new array (each push of the monitor)', () => {
    const e = (index: number, description = `[Lane: 1, Run: ${index}] Prepared.`) =>
      ({
        index: String(index),
        timestamp: 100 + index,
        severity: 'info',
        content: { description }
      }) as AuditLogEntry
    const log = (n: number) => Array.from({ length: n }, (_, i) => e(i + 1))

    it('gives back the previous parse when no entry changed', () => {
      const first = parseLog(log(50))
      expect(parseLog(log(50), first)).toBe(first)
    })

    it('keeps the parse of the entries it had and reads only the new ones', () => {
      const first = parseLog(log(50))
      const grown = parseLog(log(53), first)
      expect(grown).not.toBe(first)
      expect(grown).toEqual(parseLog(log(53)))
      for (let i = 0; i < 50; i++) expect(grown[i]).toBe(first[i])
      expect(grown[52]!.subject).toEqual({ laneIndex: 1, runNumber: 53 })
    })

    it('reads again an entry that differs, and what follows it', () => {
      const first = parseLog(log(5))
      const changed = log(5)
      changed[2] = e(3, '[Lane: 2, Run: 7] Stopped.')
      const again = parseLog(changed, first)
      expect(again.slice(0, 2)).toEqual(first.slice(0, 2))
      expect(again[0]).toBe(first[0])
      expect(again[2]!.subject).toEqual({ laneIndex: 2, runNumber: 7 })
      expect(again[3]).not.toBe(first[3])
      expect(again).toEqual(parseLog(changed))
    })

    it('is the same parse when the log is shorter or arrives out of order', () => {
      const first = parseLog(log(10))
      expect(parseLog(log(4), first)).toEqual(parseLog(log(4)))
      const shuffled = [...log(10)].reverse()
      expect(parseLog(shuffled, first)).toEqual(first)
    })
  })
})
