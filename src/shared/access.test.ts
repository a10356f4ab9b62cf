// Which space privilege a lifecycle action needs (spec §2.0), when the privileges are known.
import { describe, expect, it } from 'vitest'
import { missingPrivilege } from './access'
import { SPACE_PRIVILEGES } from './privileges'

describe('missingPrivilege', () => {
  const { schedule, manage } = SPACE_PRIVILEGES
  it('needs the schedule privilege on one’s own execution and manage on someone else’s', () => {
    const access = { userId: 'me', privileges: [schedule] }
    expect(missingPrivilege(access, 'me')).toBeUndefined()
    expect(missingPrivilege(access, 'someone')).toEqual({
      privilege: manage,
      reason: `this execution was scheduled by someone else, and your account lacks the ${manage} privilege in this space`
    })
    expect(missingPrivilege({ userId: 'me', privileges: [manage] }, 'me')?.privilege).toBe(schedule)
  })

  it('leaves the decision to the server when privileges are unknown', () => {
    expect(missingPrivilege(undefined, 'someone')).toBeUndefined()
  })
})
