import { describe, expect, it } from 'vitest'
import { DueQueue, type Due } from '../../../src/core/monitor/due-queue'

/** The rule the queue implements, as a plain scan (what the monitor did before it). */
function scan(items: Map<string, Due>, now: number): Due | undefined {
  let best: Due | undefined
  for (const d of items.values()) {
    if (!best) best = d
    else {
      const due1 = d.dueAt <= now
      const due2 = best.dueAt <= now
      if (
        due1 !== due2
          ? due1
          : due1
            ? d.priority < best.priority || (d.priority === best.priority && d.dueAt < best.dueAt)
            : d.dueAt < best.dueAt
      )
        best = d
    }
  }
  return best
}

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}

describe('DueQueue', () => {
  it('is empty at first', () => {
    const q = new DueQueue()
    expect(q.peek(0)).toBeUndefined()
    expect(q.size).toBe(0)
  })

  it('gives the earliest when nothing is due', () => {
    const q = new DueQueue()
    q.set('a', 300, 3)
    q.set('b', 200, 3)
    q.set('c', 250, 0)
    expect(q.peek(100)).toMatchObject({ id: 'b', dueAt: 200 })
  })

  it('among due work gives the highest priority first, then the earliest', () => {
    const q = new DueQueue()
    q.set('late-cadence', 50, 3)
    q.set('early-cadence', 10, 3)
    q.set('asked', 90, 1)
    q.set('later-on-screen', 200, 0)
    expect(q.peek(100)).toMatchObject({ id: 'asked' })
    q.delete('asked')
    expect(q.peek(100)).toMatchObject({ id: 'early-cadence' })
    // Once the on-screen one falls due it goes before the others, however late.
    expect(q.peek(200)).toMatchObject({ id: 'later-on-screen' })
  })

  it('equal work is given in the order it was queued', () => {
    const q = new DueQueue()
    for (const id of ['x', 'y', 'z']) q.set(id, 5, 3)
    const order: string[] = []
    for (let d = q.peek(10); d; d = q.peek(10)) {
      order.push(d.id)
      q.delete(d.id)
    }
    expect(order).toEqual(['x', 'y', 'z'])
  })

  it('a rescheduled id counts only at its new time, and a deleted one not at all', () => {
    const q = new DueQueue()
    q.set('a', 10, 3)
    q.set('b', 20, 3)
    expect(q.peek(15)).toMatchObject({ id: 'a' })
    q.set('a', 100, 3)
    expect(q.peek(15)).toMatchObject({ id: 'b', dueAt: 20 })
    q.delete('b')
    expect(q.peek(15)).toMatchObject({ id: 'a', dueAt: 100 })
    expect(q.has('b')).toBe(false)
    q.delete('a')
    expect(q.peek(1000)).toBeUndefined()
  })

  it('a due entry raised in priority goes first', () => {
    const q = new DueQueue()
    q.set('a', 10, 3)
    q.set('b', 20, 3)
    expect(q.peek(50)).toMatchObject({ id: 'a' })
    q.set('b', 20, 0)
    expect(q.peek(50)).toMatchObject({ id: 'b', priority: 0 })
  })

  it('agrees with a plain scan over thousands of random steps', () => {
    const random = lcg(42)
    const q = new DueQueue()
    const model = new Map<string, Due>()
    let now = 0
    for (let step = 0; step < 20_000; step++) {
      const id = `e${Math.floor(random() * 300)}`
      const r = random()
      if (r < 0.55) {
        const d = {
          id,
          dueAt: now + Math.floor(random() * 5000) - 1000,
          priority: Math.floor(random() * 4)
        }
        q.set(d.id, d.dueAt, d.priority)
        model.set(id, d)
      } else if (r < 0.7) {
        q.delete(id)
        model.delete(id)
      } else if (r < 0.85) {
        now += Math.floor(random() * 400)
      } else {
        // Take the next one, as the monitor does when it starts a reading.
        const next = q.peek(now)
        const want = scan(model, now)
        // Ties may go to another id with the same time and priority: compare what decides.
        expect(next && [next.dueAt, next.priority]).toEqual(want && [want.dueAt, want.priority])
        if (next)
          expect(model.get(next.id)).toEqual({
            id: next.id,
            dueAt: next.dueAt,
            priority: next.priority
          })
        if (next && next.dueAt <= now) {
          q.delete(next.id)
          model.delete(next.id)
        }
      }
      expect(q.size).toBe(model.size)
    }
  })

  it('answers for any moment, also one earlier than the last asked about', () => {
    // Hidden, the monitor looks half a tick ahead; shown again, it looks at the present. What
    // fell due for the look ahead must not pass for due now, nor hide what is due sooner.
    const q = new DueQueue()
    q.set('quiet', 20_000, 3)
    expect(q.peek(30_000)).toMatchObject({ id: 'quiet' })
    q.set('on-screen', 2_000, 0)
    expect(q.peek(0)).toMatchObject({ id: 'on-screen', dueAt: 2_000 })
    q.set('soon', 1_000, 3)
    expect(q.peek(0)).toMatchObject({ id: 'soon', dueAt: 1_000 })
    expect(q.peek(1_500)).toMatchObject({ id: 'soon' })
    expect(q.peek(2_000)).toMatchObject({ id: 'on-screen' })
  })

  it('agrees with a plain scan when asked about moments ahead and back', () => {
    const random = lcg(7)
    const q = new DueQueue()
    const model = new Map<string, Due>()
    let now = 0
    for (let step = 0; step < 20_000; step++) {
      const id = `e${Math.floor(random() * 300)}`
      const r = random()
      if (r < 0.55) {
        const d = {
          id,
          dueAt: now + Math.floor(random() * 5000) - 1000,
          priority: Math.floor(random() * 4)
        }
        q.set(d.id, d.dueAt, d.priority)
        model.set(id, d)
      } else if (r < 0.7) {
        q.delete(id)
        model.delete(id)
      } else if (r < 0.8) {
        now += Math.floor(random() * 400)
      } else {
        // The monitor asks about now, or about a horizon up to half a tick ahead.
        const at = random() < 0.5 ? now : now + Math.floor(random() * 15_000)
        const next = q.peek(at)
        const want = scan(model, at)
        expect(next && [next.dueAt, next.priority]).toEqual(want && [want.dueAt, want.priority])
        if (next && next.dueAt <= at && random() < 0.5) {
          q.delete(next.id)
          model.delete(next.id)
        }
      }
      expect(q.size).toBe(model.size)
    }
  })

  it('does not grow without bound when the same ids are rescheduled again and again', () => {
    const q = new DueQueue()
    for (let i = 0; i < 200_000; i++) q.set(`e${i % 10}`, i, 3)
    expect(q.size).toBe(10)
    // Internals: the heaps hold the live entries plus a bounded number of stale ones.
    const heaps = q as unknown as { waiting: { size: number }; due: { size: number } }
    expect(heaps.waiting.size + heaps.due.size).toBeLessThanOrEqual(2 * 10 + 1024 + 1)
    expect(q.peek(1e9)).toMatchObject({ id: 'e0', dueAt: 199_990 })
  })
})
