import { mkdtempSync, readFileSync, writeFileSync, existsSync, appendFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MonitorStore, type ExecutionEntry } from '../../../src/core/monitor/store'
import { diskFiles, type StoreFiles } from '../../../src/core/monitor/store-files'
import type { NewMonitorEvent } from '../../../src/shared/monitor'
import { emptyObservations } from '../../../src/shared/observations'
import { details, run } from '../../helpers/details'
import { KillableFiles } from '../../helpers/killable-files'

const dir = () => mkdtempSync(join(tmpdir(), 'lanewatch-store-'))
const entry = (status: string): ExecutionEntry => ({
  spaceId: 'space',
  details: details(status, [[run(1, status)]]),
  observations: emptyObservations(),
  changedAt: 1
})
const ended = (id: string, status = 'finished'): NewMonitorEvent => ({
  type: 'executionEnded',
  at: 2,
  accountId: 'a',
  spaceId: 'space',
  executionId: id,
  executionName: 'x',
  status,
  ranForMs: null
})

describe('the monitor store', () => {
  it('keeps commits across a reopen: state, events and their sequence', () => {
    const d = dir()
    const s = new MonitorStore(d)
    expect(s.resumed).toBe(false)
    const [e1] = s.commit([{ k: 'x', id: 'w1', e: entry('active') }], [ended('w1')])
    s.commit([{ k: 's', id: 'space', e: { name: 'Lab', seenSeq: 1 } }], [])
    s.commit(
      [
        { k: 'x', id: 'w1', e: entry('finished') },
        { k: 'x', id: 'w2', e: entry('active') }
      ],
      []
    )
    s.commit([{ k: 'x', id: 'w2', e: null }], [ended('w2', 'failed')])
    expect(e1!.seq).toBe(1)

    const again = new MonitorStore(d)
    expect(again.resumed).toBe(true)
    expect(again.problem).toBeUndefined()
    expect(again.executions.get('w1')!.details!.status).toBe('finished')
    expect(again.executions.has('w2')).toBe(false)
    expect(again.spaces.get('space')).toEqual({ name: 'Lab', seenSeq: 1 })
    expect(again.seq).toBe(2)
    expect(again.eventsAfter(1).map((e) => [e.seq, e.executionId])).toEqual([[2, 'w2']])
    const [next] = again.commit([], [ended('w3')])
    expect(next!.seq).toBe(3)
  })

  it('a line cut short by a kill never counted: it is dropped and the file mended', () => {
    const d = dir()
    const s = new MonitorStore(d)
    s.commit([{ k: 'x', id: 'w1', e: entry('active') }], [ended('w1')])
    const files = new KillableFiles({ op: 'append', nth: 1 })
    const dying = new MonitorStore(d, files)
    expect(() => dying.commit([{ k: 'x', id: 'w2', e: entry('active') }], [ended('w2')])).toThrow(
      'killed while writing'
    )
    const journal = join(d, 'journal.jsonl')
    expect(readFileSync(journal, 'utf8').endsWith('\n')).toBe(false)

    const after = new MonitorStore(d)
    expect(after.problem).toBeUndefined()
    expect(after.executions.has('w2')).toBe(false)
    expect(after.seq).toBe(1)
    expect(readFileSync(journal, 'utf8').endsWith('\n')).toBe(true)
    after.commit([{ k: 'x', id: 'w2', e: entry('active') }], [ended('w2')])
    expect(new MonitorStore(d).eventsAfter(0).map((e) => e.executionId)).toEqual(['w1', 'w2'])
  })

  it('a write that fails for other reasons is cut back, so the next line starts clean', () => {
    const d = dir()
    const s = new MonitorStore(d)
    s.commit([{ k: 'x', id: 'w1', e: entry('active') }], [])
    let fail = true
    const files: StoreFiles = {
      ...diskFiles,
      append(p, text) {
        if (!fail) return diskFiles.append(p, text)
        appendFileSync(p, text.slice(0, 5))
        fail = false
        throw new Error('ENOSPC: no space left on device')
      }
    }
    const flaky = new MonitorStore(d, files)
    expect(() => flaky.commit([{ k: 'x', id: 'w2', e: entry('active') }], [])).toThrow('ENOSPC')
    flaky.commit([{ k: 'x', id: 'w3', e: entry('active') }], [])
    const after = new MonitorStore(d)
    expect(after.problem).toBeUndefined()
    expect([...after.executions.keys()].sort()).toEqual(['w1', 'w3'])
  })

  it('a damaged snapshot is moved aside, reported, and the store starts afresh', () => {
    const d = dir()
    const s = new MonitorStore(d)
    s.commit([{ k: 'x', id: 'w1', e: entry('active') }], [ended('w1')])
    s.compact()
    writeFileSync(join(d, 'snapshot.json'), '{"version":1,"n":')
    const after = new MonitorStore(d)
    expect(after.problem).toMatch(
      /^The monitor's store was damaged: its snapshot could not be read \(not valid JSON; moved to .*snapshot\.json\.corrupt\)\. It was rebuilt/
    )
    expect(after.executions.size).toBe(0)
    expect(after.resumed).toBe(false)
    expect(existsSync(join(d, 'snapshot.json.corrupt'))).toBe(true)
    // The rebuilt store is sound.
    expect(new MonitorStore(d).problem).toBeUndefined()
  })

  it('a damaged journal line keeps what came before it', () => {
    const d = dir()
    const s = new MonitorStore(d)
    s.commit([{ k: 'x', id: 'w1', e: entry('active') }], [])
    appendFileSync(join(d, 'journal.jsonl'), '{"n":2,"ops":[{"k":"x"}],"ev":[]}\n')
    const after = new MonitorStore(d)
    expect(after.problem).toMatch(/a journal line could not be read \(ops\.0/)
    expect(after.executions.has('w1')).toBe(true)
    expect(new MonitorStore(d).problem).toBeUndefined()
  })

  it('a kill while folding the journal into a snapshot loses and repeats nothing', () => {
    for (const kill of [
      { op: 'replace' as const, nth: 1 },
      { op: 'truncate' as const, nth: 1 }
    ]) {
      const d = dir()
      const s = new MonitorStore(d)
      s.commit([{ k: 'x', id: 'w1', e: entry('active') }], [ended('w1')])
      s.commit([{ k: 'x', id: 'w2', e: entry('active') }], [ended('w2')])
      const dying = new MonitorStore(d, new KillableFiles(kill))
      expect(() => dying.compact()).toThrow('killed while writing')
      const after = new MonitorStore(d)
      expect(after.problem).toBeUndefined()
      expect(after.eventsAfter(0).map((e) => e.seq)).toEqual([1, 2])
      expect([...after.executions.keys()]).toEqual(['w1', 'w2'])
      after.commit([], [ended('w3')])
      expect(new MonitorStore(d).eventsAfter(0).map((e) => e.seq)).toEqual([1, 2, 3])
    }
  })

  it('without a folder it keeps everything in memory', () => {
    const s = new MonitorStore()
    s.commit([{ k: 'x', id: 'w1', e: entry('active') }], [ended('w1')])
    expect(s.executions.size).toBe(1)
    expect(s.eventsAfter(0)).toHaveLength(1)
  })
})
