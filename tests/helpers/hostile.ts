// A hostile Oneprovider for tests: a plain node:http server on 127.0.0.1 (random port) whose
// answers are scripted per route. It can dribble a body, never end one, send huge or deeply
// nested bodies, cyclic page tokens, long Retry-After, 2xx with garbage, bodies cut short, and
// text full of control characters, to show that the client and the CLI survive all of it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { afterAll, afterEach, beforeAll } from 'vitest'

export const PROVIDER = '/api/v3/oneprovider'

export type Responder = (req: IncomingMessage, res: ServerResponse) => void

interface Route {
  method: string
  path: string | RegExp
  respond: Responder
}

export class HostileServer {
  readonly requests: { method: string; path: string }[] = []
  private routes: Route[] = []
  private readonly sockets = new Set<Socket>()

  private constructor(
    private readonly server: Server,
    readonly url: string
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  /** Over HTTPS when given a key and certificate (see src/simulator/tls.ts). */
  static async start(tls?: { key: string; cert: string }): Promise<HostileServer> {
    const holder: { self?: HostileServer } = {}
    const handle = (req: IncomingMessage, res: ServerResponse) => holder.self!.handle(req, res)
    const server = tls ? createHttpsServer(tls, handle) : createServer(handle)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    holder.self = new HostileServer(server, `${tls ? 'https' : 'http'}://127.0.0.1:${port}`)
    return holder.self
  }

  /** Answers requests of `method` whose path (query included) contains or matches `path`. */
  on(method: string, path: string | RegExp, respond: Responder): this {
    this.routes.unshift({ method, path, respond })
    return this
  }

  /** How many requests reached a path. */
  count(method: string, path: string | RegExp): number {
    return this.requests.filter((r) => r.method === method && matches(r.path, path)).length
  }

  reset(): void {
    this.routes = []
    this.requests.length = 0
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise((resolve) => this.server.close(resolve))
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/'
    const method = req.method ?? 'GET'
    this.requests.push({ method, path })
    req.resume()
    const route = this.routes.find((r) => r.method === method && matches(path, r.path))
    if (route) return route.respond(req, res)
    json({ error: { id: 'notFound', description: 'The resource could not be found.' } }, 404)(
      req,
      res
    )
  }
}

const matches = (path: string, pattern: string | RegExp) =>
  typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path)

/** Each request gets the next responder; the last one answers every request after. */
export function sequence(...responders: Responder[]): Responder {
  let next = 0
  return (req, res) => responders[Math.min(next++, responders.length - 1)]!(req, res)
}

/** Headers never come. */
export const silent: Responder = () => {}

/** A first body part the client must have started reading once it is written (16 MiB). */
export const READ_FOR_SURE = ' '.repeat(16 * 1024 * 1024)

/** A JSON answer. */
export function json(
  value: unknown,
  status = 200,
  headers: Record<string, string> = {}
): Responder {
  return raw(JSON.stringify(value), status, { 'content-type': 'application/json', ...headers })
}

/** Any body, as given. */
export function raw(body: string, status = 200, headers: Record<string, string> = {}): Responder {
  return (_req, res) => {
    res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers })
    res.end(body)
  }
}

/**
 * Headers, then `first`, then one more byte every `everyMs` for as long as the client listens
 * (never, with `everyMs` undefined): the body never ends. `started` resolves once `first` is out;
 * a `first` larger than the sockets' buffers (see `READ_FOR_SURE`) is out only once the client
 * has read most of it, so by then it surely has the headers and is reading the body.
 */
export function dribble(opts: { status?: number; first?: string; everyMs?: number } = {}): {
  respond: Responder
  started: Promise<void>
} {
  let markStarted!: () => void
  const started = new Promise<void>((resolve) => (markStarted = resolve))
  const respond: Responder = (_req, res) => {
    res.writeHead(opts.status ?? 200, { 'content-type': 'application/json' })
    res.write(opts.first ?? '[', () => markStarted())
    if (opts.everyMs === undefined) return
    const timer = setInterval(() => res.write(' '), opts.everyMs)
    res.on('close', () => clearInterval(timer))
  }
  return { respond, started }
}

/**
 * A body of `bytes` bytes (a JSON array of zeros), announced in Content-Length or not, streamed
 * as the client reads it. `sent()` tells how much went out before the client hung up.
 */
export function huge(bytes: number, opts: { announce?: boolean; status?: number } = {}) {
  let written = 0
  const respond: Responder = (_req, res) => {
    res.writeHead(opts.status ?? 200, {
      'content-type': 'application/json',
      ...(opts.announce ? { 'content-length': String(bytes) } : {})
    })
    const chunk = Buffer.from('0,'.repeat(32 * 1024))
    res.write('[')
    written = 1
    const pump = () => {
      while (written < bytes - 2) {
        const part = chunk.subarray(0, Math.min(chunk.length, bytes - 2 - written))
        written += part.length
        if (!res.write(part)) return void res.once('drain', pump)
      }
      res.end('0]')
      written += 2
    }
    res.on('close', () => res.removeAllListeners('drain'))
    pump()
  }
  return { respond, sent: () => written }
}

/** Headers that announce `declared` bytes, then only `body`, then the connection is cut. */
export function cutShort(body: string, declared: number, status = 200): Responder {
  return (_req, res) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(declared)
    })
    res.write(body, () => res.socket?.destroy())
  }
}

/** `{"x":{"x":…1…}}` nested `depth` levels, built without recursion. */
export function deepObject(depth: number, key = 'x'): string {
  return `${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`
}

/** `[[[…]]]` nested `depth` levels. */
export function deepArray(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`
}

/**
 * Answers the execution list from a table of pages keyed by the `token` query parameter ('' for
 * the first page); `next` tokens may repeat or cycle.
 */
export function listPages(
  pages: Record<string, { ids: string[]; next: string | null }>
): Responder {
  return (req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? ''
    const page = pages[token]
    if (!page)
      return json({ error: { id: 'badValueToken', description: 'Bad token.' } }, 400)(req, res)
    json({
      atmWorkflowExecutions: page.ids,
      nextPageToken: page.next,
      isLast: page.next === null
    })(req, res)
  }
}

/** An execution id in the real format (32 hex digits, "ch", 4 hex digits). */
export function entityId(n: number): string {
  return `${n.toString(16).padStart(32, '0')}ch${(n % 65536).toString(16).padStart(4, '0')}`
}

/** Execution details in the shape the client validates, with any field replaced. */
export function executionDetails(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    atmWorkflowExecutionId: entityId(1),
    atmWorkflowSchemaSnapshotId: 'snapshot',
    name: 'hostile',
    atmInventoryId: 'inventory',
    spaceId: entityId(2),
    userId: 'user',
    status: 'active',
    scheduleTime: 1,
    startTime: 2,
    suspendTime: 0,
    finishTime: 0,
    lambdaSnapshotRegistry: {},
    storeRegistry: {},
    systemAuditLogStoreId: 'auditstore',
    lanes: [],
    ...overrides
  }
}

/** One server for a test file: started before its tests, its routes cleared after each. */
export function hostileServerPerFile(): { readonly server: HostileServer } {
  const holder = {} as { server: HostileServer }
  beforeAll(async () => {
    holder.server = await HostileServer.start()
  })
  afterEach(() => holder.server.reset())
  afterAll(() => holder.server.stop())
  return holder
}

export const EXECUTION = entityId(1)
export const SPACE = entityId(2)
export const SPACES = `${PROVIDER}/spaces`
export const WORKFLOWS = `${PROVIDER}/automation/execution/workflows`
export const LIST = `${PROVIDER}/spaces/${SPACE}/automation/execution/workflows`
