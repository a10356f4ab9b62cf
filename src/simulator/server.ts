// The simulator's HTTP(S) listener: Oneprovider under /api/v3/oneprovider, the Onezone subset
// under /api/v3/onezone, and (with `control`) the test-only control API under /__simulator/.
// Usable in-process (`startSimulator`) and from the command line (main.ts).
import { existsSync, readFileSync } from 'node:fs'
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { ClockMode } from './clock'
import { ApiError, errorBody, errors, type ServiceContext } from './errors'
import { authenticate } from './http/auth'
import { controlRoutes } from './http/control-routes'
import { FaultBook } from './http/faults'
import { faultReply, readBody, send } from './http/respond'
import { onezoneRoutes } from './http/onezone-routes'
import { providerRoutes } from './http/provider-routes'
import { match, type Reply, type Route, type SimRequest } from './http/types'
import type { User } from './engine/world'
import { parseScenario, type Scenario } from './scenario'
import { BUILT_IN_SCENARIOS } from './scenarios'
import { SimulatorState } from './state'
import { makeTlsMaterial } from './tls'

export interface SimulatorOptions {
  port?: number
  host?: string
  /** A built-in scenario name, a path to a scenario file, or a scenario object. */
  scenario?: string | Scenario
  speed?: number
  tls?: boolean
  control?: boolean
  /** Start in virtual time (tests that must not sleep). */
  clock?: ClockMode
  /** One line per request, e.g. to stderr. */
  log?: (line: string) => void
}

export interface RunningSimulator {
  url: string
  tokens: Record<string, string>
  caPath?: string
  caPem?: string
  /** The live state (replaced on reset and scenario load). */
  readonly state: SimulatorState
  /** Provider restart: the listener closes, executions stop where they are; after `downMs` it
   *  listens again on the same port and op-worker's restart procedure runs. */
  restart(opts?: { downMs?: number; autoResume?: boolean }): Promise<void>
  stop(): Promise<void>
}

const PROVIDER_PREFIX = '/api/v3/oneprovider'
const ZONE_PREFIX = '/api/v3/onezone'
const CONTROL_PREFIX = '/__simulator'

/** Loads a scenario by built-in name or file path; throws a readable message otherwise. */
export function loadScenario(source: string | Scenario): Scenario {
  if (typeof source !== 'string') return source
  const builtIn = BUILT_IN_SCENARIOS[source]
  if (builtIn) return parseScenario(builtIn, `built-in scenario "${source}"`)
  if (!existsSync(source)) {
    const names = Object.keys(BUILT_IN_SCENARIOS).join(', ')
    throw new Error(`no scenario "${source}": give a built-in name (${names}) or a JSON file path`)
  }
  let data: unknown
  try {
    data = JSON.parse(readFileSync(source, 'utf8'))
  } catch (err) {
    throw new Error(`scenario file ${source} is not valid JSON: ${(err as Error).message}`, {
      cause: err
    })
  }
  return parseScenario(data, `scenario file ${source}`)
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1'
  const speed = opts.speed ?? 1
  const log = opts.log ?? (() => {})
  const note = (m: string) => log(`note: ${m}`)
  const initialMode: ClockMode = opts.clock ?? 'real'

  let state = new SimulatorState(loadScenario(opts.scenario ?? 'demo'), {
    startMs: Date.now(),
    speed,
    mode: initialMode,
    note
  })
  let domain = host
  const faults = new FaultBook()
  const callers = new WeakMap<SimRequest, User | undefined>()

  const replaceState = (scenario: Scenario, keepTokens: boolean) => {
    state.clock.stop()
    const tokens = new Map(state.world.users.map((u) => [u.name, u.token]))
    state = new SimulatorState(scenario, {
      startMs: Date.now(),
      speed,
      mode: 'real',
      keepTokens: keepTokens ? tokens : undefined,
      note
    })
    return tokenMap(state)
  }

  const ctx = {
    state: () => state,
    domain: () => domain,
    caller: (req: SimRequest) => callers.get(req)
  }
  const provider = providerRoutes(ctx)
  const zone = onezoneRoutes(ctx)
  // Provider restart: set once the server exists (below).
  let restart: (
    downMs: number,
    autoResume: boolean
  ) => { closeConnections: () => void; up: Promise<void> } = () => {
    throw new Error('not listening yet')
  }
  const control = controlRoutes({
    state: () => state,
    faults,
    reset: () => replaceState(state.scenario, true),
    load: (scenario) => replaceState(scenario, false),
    restart: (opts) => restart(opts.downMs, opts.autoResume).closeConnections
  })

  const tls = opts.tls
    ? makeTlsMaterial([
        'localhost',
        '127.0.0.1',
        ...(host === '127.0.0.1' || host === 'localhost' ? [] : [host])
      ])
    : undefined

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now()
    let body: Buffer
    try {
      body = await readBody(req)
    } catch {
      res.writeHead(413).end()
      return
    }
    const url = new URL(req.url ?? '/', 'http://simulator')
    const sim: SimRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body
    }
    let reply: Reply
    if (sim.path === CONTROL_PREFIX || sim.path.startsWith(`${CONTROL_PREFIX}/`)) {
      reply = opts.control
        ? await dispatch(control, sim, sim.path.slice(CONTROL_PREFIX.length), controlService)
        : { status: 404 }
    } else {
      const fault = faults.take(sim.method, sim.path)
      if (fault?.kind === 'drop') {
        req.socket.destroy()
        log(`${sim.method} ${req.url} -> connection dropped (fault)`)
        return
      }
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs))
      reply = fault && fault.kind !== 'slow' ? faultReply(fault, state) : await onedata(sim)
    }
    send(res, reply)
    log(`${sim.method} ${req.url} -> ${reply.status} (${Date.now() - started} ms)`)
  }

  const controlService: ServiceContext = {
    service: 'opw',
    serviceId: 'simulator',
    serviceDomain: 'simulator'
  }

  const onedata = async (sim: SimRequest): Promise<Reply> => {
    state.clock.catchUp()
    const isZone = sim.path === ZONE_PREFIX || sim.path.startsWith(`${ZONE_PREFIX}/`)
    const isProvider = sim.path === PROVIDER_PREFIX || sim.path.startsWith(`${PROVIDER_PREFIX}/`)
    if (!isZone && !isProvider) return { status: 404 }
    const svc: ServiceContext = isZone
      ? { service: 'ozw', serviceId: 'onezone', serviceDomain: domain }
      : { service: 'opw', serviceId: state.world.provider.id, serviceDomain: domain }
    const rest = sim.path.slice((isZone ? ZONE_PREFIX : PROVIDER_PREFIX).length) || '/'
    return dispatch(isZone ? zone : provider, sim, rest, svc, (req) => {
      // Step 1 of spec §1.1: a present but bad token fails before anything else.
      const user = authenticate(req.headers, { users: state.world.users, revoked: state.revoked })
      // A user none of whose spaces this provider supports is refused here (userNotSupported).
      if (
        user &&
        isProvider &&
        ![...user.spacePrivileges.keys()].some((s) => state.space(s)?.supported)
      )
        throw errors.unauthorized(errors.userNotSupported().toJson())
      callers.set(req, user)
    })
  }

  const dispatch = async (
    routes: Route[],
    sim: SimRequest,
    path: string,
    svc: ServiceContext,
    authenticateFirst?: (req: SimRequest) => void
  ): Promise<Reply> => {
    const found = match(routes, sim.method, path)
    if (found === undefined) return { status: 404 }
    if (found === 'method') return { status: 405 }
    try {
      const isPublic = path === '/configuration'
      if (authenticateFirst && !isPublic) authenticateFirst(sim)
      return await found.handler(sim, found.params)
    } catch (err) {
      if (err instanceof ApiError)
        return { status: err.httpStatus, json: errorBody(err, svc, state.clock.now()) }
      log(`error: ${sim.method} ${sim.path}: ${(err as Error).stack ?? String(err)}`)
      return { status: 500, json: errorBody(errors.internalServerError(), svc, state.clock.now()) }
    }
  }

  // Whatever goes wrong with one request is answered and logged; the simulator keeps serving.
  const guarded = (req: IncomingMessage, res: ServerResponse) =>
    handle(req, res).catch((err: unknown) => {
      log(`error: ${req.method} ${req.url}: ${err instanceof Error ? err.stack : String(err)}`)
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    })
  const server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => void guarded(req, res))
    : createHttpServer((req, res) => void guarded(req, res))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host
  domain = `${urlHost}:${port}`

  let comingBack: NodeJS.Timeout | undefined
  restart = (downMs, autoResume) => {
    if (!server.listening) throw new Error('the provider is already restarting')
    state.clock.catchUp()
    state.engine.providerStopped()
    server.close() // new connections are refused from now on
    log(`provider restart: down for ${downMs} ms`)
    const up = new Promise<void>((resolve, reject) => {
      comingBack = setTimeout(() => {
        comingBack = undefined
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          state.clock.catchUp()
          state.engine.providerRestarted(autoResume)
          log('provider restart: up again')
          resolve()
        })
      }, downMs)
    })
    return { closeConnections: () => server.closeAllConnections(), up }
  }

  return {
    url: `${tls ? 'https' : 'http'}://${domain}`,
    get tokens() {
      return tokenMap(state)
    },
    caPath: tls?.caPath,
    caPem: tls?.caPem,
    get state() {
      return state
    },
    restart: async (opts = {}) => {
      const r = restart(opts.downMs ?? 0, opts.autoResume ?? true)
      r.closeConnections()
      await r.up
    },
    stop: async () => {
      state.clock.stop()
      if (comingBack) clearTimeout(comingBack)
      server.closeAllConnections()
      if (!server.listening) return
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

function tokenMap(state: SimulatorState): Record<string, string> {
  return Object.fromEntries(state.world.users.map((u) => [u.name, u.token]))
}
