// Who the account's user is and what they may do in each space, from the account's Onezone
// (when it has one): the inbox filters "only mine" and says "you", the execution view names the
// scheduling user and disables actions the user lacks the privilege for. Looked up once
// (privileges again after a while), never waited for: empty until known, then what asked (the
// overview, an execution) is pushed as changed.
import type { SpaceAccess } from '../../shared/access'
import { USER_ID_MAX, USER_NAME_MAX, type AccountUser } from '../../shared/monitor-state'
import type { OnezoneClient } from '../onedata'

const FRESH_MS = 10 * 60_000
const RETRY_MS = 10 * 60_000

type Slot<T> = { value: T; at: number } | { pending: true } | { failedAt: number }
/** What arrived: the account's user (a provider change) and the executions that asked. */
export interface Arrival {
  executionIds?: string[]
  provider?: boolean
}

export class AccessCache {
  private me: Slot<AccountUser | undefined> | undefined
  /** Executions that asked for the user's name while it was not known. */
  private readonly waitingForMe = new Set<string>()
  private readonly spaces = new Map<string, Slot<SpaceAccess | undefined>>()
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly zone: () => Promise<OnezoneClient | undefined>,
    private readonly now: () => number,
    /** Called when something that was asked for arrived. */
    private readonly arrived: (what: Arrival) => void
  ) {}

  /** The account's own user, once Onezone told; asking starts the lookup when it is due. */
  user(): AccountUser | undefined {
    this.askForMe()
    return this.known(this.me)
  }

  /** The scheduling user's name, when it is the account's own user and Onezone named them. */
  userName(userId: string, executionId: string): string | undefined {
    this.askForMe(executionId)
    const me = this.known(this.me)
    return me?.userId === userId ? me.name : undefined
  }

  /** The account's privileges in a space, when Onezone told them. */
  access(spaceId: string, executionId: string): SpaceAccess | undefined {
    const slot = this.spaces.get(spaceId)
    if (this.due(slot, FRESH_MS))
      this.spaces.set(
        spaceId,
        this.lookUp(
          () => this.arrived({ executionIds: [executionId] }),
          (s) => this.spaces.set(spaceId, s),
          async (zone) => {
            const me = this.known(this.me) ?? (await this.whoAmI(zone))
            if (!me) return undefined
            return {
              userId: me.userId,
              privileges: await zone.getSpacePrivileges(spaceId, me.userId)
            }
          }
        )
      )
    return this.known(slot)
  }

  /** Resolves once no lookup is under way. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all(this.pending)
  }

  private askForMe(executionId?: string): void {
    if (this.due(this.me, Infinity))
      this.me = this.lookUp(
        () => {
          const executionIds = [...this.waitingForMe]
          this.waitingForMe.clear()
          this.arrived({ provider: true, executionIds })
        },
        (slot) => {
          this.me = slot
          if (!this.known(slot)) this.waitingForMe.clear()
        },
        (zone) => this.whoAmI(zone)
      )
    if (executionId !== undefined && this.me && 'pending' in this.me)
      this.waitingForMe.add(executionId)
  }

  private known<T>(slot: Slot<T> | undefined): T | undefined {
    return slot && 'value' in slot ? slot.value : undefined
  }

  private due<T>(slot: Slot<T> | undefined, freshMs: number): boolean {
    if (!slot) return true
    if ('pending' in slot) return false
    if ('failedAt' in slot) return this.now() - slot.failedAt > RETRY_MS
    return this.now() - slot.at > freshMs
  }

  /** An id too long for the contract is not cut (a cut id names nobody): the user is unknown. */
  private async whoAmI(zone?: OnezoneClient): Promise<AccountUser | undefined> {
    const z = zone ?? (await this.zone())
    if (!z) return undefined
    const user = await z.getUser()
    if (user.userId.length > USER_ID_MAX) return undefined
    const full = user.fullName?.trim() || user.username?.trim() || undefined
    const name = full && full.length > USER_NAME_MAX ? `${full.slice(0, USER_NAME_MAX - 1)}…` : full
    return { userId: user.userId, ...(name ? { name } : {}) }
  }

  private lookUp<T>(
    arrived: () => void,
    store: (slot: Slot<T>) => void,
    read: (zone: OnezoneClient) => Promise<T>
  ): Slot<T> {
    const done = (async () => {
      try {
        const zone = await this.zone()
        const value = zone ? await read(zone) : (undefined as T)
        store({ value, at: this.now() })
        if (value !== undefined) arrived()
      } catch {
        store({ failedAt: this.now() })
      }
    })()
    this.pending.add(done)
    void done.finally(() => this.pending.delete(done))
    return { pending: true }
  }
}
