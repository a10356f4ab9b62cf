// Whether the account's user may act on an execution, when Onezone told us its space
// privileges (spec §2.0): on one's own execution the schedule privilege is needed, on someone
// else's the manage privilege. Lets the UI disable an action with the reason instead of
// letting the server refuse it.
import { SPACE_PRIVILEGES } from './privileges'

/** What the account's user may do in a space, when Onezone told us. */
export interface SpaceAccess {
  userId: string
  privileges: readonly string[]
}

type ActingPrivilege = (typeof SPACE_PRIVILEGES)['schedule' | 'manage']

/**
 * The privilege a lifecycle action on this execution needs and the user lacks, with the reason
 * in words; undefined when the user holds it or when the privileges are not known (then the
 * server decides).
 */
export function missingPrivilege(
  access: SpaceAccess | undefined,
  executionUserId: string
): { privilege: ActingPrivilege; reason: string } | undefined {
  if (!access) return undefined
  const own = access.userId === executionUserId
  const privilege = own ? SPACE_PRIVILEGES.schedule : SPACE_PRIVILEGES.manage
  if (access.privileges.includes(privilege)) return undefined
  return {
    privilege,
    reason: own
      ? `your account lacks the ${privilege} privilege in this space`
      : `this execution was scheduled by someone else, and your account lacks the ${privilege} privilege in this space`
  }
}
