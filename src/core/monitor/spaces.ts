// The phase lists of one watched space: the ids each phase lists (every page), when each list is
// due again, and what a fresh listing says about the executions the monitor tracks: which are
// new, which moved to another phase, which disappeared. The REST API lists ids only, so these
// lists are how the monitor learns of starts, ends and deletions without reading details.
import { PHASES, type Phase } from '../../shared/statuses'

export interface PhaseList {
  ids: string[]
  /** Every page was read at least once. */
  complete: boolean
  listedAt?: number
  dueAt: number
  /** The next ended listing reads every page (else only the newest page). */
  full: boolean
}

/** How many ids the newest page of the ended list holds: enough to catch what just ended. */
export const ENDED_HEAD = 100

export class SpaceLists {
  readonly lists: Record<Phase, PhaseList>
  /** Which phase lists each id, for quick look-ups in long ended lists. */
  private readonly where = new Map<string, Phase>()
  /** Phases listed completely since the monitor started watching the space. */
  private readonly firstLook = new Set<Phase>()

  constructor(
    readonly spaceId: string,
    now: number
  ) {
    const list = (): PhaseList => ({ ids: [], complete: false, dueAt: now, full: true })
    this.lists = { waiting: list(), ongoing: list(), suspended: list(), ended: list() }
  }

  /** True once every phase was listed completely (the space's first look is over). */
  get looked(): boolean {
    return PHASES.every((p) => this.firstLook.has(p))
  }

  /** The phase a list currently shows an id in, if any. */
  phaseOf(id: string): Phase | undefined {
    return this.where.get(id)
  }

  /**
   * Takes a listing. For a complete listing returns the ids it no longer shows (they moved to
   * another phase or were deleted); the newest page of the ended list is merged in front.
   */
  take(phase: Phase, ids: string[], complete: boolean, at: number): string[] {
    const list = this.lists[phase]
    const fresh = new Set(ids)
    const gone = complete ? list.ids.filter((id) => !fresh.has(id)) : []
    for (const id of gone) if (this.where.get(id) === phase) this.where.delete(id)
    const moved = new Set<Phase>()
    for (const id of ids) {
      const was = this.where.get(id)
      if (was !== undefined && was !== phase) moved.add(was)
      this.where.set(id, phase)
    }
    // An id listed in this phase now is in no other one.
    for (const p of moved) this.lists[p].ids = this.lists[p].ids.filter((id) => !fresh.has(id))
    list.ids = complete ? [...ids] : [...ids, ...list.ids.filter((id) => !fresh.has(id))]
    if (complete) {
      list.complete = true
      this.firstLook.add(phase)
    }
    list.listedAt = at
    list.full = false
    return gone
  }

  /**
   * Of the ids a new listing of the newest ended page shows, those that ended again since the
   * last listing (a retry or rerun that started and ended between two listings of the waiting
   * and ongoing lists). The list is newest first by finish time, so one that ended again came
   * back to the front, ahead of an id that was ahead of it. (The newest one ending again stays
   * where it was: the order cannot tell, and ended executions are not read to find out.)
   */
  endedAgain(ids: string[]): string[] {
    const before = this.lists.ended.ids
    // Where each id was; one listed ended but not among the first few was further back.
    const near = new Map<string, number>()
    for (let i = 0; i < Math.min(before.length, 2 * ids.length); i++) near.set(before[i]!, i)
    const moved = new Set<string>()
    let behind = Infinity
    for (let i = ids.length - 1; i >= 0; i--) {
      const id = ids[i]!
      const at = near.get(id) ?? (this.where.get(id) === 'ended' ? before.length : undefined)
      if (at === undefined) continue
      if (at > behind) moved.add(id)
      behind = Math.min(behind, at)
    }
    return ids.filter((id) => moved.has(id))
  }

  /** Forgets a deleted execution. */
  forget(id: string): void {
    const phase = this.where.get(id)
    if (phase === undefined) return
    this.where.delete(id)
    this.lists[phase].ids = this.lists[phase].ids.filter((x) => x !== id)
  }

  /** Moves an id to the phase its details say, until the next listing confirms it. */
  place(id: string, phase: Phase): void {
    if (this.where.get(id) === phase) return
    this.forget(id)
    this.where.set(id, phase)
    this.lists[phase].ids = [id, ...this.lists[phase].ids]
  }

  counts(): Record<Phase, number | null> {
    const out = {} as Record<Phase, number | null>
    for (const p of PHASES)
      out[p] = this.lists[p].listedAt === undefined ? null : this.lists[p].ids.length
    return out
  }
}
