// Where the user is in the inbox: the account, space and phase on screen and the list's state
// (filters, sort, selection, scroll). It outlives the list while an execution is open, so coming
// back returns to the same place; account, space, phase, filters and sort are saved (a moment
// after the last change) so the next start opens there too.
import type { InboxMemory, InboxPhase } from '../../../shared/inbox'
import { ListView } from './list/view.svelte'

export const SAVE_DELAY_MS = 500

export interface Delays {
  set(callback: () => void, ms: number): unknown
  clear(handle: unknown): void
}
const realDelays: Delays = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>)
}

export class InboxPlace {
  accountId = $state<string>()
  spaceId = $state<string>()
  phase = $state<InboxPhase>('ongoing')
  readonly list = new ListView()
  private timer: unknown
  private restored = false

  constructor(
    private readonly save: (memory: InboxMemory) => Promise<unknown>,
    private readonly delays: Delays = realDelays
  ) {}

  restore(m: InboxMemory): void {
    this.accountId = m.accountId
    this.spaceId = m.spaceId
    if (m.phase) this.phase = m.phase
    if (m.filters || m.sort)
      this.list.restore({
        filters: m.filters ?? this.list.filters,
        sort: m.sort ?? this.list.sort,
        scrollTop: 0
      })
    this.restored = true
  }

  memory(): InboxMemory {
    return {
      ...(this.accountId ? { accountId: this.accountId } : {}),
      ...(this.spaceId ? { spaceId: this.spaceId } : {}),
      phase: this.phase,
      filters: { ...this.list.filters, statuses: [...this.list.filters.statuses] },
      sort: { ...this.list.sort }
    }
  }

  /** Another list: the selection and scroll belong to the one left. */
  show(place: { accountId?: string; spaceId?: string; phase?: InboxPhase }): void {
    const before = `${this.accountId}/${this.spaceId}/${this.phase}`
    if (place.accountId !== undefined) this.accountId = place.accountId
    if (place.spaceId !== undefined) this.spaceId = place.spaceId
    if (place.phase !== undefined) this.phase = place.phase
    if (before === `${this.accountId}/${this.spaceId}/${this.phase}`) return
    this.list.selectedId = undefined
    this.list.scrollTop = 0
    this.list.setIds([])
  }

  /** Saves a moment after the last change (called from an effect that reads `memory()`). */
  changed(memory: InboxMemory): void {
    if (!this.restored) return
    if (this.timer !== undefined) this.delays.clear(this.timer)
    this.timer = this.delays.set(() => {
      this.timer = undefined
      void this.save(memory).catch(() => {})
    }, SAVE_DELAY_MS)
  }
}
