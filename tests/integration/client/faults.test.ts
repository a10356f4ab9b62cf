// The client against faults injected into the simulator: retried GETs, never-retried POSTs,
// Retry-After, timeouts, bodies that are not what the endpoint returns, dropped connections,
// an unreachable provider and an aborted call.
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { OneproviderClient } from '../../../src/core/onedata'
import { caught, clientTestbed } from '../../helpers/client-testbed'

const bed = clientTestbed()
const { client, arm } = bed

describe('faults', () => {
  const listPath = () => `/spaces/${bed.sim.space('lab')}/automation/execution/workflows`

  it('a GET that meets 503 twice is retried and succeeds', async () => {
    const sleeps: number[] = []
    await arm({
      kind: 'status',
      status: 503,
      count: 2,
      match: { path: '/automation/execution/workflows' }
    })
    const page = await client({ sleeps }).listExecutions(bed.sim.space('lab'))
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
    await client({ sleeps }).listExecutions(bed.sim.space('lab'))
    expect(sleeps).toEqual([2000])
  })

  it('gives up after the bounded number of retries with the last error', async () => {
    const sleeps: number[] = []
    await arm({ kind: 'status', status: 502, body: 'html', count: 4, match: { path: listPath() } })
    const e = await caught(client({ sleeps }).listExecutions(bed.sim.space('lab')))
    expect(sleeps).toHaveLength(3)
    expect(e).toMatchObject({ id: 'http.unexpectedStatus', httpStatus: 502, kind: 'response' })
    expect(e.userMessage()).toMatch(
      /List executions \(GET .*\) failed with HTTP 502 and an HTML page/
    )
  })

  it('never retries a POST', async () => {
    const sleeps: number[] = []
    const id = await bed.sim.schedule('single')
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
    expect((await client().listExecutions(bed.sim.space('lab'))).isLast).toBe(true)
    const id = await bed.sim.schedule('single')
    await arm({ kind: 'drop', match: { method: 'POST', path: `/${id}/cancel` } })
    const e = await caught(client().lifecycle('cancel', id))
    expect(e).toMatchObject({ id: 'network.connectionLost', kind: 'network' })
  })

  it('a slow answer times out as network.timeout', async () => {
    await arm({ kind: 'slow', delayMs: 1500, match: { path: listPath() } })
    const e = await caught(
      client({ retries: 0, headersTimeoutMs: 200 }).listExecutions(bed.sim.space('lab'))
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
      const e = await caught(c.listExecutions(bed.sim.space('lab')))
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
    bed.clients.push(c)
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
    const pending = client().listExecutions(bed.sim.space('lab'), {}, { signal: ctl.signal })
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
