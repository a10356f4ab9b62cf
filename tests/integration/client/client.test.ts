// Every client function against the simulator (HTTP and TLS), every error path it can produce,
// and fault injection: retried GETs, never-retried POSTs, timeouts, bad bodies, dropped connections.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OnedataError, OneproviderClient, OnezoneClient } from '../../../src/core/onedata'
import { executionActions } from '../../../src/shared/actions'
import { workflowPhase } from '../../../src/shared/statuses'
import { SimDriver } from '../../helpers/simulator'

let sim: SimDriver
let tlsSim: SimDriver
const clients: { close(): Promise<void> }[] = []
const fixture = (name: string) =>
  readFileSync(join(__dirname, '../../fixtures/reference', name), 'utf8')

/** A client for the conformance simulator; quick retries so fault tests stay fast. */
function baseClient(
  opts: {
    user?: string
    ca?: string
    on?: SimDriver
    sleeps?: number[]
    retries?: number
    headersTimeoutMs?: number
  } = {}
) {
  const on = opts.on ?? sim
  const c = new OneproviderClient({
    url: on.sim.url,
    token: opts.user === '' ? undefined : on.token(opts.user ?? 'admin'),
    ca: opts.ca,
    headersTimeoutMs: opts.headersTimeoutMs,
    retry: { retries: opts.retries ?? 3, baseDelayMs: 5, maxDelayMs: 20 },
    sleep: async (ms) => {
      opts.sleeps?.push(ms)
    }
  })
  clients.push(c)
  return c
}

const client = baseClient

const caught = async (p: Promise<unknown>): Promise<OnedataError> => {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(OnedataError)
    return err as OnedataError
  }
  throw new Error('expected the call to fail')
}

const arm = async (fault: Record<string, unknown>) => {
  const r = await sim.request('POST', '/__simulator/faults', { body: fault })
  expect(r.status).toBe(200)
}

beforeAll(async () => {
  sim = await SimDriver.start()
  tlsSim = await SimDriver.start({ tls: true })
})
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()))
  await sim.stop()
  await tlsSim.stop()
})

describe.each([
  ['HTTP', () => sim],
  ['TLS with the provider CA', () => tlsSim]
])('Oneprovider client against the simulator over %s', (_transport, S) => {
  const client = (opts: Parameters<typeof baseClient>[0] = {}) =>
    baseClient({ on: S(), ca: S().sim.caPem, ...opts })

  it('reads configuration, spaces and one space', async () => {
    const c = client()
    expect((await c.getConfiguration()).providerId).toBe(S().state.providerId)
    const spaces = await c.listSpaces()
    expect(spaces.map((s) => s.name).sort()).toEqual(['Lab', 'Remote'])
    expect((await c.getSpace(S().space('lab'))).providers).toEqual([
      { providerId: S().state.providerId, providerName: 'Conformance Oneprovider' }
    ])
    const remote = await caught(c.getSpace(S().space('remote')))
    expect(remote).toMatchObject({ id: 'spaceNotSupportedBy', httpStatus: 400, kind: 'server' })
  })

  it('schedules, reads, lists page by page, and dumps the audit log', async () => {
    const c = client()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const scheduled = await c.scheduleExecution({
        spaceId: S().space('lab'),
        atmWorkflowSchemaId: S().schema('single'),
        atmWorkflowSchemaRevisionNumber: 1,
        logLevel: 'debug'
      })
      expect(scheduled.note).toBeUndefined()
      ids.push(scheduled.atmWorkflowExecutionId!)
    }
    const d = await c.getExecution(ids[0]!)
    expect(d.atmWorkflowExecutionId).toBe(ids[0])
    expect(d.lanes[0]!.runs[0]!.runNumber).toBe(1)

    const page = await c.listExecutions(S().space('lab'), { phase: 'waiting', limit: 2 })
    expect(page.atmWorkflowExecutions).toHaveLength(2)
    expect(page.isLast).toBe(false)
    const pages: string[][] = []
    for await (const batch of c.iterateExecutionIds(S().space('lab'), 'waiting', { pageSize: 2 }))
      pages.push(batch)
    expect(pages.flat().sort()).toEqual([...ids].sort())
    expect(pages.length).toBe(2)

    await S().untilStatus(ids[0]!, 'finished')
    const log = await c.dumpAuditLog(d.systemAuditLogStoreId!)
    expect(log[0]!.content.description).toBe('Scheduled execution.')
    expect(log.some((e) => e.severity === 'debug')).toBe(true)
  })

  it('pauses, resumes, cancels, force-continues, retries, reruns and deletes', async () => {
    const c = client()
    const id = await S().schedule('failing')
    await S().untilStatus(id, 'active')
    await c.lifecycle('pause', id)
    await S().untilStatus(id, 'paused')
    await c.lifecycle('resume', id)
    expect((await c.getExecution(id)).status).toBe('resuming')
    await S().untilStatus(id, 'failed')
    await c.repeatLaneRun('retry', id, { laneIndex: 1, laneRunNumber: 1 })
    expect((await c.getExecution(id)).lanes[0]!.runs[0]).toMatchObject({
      runNumber: 2,
      runType: 'retry'
    })
    await S().untilStatus(id, 'failed')
    await c.repeatLaneRun('rerun', id, { laneIndex: 1, laneRunNumber: 1 })
    await S().untilStatus(id, 'failed')
    await c.lifecycle('force_continue', id)
    expect((await c.getExecution(id)).status).toBe('resuming')
    await S().untilStatus(id, 'active')
    await c.lifecycle('cancel', id)
    await S().untilStatus(id, 'cancelled')
    await c.deleteExecution(id)
    expect(await caught(c.getExecution(id))).toMatchObject({ id: 'notFound', httpStatus: 404 })
  })

  it('carries the server’s refusal: id, description, details and ctx', async () => {
    const c = client()
    const id = await S().schedule('single')
    await S().untilStatus(id, 'active')
    await c.lifecycle('pause', id)
    await S().untilStatus(id, 'paused')
    const e = await caught(c.lifecycle('pause', id))
    expect(e).toMatchObject({
      id: 'atmInvalidStatusTransition',
      kind: 'server',
      httpStatus: 400,
      details: { prevStatus: 'paused', newStatus: 'stopping' },
      endpoint: { name: 'Pause execution', method: 'POST' }
    })
    expect(e.ctx).toMatchObject({ service: 'opw' })
    expect(e.userMessage()).toBe(
      'Invalid status transition from "paused" to "stopping". (atmInvalidStatusTransition)'
    )
    const forbidden = await caught(client({ user: 'viewer' }).lifecycle('cancel', id))
    expect(forbidden).toMatchObject({ id: 'forbidden', httpStatus: 403 })
    const badBody = await caught(c.repeatLaneRun('retry', id, { laneIndex: 0, laneRunNumber: 1 }))
    expect(badBody).toMatchObject({ id: 'badValueTooLow', details: { key: 'laneIndex', limit: 1 } })
  })

  it('reports a rejected token with the authError, and a missing one', async () => {
    const bad = new OneproviderClient({
      url: S().sim.url,
      token: 'definitely-wrong',
      ca: S().sim.caPem
    })
    clients.push(bad)
    const e = await caught(bad.listSpaces())
    expect(e).toMatchObject({ id: 'unauthorized', httpStatus: 401 })
    expect(e.authError?.id).toBe('tokenInvalid')
    expect(e.userMessage()).toBe(
      'The provider rejected the token: Provided token is not valid. (tokenInvalid)'
    )
    const none = await caught(client({ user: '' }).listSpaces())
    expect(none.userMessage()).toMatch(/requires a token/)
    const stranger = await caught(client({ user: 'stranger' }).listSpaces())
    expect(stranger.authError?.id).toBe('userNotSupported')
  })
})

describe('TLS', () => {
  it('works with the provider’s CA', async () => {
    const c = client({ on: tlsSim, ca: tlsSim.sim.caPem })
    expect(c.host).toMatch(/^127\.0\.0\.1:\d+$/)
    expect((await c.listSpaces()).length).toBe(2)
  })

  it('fails without it as tls.untrusted, with advice, and is not retried', async () => {
    const sleeps: number[] = []
    const e = await caught(client({ on: tlsSim, sleeps }).listSpaces())
    expect(e).toMatchObject({ id: 'tls.untrusted', kind: 'tls' })
    expect(e.userMessage()).toMatch(
      /^The provider's certificate is not trusted\. Add its CA file to the account\./
    )
    expect(sleeps).toEqual([])
  })

  it('a certificate for another host name is tls.hostnameMismatch', async () => {
    const { makeTlsMaterial } = await import('../../../src/simulator/tls')
    const { createServer: createHttps } = await import('node:https')
    const tls = makeTlsMaterial(['elsewhere.example'])
    const server = createHttps({ key: tls.key, cert: tls.cert }, (_req, res) => res.end('[]'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    try {
      const c = new OneproviderClient({
        url: `https://127.0.0.1:${port}`,
        token: 'x',
        ca: tls.caPem
      })
      clients.push(c)
      const e = await caught(c.listSpaces())
      expect(e).toMatchObject({ id: 'tls.hostnameMismatch', kind: 'tls' })
      expect(e.userMessage()).toMatch(/certificate is for another host name than 127\.0\.0\.1:\d+/)
    } finally {
      server.close()
    }
  })
})

describe('faults', () => {
  const listPath = () => `/spaces/${sim.space('lab')}/automation/execution/workflows`

  it('a GET that meets 503 twice is retried and succeeds', async () => {
    const sleeps: number[] = []
    await arm({
      kind: 'status',
      status: 503,
      count: 2,
      match: { path: '/automation/execution/workflows' }
    })
    const page = await client({ sleeps }).listExecutions(sim.space('lab'))
    expect(page.isLast).toBe(true)
    expect(sleeps).toHaveLength(2)
    expect(sleeps.every((ms) => ms >= 0 && ms <= 20)).toBe(true)
  })

  it('honours Retry-After on 429', async () => {
    const sleeps: number[] = []
    await arm({
      kind: 'status',
      status: 429,
      retryAfter: 2,
      body: 'empty',
      match: { path: listPath() }
    })
    await client({ sleeps }).listExecutions(sim.space('lab'))
    expect(sleeps).toEqual([2000])
  })

  it('gives up after the bounded number of retries with the last error', async () => {
    const sleeps: number[] = []
    await arm({ kind: 'status', status: 502, body: 'html', count: 4, match: { path: listPath() } })
    const e = await caught(client({ sleeps }).listExecutions(sim.space('lab')))
    expect(sleeps).toHaveLength(3)
    expect(e).toMatchObject({ id: 'http.unexpectedStatus', httpStatus: 502, kind: 'response' })
    expect(e.userMessage()).toMatch(
      /List executions \(GET .*\) failed with HTTP 502 and an HTML page/
    )
  })

  it('never retries a POST', async () => {
    const sleeps: number[] = []
    const id = await sim.schedule('single')
    await arm({
      kind: 'status',
      status: 503,
      count: 2,
      match: { method: 'POST', path: `/${id}/pause` }
    })
    const c = client({ sleeps })
    const e = await caught(c.lifecycle('pause', id))
    expect(e).toMatchObject({ id: 'serviceUnavailable', httpStatus: 503 })
    expect(sleeps).toEqual([])
    // The second armed fault is still there: the client sent exactly one request.
    expect((await caught(c.lifecycle('pause', id))).httpStatus).toBe(503)
    await c.lifecycle('pause', id)
  })

  it('a dropped connection: a GET is retried, a POST is not', async () => {
    await arm({ kind: 'drop', match: { method: 'GET', path: listPath() } })
    expect((await client().listExecutions(sim.space('lab'))).isLast).toBe(true)
    const id = await sim.schedule('single')
    await arm({ kind: 'drop', match: { method: 'POST', path: `/${id}/cancel` } })
    const e = await caught(client().lifecycle('cancel', id))
    expect(e).toMatchObject({ id: 'network.connectionLost', kind: 'network' })
  })

  it('a slow answer times out as network.timeout', async () => {
    await arm({ kind: 'slow', delayMs: 1500, match: { path: listPath() } })
    const e = await caught(
      client({ retries: 0, headersTimeoutMs: 200 }).listExecutions(sim.space('lab'))
    )
    expect(e).toMatchObject({ id: 'network.timeout', kind: 'network' })
  })

  it('bodies that are not what the endpoint returns become clear errors naming the endpoint', async () => {
    const c = client({ retries: 0 })
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { kind: 'malformed' },
        /^List executions \(GET \/spaces\/.*\/workflows\) got an answer that is not valid JSON from 127\.0\.0\.1:\d+\.$/
      ],
      [
        { kind: 'respond', respond: { status: 200, body: '' } },
        /got an empty answer instead of JSON/
      ],
      [
        {
          kind: 'respond',
          respond: { status: 200, contentType: 'text/html', body: '<html>login</html>' }
        },
        /got an HTML page instead of JSON/
      ],
      [
        {
          kind: 'respond',
          respond: {
            status: 200,
            body: '{"atmWorkflowExecutions":"nope","nextPageToken":null,"isLast":true}'
          }
        },
        /got an answer of the wrong shape \(at atmWorkflowExecutions: /
      ]
    ]
    for (const [fault, message] of cases) {
      await arm({ ...fault, match: { path: listPath() } })
      const e = await caught(c.listExecutions(sim.space('lab')))
      expect(e.id).toBe('response.invalid')
      expect(e.userMessage()).toMatch(message)
    }
  })

  it('a provider that is not listening is network.unreachable', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    await new Promise((resolve) => server.close(resolve))
    const sleeps: number[] = []
    const c = new OneproviderClient({
      url: `http://127.0.0.1:${port}`,
      token: 't',
      retry: { retries: 1, baseDelayMs: 1 },
      sleep: async (ms) => void sleeps.push(ms)
    })
    clients.push(c)
    const e = await caught(c.listSpaces())
    expect(e).toMatchObject({ id: 'network.unreachable', kind: 'network' })
    expect(e.userMessage()).toMatch(
      /Cannot reach the provider at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/
    )
    expect(sleeps).toHaveLength(1)
  })

  it('an aborted call is request.aborted', async () => {
    await arm({ kind: 'slow', delayMs: 500, match: { path: listPath() } })
    const ctl = new AbortController()
    const pending = client().listExecutions(sim.space('lab'), {}, { signal: ctl.signal })
    setTimeout(() => ctl.abort(), 50)
    expect(await caught(pending)).toMatchObject({ id: 'request.aborted', kind: 'aborted' })
  })

  it('refuses a URL that is not http(s)', () => {
    expect(() => new OneproviderClient({ url: 'ftp://example.org' })).toThrow(
      /not an http\(s\) URL/
    )
    expect(() => new OneproviderClient({ url: 'not a url' })).toThrow(/not a valid URL/)
  })
})

describe('the reference pages’ example JSON', () => {
  it('parses without a crash and keeps its odd values as sent', async () => {
    for (const name of ['execution-details.json', 'execution-details-curl.json']) {
      const body = fixture(name)
      await arm({
        kind: 'respond',
        respond: { status: 200, body },
        match: { path: '/automation/execution/workflows/' }
      })
      const d = await client().getExecution('11a53ed06d175c89bc3ed5be61f8217cch1890')
      expect(d.status).toBe('enqueued') // not a workflow status; shown as sent
      expect(workflowPhase(d.status)).toBeUndefined()
      expect(d.lanes[0]!.runs[0]!.status).toBe('pending')
      expect(Array.isArray(d.lanes[0]!.runs[0]!.parallelBoxes)).toBe(true)
      expect(d.lanes[0]!.runs[0]!.parallelBoxes[0]!.schemaId).toBe(
        '0068146d662adc878f699bf82af08b9ddbd9ab'
      )
      expect(executionActions(d).pause).toEqual({
        allowed: false,
        reason: expect.stringContaining('"enqueued"')
      })
    }
  })

  it('reads the example error envelope', async () => {
    await arm({
      kind: 'respond',
      respond: { status: 404, body: fixture('error.json') },
      match: { path: '/automation/execution/workflows/' }
    })
    const e = await caught(client().getExecution('x'))
    expect(e).toMatchObject({
      id: 'example',
      description: 'This is an example error.',
      httpStatus: 404
    })
    expect(e.ctx).toMatchObject({ serviceReleaseVersion: '25.0', module: 'metadata_req', line: 45 })
  })
})

describe('Onezone client against the simulator', () => {
  it('picks a space, its provider, privileges, an inventory, a schema and its revisions', async () => {
    const z = new OnezoneClient({ url: sim.sim.url, token: sim.token('operator') })
    clients.push(z)
    const user = await z.getUser()
    expect(user.userId).toBe(sim.userId('operator'))
    const [spaceId] = await z.listSpaceIds()
    expect(spaceId).toBe(sim.space('lab'))
    expect((await z.getSpace(spaceId!)).name).toBe('Lab')
    const privileges = await z.getSpacePrivileges(spaceId!, user.userId)
    expect(privileges).toContain('space_schedule_atm_workflow_executions')
    const { provider, url } = await z.findProviderOfSpace(spaceId!)
    expect(provider.providerId).toBe(sim.state.providerId)
    expect(url).toBe(sim.sim.url)
    const [inventoryId] = await z.listInventoryIds()
    expect((await z.getInventory(inventoryId!)).name).toBe('Main inventory')
    const schemaIds = await z.listWorkflowSchemaIds(inventoryId!)
    const schema = await z.getWorkflowSchema(sim.schema('story'))
    expect(schemaIds).toContain(schema.atmWorkflowSchemaId)
    expect(schema.revisionRegistry['1']!.lanes.map((l) => l.name)).toEqual([
      'Collect',
      'Checksum',
      'Publish'
    ])
    const scope = await z.inferTokenScope(sim.token('operator'))
    expect(Object.keys(scope.dataAccessScope.spaces)).toEqual([spaceId])
    const other = await z.getSpace(sim.space('lab'))
    expect(Object.keys(other.providers)).toEqual([sim.state.providerId])
  })

  it('says when no online provider supports a space', async () => {
    const z = new OnezoneClient({ url: sim.sim.url, token: sim.token('admin') })
    clients.push(z)
    const e = await caught(z.findProviderOfSpace(sim.space('remote')))
    expect(e).toMatchObject({ id: 'space.noProvider' })
    expect(e.userMessage()).toBe('No online provider supports the space "Remote".')
  })
})
