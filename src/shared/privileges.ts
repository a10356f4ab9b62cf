// The three space privileges that govern automation (spec §2.0).
export const SPACE_PRIVILEGES = {
  view: 'space_view_atm_workflow_executions',
  schedule: 'space_schedule_atm_workflow_executions',
  manage: 'space_manage_atm_workflow_executions'
} as const
export type AutomationPrivilege = (typeof SPACE_PRIVILEGES)[keyof typeof SPACE_PRIVILEGES]

/** What the account's user may do in a space, when Onezone told us. */
export interface SpaceAccess {
  userId: string
  privileges: readonly string[]
}

/**
 * The privilege a lifecycle action needs (spec §2.0): on one's own execution the schedule
 * privilege, on someone else's the manage privilege. Undefined when the user holds it or when
 * the privileges are not known (then the server decides).
 */
export function missingPrivilege(
  access: SpaceAccess | undefined,
  executionUserId: string
): { privilege: AutomationPrivilege; reason: string } | undefined {
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
