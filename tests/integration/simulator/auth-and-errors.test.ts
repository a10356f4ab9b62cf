// Authentication (spec §1), the request processing order (§1.1), privileges (§2.0) and the
// errors of §5.2 that apply to the automation endpoints, over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { P, SimDriver, Z, type ErrorBody } from '../../helpers/simulator'

let sim: SimDriver
let finished: string
let running: string
const BOGUS_ID = '00000000000000000000000000000000ch0000'

beforeAll(async () => {
  sim = await SimDriver.start()
  finished = await sim.schedule('single')
  await sim.untilStatus(finished, 'finished')
  running = await sim.schedule('single')
})
afterAll(() => sim.stop())

const err = (r: { body: unknown }) => (r.body as ErrorBody).error
const detailsPath = (id: string) => `${P}/automation/execution/workflows/${id}`

describe('authentication', () => {
  it('accepts X-Auth-Token, Authorization: Bearer and the deprecated Macaroon header', async () => {
    const token = sim.token('admin')
    const variants: Record<string, string>[] = [
      { 'x-auth-token': token },
      { authorization: `Bearer ${token}` },
      { macaroon: token }
    ]
    for (const headers of variants) {
      const r = await sim.request('GET', detailsPath(finished), { headers })
      expect(r.status).toBe(200)
    }
  })

  it('refuses a request without a token with 401 unauthorized and no authError', async () => {
    const r = await sim.request('GET', detailsPath(finished))
    expect(r.status).toBe(401)
    expect(err(r).id).toBe('unauthorized')
    expect(err(r).details).toBeUndefined()
  })

  it('refuses an unknown token with authError tokenInvalid', async () => {
    const r = await sim.request('GET', detailsPath(finished), { token: 'not-a-token-at-all' })
    expect(r.status).toBe(401)
    expect(err(r).details?.authError).toMatchObject({ id: 'tokenInvalid' })
  })

  it('refuses a revoked token with authError tokenRevoked', async () => {
    const d = await SimDriver.start()
    try {
      const before = await d.request('GET', `${P}/spaces`, { token: d.token('viewer') })
      expect(before.status).toBe(200)
      await d.inject({ type: 'revokeToken', user: 'viewer' })
      const r = await d.request('GET', `${P}/spaces`, { token: d.token('viewer') })
      expect(r.status).toBe(401)
      expect(err(r).details?.authError).toMatchObject({ id: 'tokenRevoked' })
    } finally {
      await d.stop()
    }
  })

  it('refuses a user none of whose spaces this provider supports (userNotSupported)', async () => {
    const r = await sim.op('GET', '/spaces', { user: 'stranger' })
    expect(r.status).toBe(401)
    expect(err(r).details?.authError).toMatchObject({ id: 'userNotSupported' })
  })

  it('serves /configuration without authentication', async () => {
    const r = await sim.request<Record<string, unknown>>('GET', `${P}/configuration`)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ providerId: sim.state.providerId, version: '25.0' })
  })

  it('puts ctx with the service description into every error', async () => {
    const r = await sim.op('GET', `/automation/execution/workflows/${BOGUS_ID}`)
    expect(r.status).toBe(404)
    expect(err(r)).toMatchObject({
      id: 'notFound',
      ctx: {
        service: 'opw',
        serviceId: sim.state.providerId,
        serviceReleaseVersion: '25.0',
        timestamp: expect.any(Number),
        module: expect.any(String),
        line: expect.any(Number)
      }
    })
    const zone = await sim.request('GET', `${Z}/atm_workflow_schemas/${BOGUS_ID}`, {
      token: sim.token('admin')
    })
    expect(err(zone).ctx).toMatchObject({ service: 'ozw', serviceId: 'onezone' })
  })
})

describe('request processing order (spec §1.1)', () => {
  it('a present but invalid token is refused first, even with a bad body on an unknown id', async () => {
    const r = await sim.request('POST', `${detailsPath(BOGUS_ID)}/retry`, {
      token: 'bogus-token-value',
      body: { laneIndex: 'x' }
    })
    expect(r.status).toBe(401)
    expect(err(r).details?.authError).toMatchObject({ id: 'tokenInvalid' })
  })

  it('a bad body on an unknown id is a 400, not a 404', async () => {
    const r = await sim.op('POST', `/automation/execution/workflows/${BOGUS_ID}/retry`, {
      body: { laneIndex: 0, laneRunNumber: 1 }
    })
    expect(r.status).toBe(400)
    expect(err(r)).toMatchObject({ id: 'badValueTooLow', details: { key: 'laneIndex', limit: 1 } })
  })

  it('a bad body without any token is a 400: sanitising comes before the guest check', async () => {
    const r = await sim.request('POST', `${detailsPath(BOGUS_ID)}/rerun`, { body: {} })
    expect(r.status).toBe(400)
    expect(err(r)).toMatchObject({ id: 'missingRequiredValue', details: { key: 'laneIndex' } })
  })

  it('no token on a valid request is a 401, even for an unknown id', async () => {
    const r = await sim.request('POST', `${detailsPath(BOGUS_ID)}/retry`, {
      body: { laneIndex: 1, laneRunNumber: 1 }
    })
    expect(r.status).toBe(401)
    expect(err(r).id).toBe('unauthorized')
  })

  it('an unknown id with a good token and body is 404 notFound', async () => {
    const r = await sim.op('POST', `/automation/execution/workflows/${BOGUS_ID}/pause`)
    expect(r.status).toBe(404)
    expect(err(r).id).toBe('notFound')
  })

  it('a body that is not a JSON object is malformedData', async () => {
    for (const rawBody of ['[1,2]', '{"laneIndex": ', '"text"']) {
      const r = await sim.op('POST', `/automation/execution/workflows/${finished}/rerun`, {
        rawBody,
        headers: { 'content-type': 'application/json' }
      })
      expect(r.status).toBe(400)
      expect(err(r).id).toBe('malformedData')
    }
  })

  it('retry and rerun refuse a body of another content type with 415', async () => {
    const r = await sim.op('POST', `/automation/execution/workflows/${finished}/rerun`, {
      rawBody: 'laneIndex=1',
      headers: { 'content-type': 'text/plain' }
    })
    expect(r.status).toBe(415)
  })

  it('query parameters win over body keys', async () => {
    const r = await sim.op(
      'POST',
      `/automation/execution/workflows/${finished}/rerun?laneIndex=7`,
      { body: { laneIndex: 1, laneRunNumber: 1 } }
    )
    expect(r.status).toBe(404) // lane 7 does not exist; the body's lane 1 would have worked
  })
})

describe('retry and rerun bodies', () => {
  const cases: [Record<string, unknown>, string, Record<string, unknown>][] = [
    [{ laneRunNumber: 1 }, 'missingRequiredValue', { key: 'laneIndex' }],
    [{ laneIndex: 1 }, 'missingRequiredValue', { key: 'laneRunNumber' }],
    [{ laneIndex: 'one', laneRunNumber: 1 }, 'badValueInteger', { key: 'laneIndex' }],
    [{ laneIndex: 1, laneRunNumber: 1.5 }, 'badValueInteger', { key: 'laneRunNumber' }],
    [{ laneIndex: 1, laneRunNumber: -3 }, 'badValueTooLow', { key: 'laneRunNumber', limit: 1 }]
  ]
  for (const [body, id, details] of cases) {
    it(`${JSON.stringify(body)} → ${id}`, async () => {
      const r = await sim.op('POST', `/automation/execution/workflows/${finished}/retry`, { body })
      expect(r.status).toBe(400)
      expect(err(r)).toMatchObject({ id, details })
    })
  }

  it('accepts numbers sent as numeric strings', async () => {
    const r = await sim.op('POST', `/automation/execution/workflows/${finished}/rerun`, {
      body: { laneIndex: '1', laneRunNumber: '1' }
    })
    expect(r.status).toBe(204)
    await sim.untilStatus(finished, 'finished')
  })

  it('an unknown lane or run number is 404 notFound, like an unknown execution', async () => {
    for (const body of [
      { laneIndex: 2, laneRunNumber: 1 },
      { laneIndex: 1, laneRunNumber: 99 }
    ]) {
      const r = await sim.op('POST', `/automation/execution/workflows/${finished}/rerun`, { body })
      expect(r.status).toBe(404)
      expect(err(r).id).toBe('notFound')
    }
  })
})

describe('privileges (spec §2.0)', () => {
  it('view privilege and inventory membership let a viewer read details but not act', async () => {
    expect(
      (await sim.op('GET', `/automation/execution/workflows/${running}`, { user: 'viewer' })).status
    ).toBe(200)
    const r = await sim.op('POST', `/automation/execution/workflows/${running}/pause`, {
      user: 'viewer'
    })
    expect(r.status).toBe(403)
    expect(err(r).id).toBe('forbidden')
  })

  it('without inventory membership details are forbidden, listing is not', async () => {
    const d = await sim.op('GET', `/automation/execution/workflows/${finished}`, {
      user: 'outsider'
    })
    expect(d.status).toBe(403)
    const list = await sim.op<{ atmWorkflowExecutions: string[] }>(
      'GET',
      `/spaces/${sim.space('lab')}/automation/execution/workflows?phase=ended`,
      { user: 'outsider' }
    )
    expect(list.status).toBe(200)
    expect(list.body.atmWorkflowExecutions).toContain(finished)
  })

  it('a member without the view privilege cannot list', async () => {
    const r = await sim.op('GET', `/spaces/${sim.space('lab')}/automation/execution/workflows`, {
      user: 'member'
    })
    expect(r.status).toBe(403)
  })

  it('an unknown space and a space one is not in both answer 403 on listing', async () => {
    const r = await sim.op('GET', `/spaces/${BOGUS_ID}/automation/execution/workflows`)
    expect(r.status).toBe(403)
  })

  it('the schedule privilege covers one own executions; others need manage', async () => {
    const own = await sim.schedule('single', { user: 'operator' })
    expect((await sim.action(own, 'pause', { user: 'operator' })).status).toBe(204)
    const others = await sim.schedule('single')
    const refused = await sim.action(others, 'pause', { user: 'operator' })
    expect(refused.status).toBe(403)
    expect((await sim.action(others, 'pause', { user: 'manager' })).status).toBe(204)
  })

  it('scheduling needs the schedule privilege (manage alone is not enough)', async () => {
    const r = await sim.op('POST', '/automation/execution/workflows', {
      user: 'manager',
      body: {
        spaceId: sim.space('lab'),
        atmWorkflowSchemaId: sim.schema('single'),
        atmWorkflowSchemaRevisionNumber: 1
      }
    })
    expect(r.status).toBe(403)
  })

  it('a space this provider does not support is spaceNotSupportedBy for listing and scheduling', async () => {
    const list = await sim.op(
      'GET',
      `/spaces/${sim.space('remote')}/automation/execution/workflows`
    )
    expect(list.status).toBe(400)
    expect(err(list)).toMatchObject({
      id: 'spaceNotSupportedBy',
      details: { spaceId: sim.space('remote'), providerId: sim.state.providerId }
    })
    const sched = await sim.op('POST', '/automation/execution/workflows', {
      body: {
        spaceId: sim.space('remote'),
        atmWorkflowSchemaId: sim.schema('single'),
        atmWorkflowSchemaRevisionNumber: 1
      }
    })
    expect(sched.status).toBe(400)
    expect(err(sched).id).toBe('spaceNotSupportedBy')
  })
})

describe('schedule (spec §2.1)', () => {
  const base = () => ({
    spaceId: sim.space('lab'),
    atmWorkflowSchemaId: sim.schema('single'),
    atmWorkflowSchemaRevisionNumber: 1
  })
  const schedule = (body: unknown, user = 'admin') =>
    sim.op('POST', '/automation/execution/workflows', { body, user })

  it('answers 201 with a Location header and the new id; the execution starts scheduled', async () => {
    const r = await schedule(base())
    expect(r.status).toBe(201)
    const id = (r.body as { atmWorkflowExecutionId: string }).atmWorkflowExecutionId
    expect(id).toMatch(/^[0-9a-f]{32}ch[0-9a-f]{4}$/)
    expect(r.headers.get('location')).toMatch(
      new RegExp(`/api/v3/oneprovider/automation/execution/workflows/${id}$`)
    )
    const d = await sim.details(id)
    expect(d).toMatchObject({ status: 'scheduled', startTime: 0, suspendTime: 0, finishTime: 0 })
    expect(d.lanes[0]!.runs).toEqual([
      expect.objectContaining({
        runNumber: 1,
        originRunNumber: null,
        runType: 'regular',
        status: 'scheduled',
        parallelBoxes: []
      })
    ])
  })

  const invalid: [
    string,
    (b: Record<string, unknown>) => unknown,
    string,
    Record<string, unknown>?
  ][] = [
    ['missing space', ({ spaceId: _, ...b }) => b, 'missingRequiredValue', { key: 'spaceId' }],
    [
      'missing schema and space: the first key in order wins',
      ({ spaceId: _s, atmWorkflowSchemaId: _w, ...b }) => b,
      'missingRequiredValue',
      { key: 'atmWorkflowSchemaId' }
    ],
    [
      'empty schema id',
      (b) => ({ ...b, atmWorkflowSchemaId: '' }),
      'badValueEmpty',
      { key: 'atmWorkflowSchemaId' }
    ],
    ['space id not a string', (b) => ({ ...b, spaceId: 42 }), 'badValueString', { key: 'spaceId' }],
    [
      'non-integer revision',
      (b) => ({ ...b, atmWorkflowSchemaRevisionNumber: 'latest' }),
      'badValueInteger'
    ],
    [
      'revision 0',
      (b) => ({ ...b, atmWorkflowSchemaRevisionNumber: 0 }),
      'badValueTooLow',
      { key: 'atmWorkflowSchemaRevisionNumber', limit: 1 }
    ],
    ['bad log level', (b) => ({ ...b, logLevel: 'verbose' }), 'badValueNotAllowed'],
    ['bad callback', (b) => ({ ...b, callback: 'not a url' }), 'badData', { key: 'callback' }],
    [
      'overlay not an object',
      (b) => ({ ...b, storeInitialContentOverlay: [1] }),
      'badValueJSON',
      { key: 'storeInitialContentOverlay' }
    ]
  ]
  for (const [name, body, id, details] of invalid) {
    it(`${name} → 400 ${id}`, async () => {
      const r = await schedule(body(base()))
      expect(r.status).toBe(400)
      expect(err(r).id).toBe(id)
      if (details) expect(err(r).details).toMatchObject(details)
    })
  }

  it('unknown schema or revision → 404 notFound', async () => {
    expect((await schedule({ ...base(), atmWorkflowSchemaId: BOGUS_ID })).status).toBe(404)
    expect((await schedule({ ...base(), atmWorkflowSchemaRevisionNumber: 9 })).status).toBe(404)
  })

  it('a schema from an inventory the user is not in → 403', async () => {
    expect((await schedule(base(), 'outsider')).status).toBe(403)
  })

  it('revisions that cannot run: no lanes, a lane without boxes, a box without tasks', async () => {
    const broken = (revision: number) =>
      schedule({
        ...base(),
        atmWorkflowSchemaId: sim.schema('broken'),
        atmWorkflowSchemaRevisionNumber: revision
      })
    expect(err(await broken(1)).id).toBe('atmWorkflowEmpty')
    const lane = await broken(2)
    expect(err(lane)).toMatchObject({
      id: 'atmLaneEmpty',
      details: { atmLaneSchemaId: expect.any(String) }
    })
    const box = await broken(3)
    expect(err(box)).toMatchObject({
      id: 'atmParallelBoxEmpty',
      details: { atmParallelBoxSchemaId: expect.any(String) }
    })
  })

  it('initial content that is not an array → atmStoreCreationFailed naming the store', async () => {
    const storeId = sim.state.schemas.find((s) => s.key === 'single')!.stores['1']![0]!
    const r = await schedule({ ...base(), storeInitialContentOverlay: { [storeId]: 'oops' } })
    expect(r.status).toBe(400)
    expect(err(r)).toMatchObject({
      id: 'atmStoreCreationFailed',
      details: { atmStoreSchemaId: storeId, specificError: { id: 'atmDataTypeUnverified' } }
    })
  })

  it('initial content overlays the store the lane iterates', async () => {
    const storeId = sim.state.schemas.find((s) => s.key === 'single')!.stores['1']![0]!
    const r = await schedule({
      ...base(),
      storeInitialContentOverlay: { [storeId]: [1, 2, 3, 4, 5, 6, 7] }
    })
    const id = (r.body as { atmWorkflowExecutionId: string }).atmWorkflowExecutionId
    await sim.untilStatus(id, 'finished')
    const task = (await sim.view(id)).lanes[0]!.runs[0]!.boxes[0]!.tasks[0]!
    expect(task).toMatchObject({ itemsProcessed: 7, itemsFailed: 0 })
  })

  it('refuses a body of another content type with 415', async () => {
    const r = await sim.op('POST', '/automation/execution/workflows', {
      rawBody: JSON.stringify(base()),
      headers: { 'content-type': 'text/plain' }
    })
    expect(r.status).toBe(415)
  })

  it('calls the callback URL when the execution stops', async () => {
    const { createServer } = await import('node:http')
    const received: unknown[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        received.push({ type: req.headers['content-type'], body: JSON.parse(body) })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    try {
      const r = await schedule({ ...base(), callback: `http://127.0.0.1:${port}/done` })
      const id = (r.body as { atmWorkflowExecutionId: string }).atmWorkflowExecutionId
      await sim.untilStatus(id, 'finished')
      await expect.poll(() => received.length, { timeout: 5000 }).toBe(1)
      expect(received[0]).toEqual({
        type: 'application/json',
        body: { atmWorkflowExecutionId: id, status: 'finished' }
      })
    } finally {
      server.close()
    }
  })
})

describe('routes and the control API', () => {
  it('a path with a broken %-escape is an unknown id, and the simulator keeps serving', async () => {
    const r = await sim.op('GET', '/automation/execution/workflows/%E0%A4%A')
    expect(r.status).toBe(404)
    expect(err(r).id).toBe('notFound')
    expect((await sim.op('GET', '/spaces')).status).toBe(200)
  })

  it('an unknown path is 404 and a wrong method 405', async () => {
    expect((await sim.op('GET', '/automation/nothing-here')).status).toBe(404)
    expect((await sim.op('PUT', `/automation/execution/workflows/${finished}`)).status).toBe(405)
  })

  it('the control API does not exist without --control', async () => {
    const { startSimulator } = await import('../../../src/simulator/server')
    const plain = await startSimulator({ scenario: 'conformance' })
    try {
      const state = await fetch(`${plain.url}/__simulator/state`)
      expect(state.status).toBe(404)
      const reset = await fetch(`${plain.url}/__simulator/reset`, { method: 'POST' })
      expect(reset.status).toBe(404)
    } finally {
      await plain.stop()
    }
  })
})
