// List pagination of spec §2.2: phase lists newest first, limit 1..1000, offset, index, token
// continuation, and the edges (a last page exactly `limit` long, negative offsets).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimDriver, type ErrorBody } from '../../helpers/simulator'

interface Page {
  atmWorkflowExecutions: string[]
  nextPageToken: string | null
  isLast: boolean
}

let sim: SimDriver
/** Five ended executions, newest first (they finished one simulated second apart). */
let ended: string[]

beforeAll(async () => {
  sim = await SimDriver.start()
  const ids: string[] = []
  for (let i = 0; i < 5; i++) {
    const id = await sim.schedule('single')
    await sim.untilStatus(id, 'finished')
    await sim.advance(1000)
    ids.push(id)
  }
  ended = ids.reverse()
})
afterAll(() => sim.stop())

const list = (query: string, user = 'admin') =>
  sim.op<Page & ErrorBody>(
    'GET',
    `/spaces/${sim.space('lab')}/automation/execution/workflows?${query}`,
    { user }
  )

describe('execution lists (spec §2.2)', () => {
  it('lists ids of one phase, newest first by that phase’s timestamp', async () => {
    const r = await list('phase=ended')
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ atmWorkflowExecutions: ended, nextPageToken: null, isLast: true })
    const finishTimes = await Promise.all(
      ended.map(async (id) => (await sim.details(id)).finishTime)
    )
    expect([...finishTimes].sort((a, b) => b - a)).toEqual(finishTimes)
  })

  it('defaults to the ongoing phase', async () => {
    const id = await sim.schedule('single')
    await sim.untilStatus(id, 'active')
    const r = await list('')
    expect(r.body.atmWorkflowExecutions).toEqual([id])
    await sim.untilStatus(id, 'finished')
    ended.unshift(id)
  })

  it('pages with limit and continues with nextPageToken after the last entry', async () => {
    const seen: string[] = []
    let query = 'phase=ended&limit=2'
    let pages = 0
    for (;;) {
      const r = await list(query)
      pages += 1
      seen.push(...r.body.atmWorkflowExecutions)
      if (r.body.isLast) {
        expect(r.body.nextPageToken).toBeNull()
        break
      }
      expect(r.body.atmWorkflowExecutions).toHaveLength(2)
      expect(r.body.nextPageToken).toMatch(/^[A-Za-z0-9_-]+$/)
      query = `phase=ended&limit=2&token=${r.body.nextPageToken}`
    }
    expect(seen).toEqual(ended)
    // Six entries in pages of two: the third page is full, so a fourth, empty one ends the list.
    expect(ended).toHaveLength(6)
    expect(pages).toBe(4)
  })

  it('a last page exactly `limit` long is not marked last; the next one is empty and last', async () => {
    const r = await list(`phase=ended&limit=${ended.length}`)
    expect(r.body.atmWorkflowExecutions).toEqual(ended)
    expect(r.body.isLast).toBe(false)
    const next = await list(`phase=ended&limit=${ended.length}&token=${r.body.nextPageToken}`)
    expect(next.body).toEqual({ atmWorkflowExecutions: [], nextPageToken: null, isLast: true })
  })

  it('the token is base64url of the internal index: 9999999999 − phase time, then the id', async () => {
    const r = await list('phase=ended&limit=1')
    const decoded = Buffer.from(r.body.nextPageToken!, 'base64url').toString()
    const d = await sim.details(ended[0]!)
    expect(decoded).toBe(`${9999999999 - d.finishTime}${ended[0]}`)
  })

  it('index starts at an entry (inclusive); offset moves from there, also backwards', async () => {
    const first = await list('phase=ended&limit=1&offset=2')
    expect(first.body.atmWorkflowExecutions).toEqual([ended[2]])
    const token = (await list('phase=ended&limit=3')).body.nextPageToken! // after ended[2]
    const index = Buffer.from(token, 'base64url').toString()
    expect((await list(`phase=ended&index=${index}&limit=2`)).body.atmWorkflowExecutions).toEqual(
      ended.slice(2, 4)
    )
    expect(
      (await list(`phase=ended&index=${index}&offset=-1&limit=2`)).body.atmWorkflowExecutions
    ).toEqual(ended.slice(1, 3))
    // With a token the listing starts after it; offset -1 brings back the token's own entry.
    expect(
      (await list(`phase=ended&token=${token}&offset=-1&limit=1`)).body.atmWorkflowExecutions
    ).toEqual([ended[2]])
  })

  it('a negative offset without a start point is clamped to the beginning', async () => {
    const r = await list('phase=ended&offset=-10&limit=2')
    expect(r.body.atmWorkflowExecutions).toEqual(ended.slice(0, 2))
  })

  it('an offset past the end gives an empty last page', async () => {
    const r = await list('phase=ended&offset=100')
    expect(r.body).toEqual({ atmWorkflowExecutions: [], nextPageToken: null, isLast: true })
  })

  it('limits 0 and 1001 are badValueNotInRange; 1 and 1000 are fine', async () => {
    for (const limit of [0, 1001]) {
      const r = await list(`phase=ended&limit=${limit}`)
      expect(r.status).toBe(400)
      expect(r.body.error).toMatchObject({
        id: 'badValueNotInRange',
        details: { key: 'limit', low: 1, high: 1000 }
      })
    }
    expect((await list('phase=ended&limit=1')).body.atmWorkflowExecutions).toHaveLength(1)
    expect((await list('phase=ended&limit=1000')).body.atmWorkflowExecutions).toEqual(ended)
  })

  it('bad parameters: phase, limit, offset and an empty token', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      [
        'phase=finished',
        'badValueNotAllowed',
        { key: 'phase', allowed: ['waiting', 'ongoing', 'suspended', 'ended'] }
      ],
      ['limit=ten', 'badValueInteger', { key: 'limit' }],
      ['offset=1.5', 'badValueInteger', { key: 'offset' }],
      ['token=', 'badValueEmpty', { key: 'token' }]
    ]
    for (const [query, id, details] of cases) {
      const r = await list(query)
      expect(r.status, query).toBe(400)
      expect(r.body.error).toMatchObject({ id, details })
    }
  })

  it('a token with characters outside base64url crashes the real decoder: 500', async () => {
    const r = await list('phase=ended&token=%2B%2F%3D')
    expect(r.status).toBe(500)
    expect(r.body.error.id).toBe('internalServerError')
  })

  it('bad parameters are refused before the privilege check (400 even for non-members)', async () => {
    const r = await list('limit=0', 'member')
    expect(r.status).toBe(400)
  })
})
