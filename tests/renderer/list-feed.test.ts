// The list's feed: rows in view first, a bounded number of calls in flight, nothing asked twice
// until the monitor says it changed; and where the inbox is, saved a moment after a change.
import { describe, expect, it } from 'vitest'
import { InboxPlace, SAVE_DELAY_MS } from '../../src/renderer/src/lib/inbox.svelte'
import { BATCH, CONCURRENCY, ListFeed } from '../../src/renderer/src/lib/list/feed.svelte'
import { ListView } from '../../src/renderer/src/lib/list/view.svelte'
import { failedRun, pauseOrResume } from '../../src/renderer/src/lib/list/row-actions'
import type { CachedDetails } from '../../src/shared/monitor-state'
import type { InboxMemory } from '../../src/shared/inbox'
import { details, run } from '../helpers/details'

const ids = (n: number) => Array.from({ length: n }, (_, i) => `e${i}`)

function deferredReads(all: string[]) {
  const calls: { ids: string[]; answer: () => void }[] = []
  return {
    calls,
    reads: {
      ids: async () => ({ ids: all, complete: true, listedAt: 1, loaded: 0 }),
      details: (asked: string[]) =>
        new Promise<Record<string, CachedDetails>>((resolve) =>
          calls.push({
            ids: asked,
            answer: () =>
              resolve(
                Object.fromEntries(
                  asked.map((id) => [
                    id,
                    { details: details('active', [], { atmWorkflowExecutionId: id }) }
                  ])
                )
              )
          })
        )
    }
  }
}
const settle = () => new Promise((r) => setTimeout(r, 0))

describe('the list feed', () => {
  it('shows executions the server no longer lists from the history, marked saved, and never asks the monitor for them', async () => {
    const view = new ListView()
    const asked: string[] = []
    const gone = [
      // Still listed: the server's row stands, not the snapshot's.
      { executionId: 'e1', savedAt: 5000, file: 'a.lanewatch', details: details('failed', []) },
      {
        executionId: 'old',
        savedAt: 7000,
        file: 'b.lanewatch',
        details: details('finished', [], { atmWorkflowExecutionId: 'old', name: 'gone one' })
      }
    ]
    const reads = {
      ids: async () => ({ ids: ['e0', 'e1'], complete: true, listedAt: 1, loaded: 0 }),
      details: async (batch: string[]) => {
        asked.push(...batch)
        return Object.fromEntries(
          batch.map((id) => [
            id,
            { details: details('active', [], { atmWorkflowExecutionId: id }) }
          ])
        )
      },
      gone: async () => gone
    }
    const feed = new ListFeed(view, reads, 'ended')
    await feed.reload()
    await settle()
    expect(view.rows.map((r) => [r.id, r.saved?.file, r.details?.status])).toEqual([
      ['e0', undefined, 'active'],
      ['e1', undefined, 'active'],
      ['old', 'b.lanewatch', 'finished']
    ])
    expect(asked.sort()).toEqual(['e0', 'e1'])
    // A change the monitor pushes does not replace the snapshot's row either.
    view.update([details('active', [], { atmWorkflowExecutionId: 'old' })])
    expect(view.rows.find((r) => r.id === 'old')?.details?.status).toBe('finished')

    // Lists of phases other than ended do not hold ended executions from the history.
    const waiting = new ListView()
    await new ListFeed(waiting, reads, 'waiting').reload()
    expect(waiting.rows.map((r) => r.id)).toEqual(['e0', 'e1'])

    // The list stands when the history cannot be read.
    const broken = new ListView()
    await new ListFeed(
      broken,
      { ...reads, gone: () => Promise.reject(new Error('no')) },
      'all'
    ).reload()
    expect(broken.rows.map((r) => r.id)).toEqual(['e0', 'e1'])
  })

  it('asks for the rows in view first, at most two batches at a time, until every row is loaded', async () => {
    const view = new ListView()
    const { calls, reads } = deferredReads(ids(1000))
    const feed = new ListFeed(view, reads, 'ended')
    await feed.reload()
    expect(calls).toHaveLength(CONCURRENCY)
    feed.inView(['e900', 'e901'])
    Object.assign(calls[0]!, { done: true }).answer()
    await settle()
    // The rows in view go before the rest of the list.
    expect(calls[2]!.ids).toEqual(['e900', 'e901'])
    expect(calls.length).toBe(3)
    while (calls.some((c) => !('done' in c))) {
      const open = calls.filter((c) => !('done' in c))
      expect(open.length).toBeLessThanOrEqual(CONCURRENCY)
      for (const c of open) Object.assign(c, { done: true }).answer()
      await settle()
    }
    expect(calls.every((c) => c.ids.length <= BATCH)).toBe(true)
    expect(new Set(calls.flatMap((c) => c.ids)).size).toBe(1000)
    expect(calls.flatMap((c) => c.ids)).toHaveLength(1000)
    expect(view.rows.every((r) => r.details)).toBe(true)
  })

  it('asks again only for rows the monitor says changed, and keeps an error for "Try again"', async () => {
    const view = new ListView()
    const asked: string[][] = []
    let broken = true
    const feed = new ListFeed(
      view,
      {
        ids: async () => {
          if (broken) throw new Error('The provider did not answer.')
          return { ids: ['a', 'b'], complete: true, loaded: 0 }
        },
        details: async (list) => {
          asked.push(list)
          return {
            a: { details: null },
            b: { details: null, error: { id: 'forbidden', description: 'No access.' } }
          }
        }
      },
      'ongoing'
    )
    await feed.reload()
    expect(feed.error).toBe('The provider did not answer.')
    broken = false
    await feed.reload()
    await settle()
    expect(feed.error).toBeUndefined()
    expect(asked).toEqual([['a', 'b']])
    expect(view.rows.find((r) => r.id === 'b')?.error).toBe('No access.')
    feed.changed(['a', 'unknown'])
    await settle()
    expect(asked).toEqual([['a', 'b'], ['a']])
  })
})

describe('where the inbox is', () => {
  it('is saved a moment after the last change, and a new list starts at its top with nothing selected', () => {
    const saved: InboxMemory[] = []
    const timers: { fn: () => void; ms: number }[] = []
    const place = new InboxPlace(async (m) => saved.push(m), {
      set: (fn, ms) => timers.push({ fn, ms }) - 1,
      clear: (h) => (timers[h as number]!.fn = () => {})
    })
    place.changed(place.memory())
    expect(timers).toHaveLength(0) // nothing is saved before what was remembered is restored
    place.restore({
      accountId: 'a',
      spaceId: 's',
      phase: 'ended',
      sort: { column: 'name', direction: 'asc' }
    })
    expect(place.list.sort).toEqual({ column: 'name', direction: 'asc' })
    place.list.selectedId = 'x'
    place.list.scrollTop = 340
    place.show({ phase: 'ended' })
    expect(place.list.selectedId).toBe('x')
    place.show({ phase: 'suspended' })
    expect(place.list.selectedId).toBeUndefined()
    expect(place.list.scrollTop).toBe(0)
    place.changed(place.memory())
    place.list.filters.text = 'calling'
    place.changed(place.memory())
    expect(timers.map((t) => t.ms)).toEqual([SAVE_DELAY_MS, SAVE_DELAY_MS])
    timers.forEach((t) => t.fn())
    expect(saved).toEqual([
      {
        accountId: 'a',
        spaceId: 's',
        phase: 'suspended',
        filters: { text: 'calling', statuses: [], onlyMine: false },
        sort: { column: 'name', direction: 'asc' }
      }
    ])
  })
})

describe('acting from the list', () => {
  it('pauses what runs, resumes what is paused, and says why neither for an ended execution', () => {
    expect(pauseOrResume(details('active', []))).toEqual({ action: 'pause' })
    expect(pauseOrResume(details('paused', []))).toEqual({ action: 'resume' })
    expect(pauseOrResume(details('finished', []))).toEqual({
      refused: '"variant-calling" can be neither paused nor resumed: the execution has ended'
    })
  })

  it('finds the newest failed lane run that can be repeated', () => {
    const d = details('failed', [
      [run(1, 'finished', { isRerunable: true })],
      [
        run(3, 'failed', { isRetriable: true, isRerunable: true }),
        run(2, 'failed', { isRerunable: true })
      ]
    ])
    expect(failedRun(d)).toMatchObject({ laneIndex: 2, runNumber: 3, retry: { allowed: true } })
    expect(failedRun(details('active', [[run(1, 'active')]]))).toBeUndefined()
  })
})
