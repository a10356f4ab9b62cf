// The client against a hostile provider: bodies that dribble or never end, long Retry-After,
// answers over the size cap, writes answered 2xx with garbage, cyclic page tokens, and values
// nested 100,000 levels deep. Deadlines run on a fake clock: the test moves time, never waits.
import { afterAll, describe, expect, it } from 'vitest'
import { OneproviderClient, OnezoneClient, type TransportOptions } from '../../../src/core/onedata'
import { caught } from '../../helpers/client-testbed'
import { FakeClock } from '../../helpers/fake-clock'
import {
  cutShort,
  deepArray,
  deepObject,
  dribble,
  entityId,
  executionDetails,
  EXECUTION,
  hostileServerPerFile,
  LIST,
  SPACE,
  SPACES,
  WORKFLOWS,
  huge,
  json,
  listPages,
  PROVIDER,
  raw,
  READ_FOR_SURE,
  sequence,
  silent
} from '../../helpers/hostile'

const provider = hostileServerPerFile()
const clients: { close(): Promise<void> }[] = []

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
})

function client(opts: Partial<Omit<TransportOptions, 'url' | 'prefix'>> = {}) {
  const sleeps: number[] = []
  const c = new OneproviderClient({
    url: provider.server.url,
    token: 't',
    retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 },
    sleep: async (ms) => void sleeps.push(ms),
    ...opts
  })
  clients.push(c)
  return Object.assign(c, { sleeps })
}

/** Lets pending I/O callbacks run (no time passes on any clock). */
const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('the overall deadline', () => {
  it('a body dribbled forever fails with network.timeout at the 30 s read deadline', async () => {
    const clock = new FakeClock()
    const body = dribble({ first: READ_FOR_SURE, everyMs: 5 })
    provider.server.on('GET', SPACES, body.respond)
    let settled = false
    const pending = client({ clock }).listSpaces()
    pending.catch(() => undefined).finally(() => (settled = true))
    await body.started
    expect(clock.pending()).toEqual([30_000])
    clock.advance(29_999)
    await turn()
    expect(settled).toBe(false)
    clock.advance(1)
    const e = await caught(pending)
    expect(e).toMatchObject({ id: 'network.timeout', kind: 'network' })
    expect(e.userMessage()).toMatch(
      /^127\.0\.0\.1:\d+ did not answer List spaces \(GET \/spaces\) within 30 s\.$/
    )
    expect(provider.server.count('GET', SPACES)).toBe(1)
  })

  it('a body that never ends, with a per-call deadline', async () => {
    const clock = new FakeClock()
    const body = dribble()
    provider.server.on('GET', EXECUTION, body.respond)
    const pending = client({ clock }).getExecution(EXECUTION, { deadlineMs: 5_000 })
    await body.started
    expect(clock.pending()).toEqual([5_000])
    clock.advance(5_000)
    expect(await caught(pending)).toMatchObject({ id: 'network.timeout' })
  })

  it('headers that never come, with a per-client deadline; writes default to 60 s', async () => {
    const clock = new FakeClock()
    provider.server.on('GET', SPACES, silent).on('POST', '/pause', silent)
    const c = client({ clock, readDeadlineMs: 2_000 })
    const read = c.listSpaces()
    const write = c.lifecycle('pause', EXECUTION)
    while (provider.server.requests.length < 2) await turn()
    expect(clock.pending().sort()).toEqual([2_000, 60_000])
    clock.advance(2_000)
    expect(await caught(read)).toMatchObject({ id: 'network.timeout' })
    clock.advance(58_000)
    const e = await caught(write)
    expect(e.userMessage()).toMatch(/did not answer Pause execution .* within 1 min\.$/)
  })

  it('refuses a deadline a timer cannot hold', () => {
    expect(() => client({ readDeadlineMs: 2 ** 31 })).toThrow(RangeError)
    expect(() => client({ writeDeadlineMs: 0 })).toThrow(RangeError)
  })
})

describe('Retry-After', () => {
  it('longer than the deadline: fails at once, saying when the server asked to be retried', async () => {
    const clock = new FakeClock()
    provider.server.on('GET', SPACES, json({}, 503, { 'retry-after': '3600' }))
    const c = client({ clock })
    const e = await caught(c.listSpaces())
    expect(e).toMatchObject({ httpStatus: 503, retryAt: clock.now() + 3_600_000 })
    expect(e.userMessage()).toMatch(
      /failed with HTTP 503 .* The server asked to be retried in 1 h \(at 2026-01-01 13:00:00 UTC\), longer than this call waits \(30 s\); try again then\.$/
    )
    expect(c.sleeps).toEqual([])
    expect(provider.server.count('GET', SPACES)).toBe(1)
  })

  it('as a date beyond the cap of a long deadline: fails too; within both it is waited out', async () => {
    const clock = new FakeClock()
    const date = new Date(clock.now() + 120_000).toUTCString()
    provider.server.on('GET', SPACES, json({}, 429, { 'retry-after': date }))
    const c = client({ clock, readDeadlineMs: 600_000 })
    const e = await caught(c.listSpaces())
    expect(e.userMessage()).toMatch(/retried in 2 min .*longer than this call waits \(1 min\)/)
    provider.server.on('GET', SPACES, sequence(json({}, 429, { 'retry-after': '2' }), json([])))
    expect(await c.listSpaces()).toEqual([])
    expect(c.sleeps).toEqual([2_000])
  })

  it('a retry wait that would pass the deadline gives up with the last error', async () => {
    provider.server.on('GET', SPACES, raw('busy', 503))
    const c = client({ retry: { retries: 3, baseDelayMs: 300 }, random: () => 1 })
    const e = await caught(c.listSpaces({ deadlineMs: 200 }))
    expect(e).toMatchObject({ id: 'http.unexpectedStatus', httpStatus: 503 })
    expect(c.sleeps).toEqual([])
  })

  it('a POST refused with Retry-After says when, and is not retried', async () => {
    provider.server.on('POST', '/cancel', json({}, 503, { 'retry-after': '90' }))
    const e = await caught(client().lifecycle('cancel', EXECUTION))
    expect(e.userMessage()).toMatch(/asked to be retried in 1 min 30 s/)
    expect(provider.server.count('POST', '/cancel')).toBe(1)
  })
})

describe('the size cap', () => {
  it('an answer over the cap is response.tooLarge, not retried, announced or not', async () => {
    const c = client({ maxResponseBytes: 1024 * 1024 })
    const announced = huge(8 * 1024 * 1024, { announce: true })
    provider.server.on('GET', SPACES, announced.respond)
    const e = await caught(c.listSpaces())
    expect(e).toMatchObject({ id: 'response.tooLarge', kind: 'response' })
    expect(e.userMessage()).toBe(
      `List spaces (GET /spaces) got an answer larger than 1048576 bytes from ${c.host} (it announced 8388608); it was not read.`
    )
    const streamed = huge(32 * 1024 * 1024)
    provider.server.on('GET', SPACES, streamed.respond)
    expect(await caught(c.listSpaces())).toMatchObject({ id: 'response.tooLarge' })
    expect(provider.server.count('GET', SPACES)).toBe(2)
    expect(c.sleeps).toEqual([])
    while (streamed.sent() === 0) await turn()
    expect(streamed.sent()).toBeLessThan(16 * 1024 * 1024)
  })

  it('the default cap is 64 MiB', async () => {
    provider.server.on('GET', SPACES, huge(64 * 1024 * 1024 + 1, { announce: true }).respond)
    expect(await caught(client().listSpaces())).toMatchObject({ id: 'response.tooLarge' })
  })

  it('an error answer over the cap is response.tooLarge too', async () => {
    provider.server.on('POST', '/pause', huge(2 * 1024 * 1024, { status: 500 }).respond)
    const c = client({ maxResponseBytes: 1024 * 1024 })
    expect(await caught(c.lifecycle('pause', EXECUTION))).toMatchObject({ id: 'response.tooLarge' })
  })
})

describe('writes the server accepted', () => {
  it('a 2xx whose body is cut short or never ends is done, with a note', async () => {
    provider.server.on('POST', '/pause', cutShort('{"a"', 100))
    expect(await client().lifecycle('pause', EXECUTION)).toEqual({
      note: expect.stringMatching(
        /^The server accepted it; its answer could not be read \(The connection to .* was closed before the answer arrived\)\.$/
      )
    })
    const clock = new FakeClock()
    const body = dribble({ status: 200, first: READ_FOR_SURE })
    provider.server.on('POST', '/retry', body.respond)
    const pending = client({ clock }).repeatLaneRun('retry', EXECUTION, {
      laneIndex: 1,
      laneRunNumber: 1
    })
    await body.started
    clock.advance(60_000)
    expect((await pending).note).toMatch(/could not be read \(.* within 1 min\)\.$/)
  })

  it('a schedule answered 2xx with garbage: done, with the id from Location when there is one', async () => {
    const request = {
      spaceId: entityId(2),
      atmWorkflowSchemaId: 's',
      atmWorkflowSchemaRevisionNumber: 1
    }
    provider.server.on('POST', WORKFLOWS, raw('{"atmWorkflowExecutionId": ', 201))
    const lost = await client().scheduleExecution(request)
    expect(lost.atmWorkflowExecutionId).toBeUndefined()
    expect(lost.note).toMatch(
      /^The server accepted it; its answer could not be read \(Schedule execution .* got an answer that is not valid JSON from .*\); list the waiting executions to find it\.$/
    )
    provider.server.on(
      'POST',
      WORKFLOWS,
      raw('<html>ok</html>', 201, { location: `${WORKFLOWS}/${EXECUTION}` })
    )
    const located = await client().scheduleExecution(request)
    expect(located.atmWorkflowExecutionId).toBe(EXECUTION)
    expect(located.note).toMatch(/the id was read from its Location header\.$/)
    expect(provider.server.count('POST', WORKFLOWS)).toBe(2)
  })

  it('a write refused (not 2xx) is still a failure; a GET with garbage is still invalid', async () => {
    provider.server.on('POST', '/cancel', raw('<html>bad gateway</html>', 502))
    expect(await caught(client().lifecycle('cancel', EXECUTION))).toMatchObject({ httpStatus: 502 })
    provider.server.on('GET', SPACES, raw('{"nope', 200))
    expect(await caught(client().listSpaces())).toMatchObject({ id: 'response.invalid' })
  })
})

describe('paging', () => {
  const collect = async (c: OneproviderClient, maxPages?: number) => {
    const seen: string[] = []
    const error = await caught(
      (async () => {
        for await (const ids of c.iterateExecutionIds(SPACE, 'ongoing', { maxPages }))
          seen.push(...ids)
      })()
    )
    return { seen, error }
  }

  it('a cyclic page token ends the listing with response.pagingLoop', async () => {
    provider.server.on(
      'GET',
      LIST,
      listPages({
        '': { ids: ['a'], next: 't1' },
        t1: { ids: ['b'], next: 't2' },
        t2: { ids: ['c'], next: 't1' }
      })
    )
    const { seen, error } = await collect(client())
    expect(seen).toEqual(['a', 'b', 'c'])
    expect(error).toMatchObject({ id: 'response.pagingLoop', kind: 'response' })
    expect(error.userMessage()).toMatch(
      /^List executions: 127\.0\.0\.1:\d+ sent the page token "t1" a second time, after 3 pages; stopped/
    )
    expect(provider.server.count('GET', LIST)).toBe(3)
  })

  it('the same token again at once, and endless fresh tokens, end too', async () => {
    provider.server.on(
      'GET',
      LIST,
      listPages({ '': { ids: [], next: 'x' }, x: { ids: [], next: 'x' } })
    )
    expect((await collect(client())).error.id).toBe('response.pagingLoop')
    let n = 0
    provider.server.on('GET', LIST, (req, res) =>
      json({ atmWorkflowExecutions: [`e${n}`], nextPageToken: `t${++n}`, isLast: false })(req, res)
    )
    provider.server.requests.length = 0
    const { seen, error } = await collect(client(), 50)
    expect(error).toMatchObject({ id: 'response.tooManyPages' })
    expect(error.userMessage()).toMatch(/still had more after 50 pages; stopped at that limit\.$/)
    expect(seen).toHaveLength(50)
    expect(provider.server.count('GET', LIST)).toBe(50)
  })
})

describe('values nested 100,000 levels deep', () => {
  const DEEP = 100_000
  const cut = '[cut: nested deeper than 32 levels]'

  it('extra keys, audit-log details and error details are cut as they are parsed', async () => {
    const c = client({ retry: { retries: 0 } })
    provider.server.on(
      'GET',
      SPACES,
      raw(`[{"spaceId":"s","name":"Lab","extra":${deepObject(DEEP)}}]`, 200)
    )
    const spaces = await c.listSpaces()
    expect(JSON.stringify(spaces)).toContain(cut)
    expect(spaces[0]).toMatchObject({ spaceId: 's', name: 'Lab' })

    const entry = `{"index":"1","timestamp":1,"severity":"info","content":{"details":${deepArray(DEEP)},"more":${deepObject(DEEP)}}}`
    provider.server.on('GET', '/dump', raw(`[${entry}]`, 200))
    const log = await c.dumpAuditLog('store')
    expect(JSON.stringify(log).split(cut)).toHaveLength(3)

    provider.server.on(
      'GET',
      EXECUTION,
      raw(
        `{"error":{"id":"forbidden","description":"No.","details":${deepObject(DEEP)},"ctx":${deepObject(DEEP)},"x":${deepObject(DEEP)}}}`,
        403
      )
    )
    const e = await caught(c.getExecution(EXECUTION))
    expect(e).toMatchObject({ id: 'forbidden', httpStatus: 403 })
    expect(JSON.stringify(e.toJSON())).toContain(cut)
  })

  it('Onezone and provider extras too; and sizes are bounded: long strings, many items', async () => {
    const z = new OnezoneClient({ url: provider.server.url, token: 't' })
    clients.push(z)
    provider.server.on(
      'GET',
      '/api/v3/onezone/user',
      raw(`{"userId":"u","x":${deepArray(DEEP)}}`, 200)
    )
    expect(JSON.stringify(await z.getUser())).toContain(cut)
    const many = Array.from({ length: 50_000 }, (_, i) => i)
    provider.server.on(
      'GET',
      `${PROVIDER}/configuration`,
      json({
        providerId: 'p',
        name: 'n',
        domain: 'd',
        onezoneDomain: 'z',
        version: '25',
        many,
        long: 'y'.repeat(100_000)
      })
    )
    const config = (await client().getConfiguration()) as Record<string, unknown>
    const kept = config.many as unknown[]
    expect(kept.at(-1)).toMatch(/^\[cut: \d+ more items\]$/)
    expect(kept.length).toBeLessThan(10_002)
    expect(config.long).toBe(`${'y'.repeat(65_536)}[cut: 34464 more characters]`)
    expect(config.version).toBe('25')
  })

  it('known fields are untouched and the details of a normal answer keep their values', async () => {
    provider.server.on('GET', EXECUTION, json(executionDetails({ name: 'kept' })))
    expect((await client().getExecution(EXECUTION)).name).toBe('kept')
  })
})
