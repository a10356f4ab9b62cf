// The account's user as the access cache keeps it: what Onezone says is bounded for the
// contract, and what arrives is announced once with the executions that asked.
import { describe, expect, it } from 'vitest'
import { AccessCache, type Arrival } from '../../src/core/monitor/access'
import type { OnezoneClient } from '../../src/core/onedata'
import type { ZoneUser } from '../../src/shared/onezone'
import { USER_ID_MAX, USER_NAME_MAX } from '../../src/shared/monitor-state'

function cache(user: ZoneUser) {
  const arrivals: Arrival[] = []
  const zone = { getUser: async () => user } as unknown as OnezoneClient
  const c = new AccessCache(
    async () => zone,
    () => 0,
    (a) => arrivals.push(a)
  )
  return { c, arrivals }
}

describe('the account user from Onezone', () => {
  it('is unknown when its id is longer than the contract carries (a cut id names nobody)', async () => {
    const { c, arrivals } = cache({ userId: 'u'.repeat(USER_ID_MAX + 1), fullName: 'Long' })
    expect(c.user()).toBeUndefined()
    await c.settled()
    expect(c.user()).toBeUndefined()
    expect(arrivals).toEqual([])
  })

  it('has a long name cut to the contract’s length, and a blank full name falls back to the user name', async () => {
    const long = cache({ userId: 'u1', fullName: 'n'.repeat(USER_NAME_MAX * 3) })
    long.c.user()
    await long.c.settled()
    expect(long.c.user()!.name).toHaveLength(USER_NAME_MAX)
    expect(long.c.user()!.name!.endsWith('…')).toBe(true)

    const blank = cache({ userId: 'u2', fullName: '  ', username: 'ada' })
    blank.c.user()
    await blank.c.settled()
    expect(blank.c.user()).toEqual({ userId: 'u2', name: 'ada' })
  })

  it('is announced once, as a provider change with the executions that asked meanwhile', async () => {
    const { c, arrivals } = cache({ userId: 'u1', fullName: 'Ada' })
    expect(c.user()).toBeUndefined()
    expect(c.userName('u1', 'e1')).toBeUndefined()
    expect(c.userName('u2', 'e2')).toBeUndefined()
    await c.settled()
    expect(arrivals).toEqual([{ provider: true, executionIds: ['e1', 'e2'] }])
    expect(c.userName('u1', 'e1')).toBe('Ada')
    expect(c.user()).toEqual({ userId: 'u1', name: 'Ada' })
    await c.settled()
    expect(arrivals).toHaveLength(1)
  })
})
