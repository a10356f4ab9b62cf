// Who the account's user is and what they may do in each space, from the account's Onezone
// (when it has one): the execution view names the scheduling user and disables actions the
// user lacks the privilege for. Looked up once (privileges again after a while), never waited
// for: empty until known, then the execution that asked is pushed as changed.
import type { SpaceAccess } from '../../shared/access'
import type { OnezoneClient } from '../onedata'

const FRESH_MS = 10 * 60_000
const RETRY_MS = 10 * 60_000

interface Me {
  userId: string
  name?: string
}
type Slot<T> = { value: T; at: number } | { pending: true } | { failedAt: number }

export class AccessCache {
  private me: Slot<Me | undefined> | undefined
  private readonly spaces = new Map<string, Slot<SpaceAccess | undefined>>()
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly zone: () => Promise<OnezoneClient | undefined>,
    private readonly now: () => number,
    /** Called when something asked for by this execution arrived. */
    private readonly arrived: (executionId: string) => void
  ) {}

  /** The scheduling user's name, when it is the account's own user and Onezone named them. */
  userName(userId: string, executionId: string): string | undefined {
    const me = this.known(this.me)
    if (this.due(this.me, Infinity))
      this.me = this.lookUp(
        executionId,
        (slot) => (this.me = slot),
        (zone) => this.whoAmI(zone)
      )
    return me?.userId === userId ? me.name : undefined
  }

  /** The account's privileges in a space, when Onezone told them. */
  access(spaceId: string, executionId: string): SpaceAccess | undefined {
    const slot = this.spaces.get(spaceId)
    if (this.due(slot, FRESH_MS))
      this.spaces.set(
        spaceId,
        this.lookUp(
          executionId,
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

  private known<T>(slot: Slot<T> | undefined): T | undefined {
    return slot && 'value' in slot ? slot.value : undefined
  }

  private due<T>(slot: Slot<T> | undefined, freshMs: number): boolean {
    if (!slot) return true
    if ('pending' in slot) return false
    if ('failedAt' in slot) return this.now() - slot.failedAt > RETRY_MS
    return this.now() - slot.at > freshMs
  }

  private async whoAmI(zone?: OnezoneClient): Promise<Me | undefined> {
    const z = zone ?? (await this.zone())
    if (!z) return undefined
    const user = await z.getUser()
    const name = user.fullName?.trim() || user.username?.trim() || undefined
    return { userId: user.userId, ...(name ? { name } : {}) }
  }

  private lookUp<T>(
    executionId: string,
    store: (slot: Slot<T>) => void,
    read: (zone: OnezoneClient) => Promise<T>
  ): Slot<T> {
    const done = (async () => {
      try {
        const zone = await this.zone()
        const value = zone ? await read(zone) : (undefined as T)
        store({ value, at: this.now() })
        if (value !== undefined) this.arrived(executionId)
      } catch {
        store({ failedAt: this.now() })
      }
    })()
    this.pending.add(done)
    void done.finally(() => this.pending.delete(done))
    return { pending: true }
  }
}
