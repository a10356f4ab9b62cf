// The executions whose details are due for a reading, by due time: finding the next one costs
// O(log n) instead of a scan over every tracked execution after every request (with a thousand
// running executions that scan was most of the monitor's own work).
//
// Two binary heaps with lazy deletion: `waiting` holds entries by due time; entries that have
// fallen due move to `due`, ordered by priority and then by due time, since among due work the
// highest priority goes first. Rescheduling an id pushes a new entry and leaves the old one to be
// skipped when it surfaces (its version no longer matches).
//
// The monitor asks about different moments: hidden, half a tick ahead (work due that soon goes
// out together); shown again, the present. Entries moved to `due` for a later moment are moved
// back when asked about an earlier one; otherwise one not yet due would pass for due, ahead of
// (and hiding) work due sooner, and the monitor would sleep until it.

export interface Due {
  id: string
  dueAt: number
  priority: number
}

interface Entry extends Due {
  version: number
}

type Before<T> = (a: T, b: T) => boolean

/** A binary min-heap under `before`. */
class Heap<T> {
  private readonly items: T[] = []
  constructor(private readonly before: Before<T>) {}

  get size(): number {
    return this.items.length
  }

  peek(): T | undefined {
    return this.items[0]
  }

  push(item: T): void {
    const a = this.items
    a.push(item)
    let i = a.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(item, a[parent]!)) break
      a[i] = a[parent]!
      i = parent
    }
    a[i] = item
  }

  pop(): T | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length === 0 || last === undefined) return top
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= a.length) break
      const r = l + 1
      const child = r < a.length && this.before(a[r]!, a[l]!) ? r : l
      if (!this.before(a[child]!, last)) break
      a[i] = a[child]!
      i = child
    }
    a[i] = last
    return top
  }

  /** Keeps only the items `keep` accepts (rebuilds the heap). */
  filter(keep: (item: T) => boolean): void {
    const kept = this.items.filter(keep)
    this.items.length = 0
    for (const item of kept) this.push(item)
  }
}

export class DueQueue {
  /** The current entry of every queued id. */
  private readonly current = new Map<string, Entry>()
  // Ties go to the entry queued first, so equal work is read in the order it was asked for.
  private readonly waiting = new Heap<Entry>(
    (a, b) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.version < b.version)
  )
  private readonly due = new Heap<Entry>(
    (a, b) =>
      a.priority < b.priority ||
      (a.priority === b.priority &&
        (a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.version < b.version)))
  )
  private version = 0
  /** The latest moment asked about: every entry in `due` is due by it. */
  private reached = -Infinity

  get size(): number {
    return this.current.size
  }

  has(id: string): boolean {
    return this.current.has(id)
  }

  /** Queues an id (again) for this time and priority; any earlier entry for it is dropped. */
  set(id: string, dueAt: number, priority: number): void {
    const entry: Entry = { id, dueAt, priority, version: ++this.version }
    this.current.set(id, entry)
    this.waiting.push(entry)
    this.compactIfStale()
  }

  delete(id: string): void {
    this.current.delete(id)
  }

  /**
   * The entry to read next at `now`, without taking it: among those due the highest priority,
   * then the earliest; when none is due, the earliest.
   */
  peek(now: number): Readonly<Due> | undefined {
    if (now < this.reached) this.stepBack(now)
    this.reached = now
    for (let w = this.waiting.peek(); w && w.dueAt <= now; w = this.waiting.peek()) {
      this.waiting.pop()
      if (this.isCurrent(w)) this.due.push(w)
    }
    return this.top(this.due) ?? this.top(this.waiting)
  }

  /** Moves what is not yet due at `now` back to `waiting` (few: what `due` still holds). */
  private stepBack(now: number): void {
    const notYet: Entry[] = []
    this.due.filter((e) => {
      if (!this.isCurrent(e)) return false
      if (e.dueAt <= now) return true
      notYet.push(e)
      return false
    })
    for (const e of notYet) this.waiting.push(e)
  }

  private top(heap: Heap<Entry>): Entry | undefined {
    let e = heap.peek()
    while (e && !this.isCurrent(e)) {
      heap.pop()
      e = heap.peek()
    }
    return e
  }

  private isCurrent(e: Entry): boolean {
    return this.current.get(e.id) === e
  }

  /** Stale entries are skipped as they surface; when they pile up, they are swept at once. */
  private compactIfStale(): void {
    if (this.waiting.size + this.due.size <= 2 * this.current.size + 1024) return
    const keep = (e: Entry) => this.isCurrent(e)
    this.waiting.filter(keep)
    this.due.filter(keep)
  }
}
