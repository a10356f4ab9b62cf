// The simulator itself under bad input, over real HTTP: request targets no URL parser likes,
// bodies that are too large, endless or sent where none is taken, names that are special to
// JavaScript objects, and scenarios that would need unbounded work.
import { createConnection } from 'node:net'
import { Readable } from 'node:stream'
import { Client } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { P, SimDriver, type ErrorBody } from '../../helpers/simulator'

let sim: SimDriver
let port: number
beforeAll(async () => {
  sim = await SimDriver.start()
  port = Number(new URL(sim.sim.url).port)
})
afterAll(() => sim?.stop())

interface RawAnswer {
  status: number
  body: string
  /** The connection ended with a reset instead of a close. */
  reset: boolean
}

/** Sends bytes exactly as given (no client normalises them) and reads until the server closes. */
function raw(request: string, opts: { keepOpen?: boolean } = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1')
    const chunks: Buffer[] = []
    let reset = false
    const done = () => {
      const text = Buffer.concat(chunks).toString('latin1')
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1])
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4), reset })
    }
    socket.on('data', (c) => {
      chunks.push(c)
      // With the connection kept open (a body still owed), the answer alone is what counts.
      if (opts.keepOpen && Buffer.concat(chunks).includes('\r\n\r\n')) {
        socket.destroy()
        done()
      }
    })
    socket.on('error', (err: NodeJS.ErrnoException) => (reset = err.code === 'ECONNRESET'))
    socket.on('close', () => opts.keepOpen || done())
    socket.write(request, 'latin1')
  })
}

const get = (target: string, headers = '') =>
  raw(
    `GET ${target} HTTP/1.0\r\nHost: 127.0.0.1\r\nX-Auth-Token: ${sim.token('admin')}\r\n${headers}\r\n`
  )

const errorOf = (text: string) => (JSON.parse(text) as ErrorBody).error

describe('request targets', () => {
  it('GET // and //api/… are 404 notFound, not a crash', async () => {
    for (const target of ['//', `//${P.slice(1)}/spaces`, `${P}//spaces`]) {
      const r = await get(target)
      expect(r).toMatchObject({ status: 404, reset: false })
      expect(errorOf(r.body).id).toBe('notFound')
    }
  })

  it('a "%" that starts no escape is 400 badData naming the path', async () => {
    for (const target of ['/%', `${P}/automation/execution/workflows/%zz`, `${P}/spaces/%E2/%82`]) {
      const r = await get(target)
      expect(r.status).toBe(400)
      expect(errorOf(r.body)).toMatchObject({ id: 'badData', details: { key: 'path' } })
    }
  })

  it('a target that is not a path is 400', async () => {
    const r = await get('http://elsewhere.example/api/v3/oneprovider/spaces')
    expect(r.status).toBe(400)
    expect(errorOf(r.body).details).toMatchObject({ key: 'path' })
  })

  it('a wrong method is 405 with the methods the path has', async () => {
    const r = await sim.op('PUT', '/automation/execution/workflows/some-id')
    expect(r.status).toBe(405)
    expect(r.headers.get('allow')).toBe('GET, DELETE')
  })
})

describe('bodies', () => {
  const schedulePath = `${P}/automation/execution/workflows`

  it('over 16 MiB is 413, and the same connection serves the next request', async () => {
    const client = new Client(sim.sim.url)
    try {
      const big = Buffer.alloc(16 * 1024 * 1024 + 1, 0x20)
      const first = await client.request({
        method: 'POST',
        path: schedulePath,
        headers: { 'x-auth-token': sim.token('admin'), 'content-type': 'application/json' },
        body: big
      })
      expect(first.statusCode).toBe(413)
      expect(((await first.body.json()) as ErrorBody).error).toMatchObject({
        id: 'badData',
        details: { key: 'body', hint: 'it is larger than 16777216 bytes' }
      })
      const next = await client.request({
        method: 'GET',
        path: `${P}/spaces`,
        headers: { 'x-auth-token': sim.token('admin') }
      })
      expect(next.statusCode).toBe(200)
      await next.body.dump()
    } finally {
      await client.close()
    }
  })

  it('a chunked body that grows past the limit is 413 too', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20)
    const r = await fetch(`${sim.sim.url}${schedulePath}`, {
      method: 'POST',
      headers: { 'x-auth-token': sim.token('admin') },
      body: Readable.toWeb(
        Readable.from(Array.from({ length: 20 }, () => chunk))
      ) as ReadableStream,
      duplex: 'half'
    } as RequestInit)
    expect(r.status).toBe(413)
  })

  it('an endless body gets its 413 answer; the simulator keeps serving', async () => {
    const endless = new ReadableStream({
      pull: async (controller) => {
        await new Promise((resolve) => setImmediate(resolve))
        controller.enqueue(new Uint8Array(64 * 1024))
      }
    })
    const r = await fetch(`${sim.sim.url}${schedulePath}`, {
      method: 'POST',
      headers: { 'x-auth-token': sim.token('admin') },
      body: endless,
      duplex: 'half'
    } as RequestInit)
    expect(r.status).toBe(413)
    expect(((await r.json()) as ErrorBody).error.details).toMatchObject({ key: 'body' })
    expect((await sim.op('GET', '/spaces')).status).toBe(200)
  })

  it('a client that keeps sending after the answer is read up to 64 MiB more, then closed', async () => {
    const socket = createConnection(port, '127.0.0.1')
    const chunk = Buffer.concat([
      Buffer.from(`${(64 * 1024).toString(16)}\r\n`),
      Buffer.alloc(64 * 1024, 0x20),
      Buffer.from('\r\n')
    ])
    let answer = ''
    let sent = 0
    socket.on('data', (c) => (answer += c.toString('latin1')))
    const closed = new Promise<void>((resolve) => {
      socket.on('close', () => resolve())
      socket.on('error', () => {}) // the close may come as a reset while writing: expected here
    })
    socket.write(
      `POST ${schedulePath} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${sim.token('admin')}\r\n` +
        'Transfer-Encoding: chunked\r\n\r\n'
    )
    let open = true
    void closed.then(() => (open = false))
    while (open && sent < 200 * 1024 * 1024) {
      sent += chunk.length
      if (!socket.write(chunk))
        await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve))
    }
    await closed
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(sent).toBeGreaterThan(64 * 1024 * 1024)
    expect(sent).toBeLessThan(200 * 1024 * 1024)
  })

  it('a body where the route takes none is 400, answered without reading it, and nothing happens', async () => {
    const id = await sim.schedule('single')
    await sim.untilStatus(id, 'finished')
    // Declares a megabyte and sends ten bytes: an answer now proves the body was never awaited.
    const r = await raw(
      `DELETE ${P}/automation/execution/workflows/${id} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `X-Auth-Token: ${sim.token('admin')}\r\nContent-Length: 1000000\r\n\r\n0123456789`,
      { keepOpen: true }
    )
    expect(r.status).toBe(400)
    expect((await sim.details(id)).status).toBe('finished') // not deleted
    const onGet = await raw(
      `GET ${P}/spaces HTTP/1.0\r\nHost: x\r\nX-Auth-Token: ${sim.token('admin')}\r\n` +
        `Content-Length: 2\r\n\r\n{}`
    )
    expect(onGet.status).toBe(400)
    expect(errorOf(onGet.body)).toMatchObject({
      id: 'badData',
      details: { key: 'body', hint: 'this request takes no body' }
    })
  })

  it('an empty declared body is no body', async () => {
    const r = await raw(
      `GET ${P}/spaces HTTP/1.0\r\nHost: x\r\nX-Auth-Token: ${sim.token('admin')}\r\nContent-Length: 0\r\n\r\n`
    )
    expect(r.status).toBe(200)
  })
})

describe('names special to JavaScript objects', () => {
  // JSON, so `__proto__` is an own key as in a scenario file (in a JS literal it is the prototype).
  const special = JSON.parse(`{
    "name": "special names",
    "users": [{
      "name": "constructor",
      "token": "token-of-constructor",
      "spaces": { "__proto__": ["view", "schedule", "manage"], "toString": ["view"] },
      "inventories": ["toString"]
    }],
    "spaces": [
      { "key": "__proto__", "name": "__proto__", "id": "constructor" },
      { "key": "toString", "name": "hasOwnProperty", "id": "__proto__" }
    ],
    "inventories": [{ "key": "toString", "name": "valueOf", "id": "toString" }],
    "schemas": [{
      "key": "__proto__", "name": "constructor", "id": "hasOwnProperty", "inventory": "toString",
      "revisions": { "1": {
        "stores": [
          { "key": "toString", "name": "__proto__", "id": "__proto__",
            "itemDataSpec": { "type": "number" }, "defaultInitialContent": [1] },
          { "key": "valueOf", "name": "constructor", "id": "constructor", "type": "singleValue",
            "itemDataSpec": { "type": "string" }, "defaultInitialContent": "kept" }
        ],
        "lanes": [{ "name": "__proto__", "id": "toString", "store": "toString",
                    "parallelBoxes": [{ "name": "constructor", "tasks": [{ "name": "valueOf" }] }] }]
      } }
    }],
    "executions": [{ "id": "toString", "schema": "__proto__", "revision": 1, "space": "__proto__",
                     "user": "constructor", "at": -60 }]
  }`) as Record<string, unknown>

  beforeAll(async () => {
    const loaded = await sim.request('POST', '/__simulator/scenario', {
      body: { scenario: special }
    })
    if (loaded.status !== 200) throw new Error(loaded.text)
    await sim.control('POST', '/clock', { mode: 'virtual' })
  })
  afterAll(async () => {
    await sim.request('POST', '/__simulator/scenario', { body: { name: 'conformance' } })
  })

  const as = { token: 'token-of-constructor' }

  it('keeps every such key and id as plain data: spaces, privileges, stores and executions work', async () => {
    const spaces = await sim.request<{ spaceId: string; name: string }[]>('GET', `${P}/spaces`, as)
    expect(spaces.body.map((s) => [s.spaceId, s.name])).toEqual([
      ['constructor', '__proto__'],
      ['__proto__', 'hasOwnProperty']
    ])
    const seeded = await sim.request<{ storeRegistry: Record<string, string>; status: string }>(
      'GET',
      `${P}/automation/execution/workflows/toString`,
      as
    )
    expect(seeded.status).toBe(200)
    expect(Object.keys(seeded.body.storeRegistry).sort()).toEqual(['__proto__', 'constructor'])
    // An overlay keyed `__proto__` fills that store (three items are iterated), and the store
    // `constructor` it does not name keeps its default.
    const scheduled = await sim.request<{ atmWorkflowExecutionId: string }>(
      'POST',
      `${P}/automation/execution/workflows`,
      {
        ...as,
        body: {
          spaceId: 'constructor',
          atmWorkflowSchemaId: 'hasOwnProperty',
          atmWorkflowSchemaRevisionNumber: 1,
          storeInitialContentOverlay: JSON.parse('{"__proto__": [4, 5, 6]}') as unknown
        }
      }
    )
    expect(scheduled.status).toBe(201)
    const id = scheduled.body.atmWorkflowExecutionId
    await sim.advance(60_000)
    const view = await sim.view(id)
    expect(view.status).toBe('finished')
    expect(view.lanes[0]!.runs[0]!.boxes[0]!.tasks[0]!.itemsProcessed).toBe(3)
    // In the space keyed `toString` (its id `__proto__`) the user named `constructor` may view.
    const listed = await sim.request(
      'GET',
      `${P}/spaces/__proto__/automation/execution/workflows`,
      as
    )
    expect(listed.status).toBe(200)
  })

  it('an id that is only inherited from Object.prototype is unknown: 404, never 500', async () => {
    for (const id of ['constructor', 'hasOwnProperty', '__proto__', 'valueOf'])
      expect(
        (await sim.request('GET', `${P}/automation/execution/workflows/${id}`, as)).status
      ).toBe(404)
    for (const id of ['__proto__', 'valueOf'])
      expect(
        (await sim.request('GET', `/api/v3/onezone/atm_workflow_schemas/${id}`, as)).status
      ).toBe(404)
  })

  it('a built-in scenario named like an inherited property is refused with 400', async () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const r = await sim.request('POST', '/__simulator/scenario', { body: { name } })
      expect(r.status).toBe(400)
      expect((r.body as ErrorBody).error.description).toContain(`no built-in scenario "${name}"`)
    }
  })
})

describe('scenarios that would need unbounded work are refused on load, naming the field', () => {
  const base = () => ({
    name: 'huge',
    users: [{ name: 'u', spaces: { s: ['view'] }, inventories: ['i'] }],
    spaces: [{ key: 's', name: 'S' }],
    inventories: [{ key: 'i', name: 'I' }],
    schemas: [
      {
        key: 'w',
        name: 'W',
        inventory: 'i',
        revisions: {
          '1': { lanes: [{ name: 'L', parallelBoxes: [{ name: 'B', tasks: [{ name: 'T' }] }] }] }
        }
      }
    ],
    executions: [] as Record<string, unknown>[]
  })
  const lane = (s: ReturnType<typeof base>) =>
    s.schemas[0]!.revisions['1']!.lanes[0] as Record<string, unknown>

  const cases: [string, (s: ReturnType<typeof base>) => void, RegExp][] = [
    [
      'twenty million items',
      (s) => (lane(s).items = 20_000_000),
      /schemas\.0\.revisions\.1\.lanes\.0\.items: .*100000/
    ],
    [
      'an absurd lane count',
      (s) =>
        (s.schemas[0]!.revisions['1']!.lanes = Array.from(
          { length: 5000 },
          () => lane(s) as never
        )),
      /schemas\.0\.revisions\.1\.lanes: .*50/
    ],
    [
      'a store of twenty million items',
      (s) =>
        ((s.schemas[0]!.revisions['1'] as Record<string, unknown>).stores = [
          {
            key: 'n',
            name: 'N',
            itemDataSpec: { type: 'number' },
            defaultInitialContent: new Array(200_001).fill(1)
          }
        ]),
      /schemas\.0\.revisions\.1\.stores\.0\.defaultInitialContent: at most 100,000 items/
    ],
    [
      'many executions of big lanes',
      (s) => {
        lane(s).items = 100_000
        lane(s).maxRetries = 10
        s.executions = Array.from({ length: 20 }, () => ({
          schema: 'w',
          revision: 1,
          space: 's',
          user: 'u',
          at: 0
        }))
      },
      /executions: the executions would pass 22,000,000 items through parallel boxes \(at most 20,000,000\)/
    ],
    [
      'a history reaching back millennia',
      (s) => (s.executions = [{ schema: 'w', revision: 1, space: 's', user: 'u', at: -1e11 }]),
      /executions\.0\.at/
    ],
    [
      'garbage collection every second',
      (s) => Object.assign(s, { provider: { retention: { checkIntervalSeconds: 1 } } }),
      /provider\.retention\.checkIntervalSeconds/
    ]
  ]
  for (const [what, change, message] of cases)
    it(what, async () => {
      const scenario = base()
      change(scenario)
      const r = await sim.request('POST', '/__simulator/scenario', { body: { scenario } })
      expect(r.status).toBe(400)
      expect((r.body as ErrorBody).error.description).toMatch(message)
    })
})
