// Drives a simulator over HTTP(S) only, with the virtual clock, for conformance tests.
import { Agent } from 'undici'
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions
} from '../../src/simulator/server'
import type { AuditLogEntry, ExecutionDetails } from '../../src/shared/execution'

export const P = '/api/v3/oneprovider'
export const Z = '/api/v3/onezone'

export interface HttpResult<T = unknown> {
  status: number
  body: T
  text: string
  headers: Headers
}

export interface ErrorBody {
  error: {
    id: string
    description: string
    details?: Record<string, unknown>
    ctx?: Record<string, unknown>
  }
}

export interface SimState {
  now: number
  providerId: string
  users: { name: string; id: string; token: string }[]
  spaces: { key: string; id: string; name: string; supported: boolean }[]
  schemas: { key: string; id: string; revisions: number[]; stores: Record<string, string[]> }[]
}

/** A task execution as the control API shows it (op-worker keeps it in the task record). */
export interface TaskView {
  name: string
  id: string
  status: string
  stoppingReason: string | null
  itemsInProcessing: number
  itemsProcessed: number
  itemsFailed: number
}

export interface RunView {
  runNumber: number | null
  status: string
  stoppingReason: string | null
  boxes: { name: string; tasks: TaskView[] }[]
}

/** `GET /__simulator/executions/{id}`: what REST does not show (tasks, stopping reasons). */
export interface ExecutionView {
  id: string
  status: string
  currentLane: number
  currentRun: number
  lanes: { index: number; retriesLeft: number; runs: RunView[] }[]
}

export interface HeldView {
  execution: string
  point: string
  lane: number
  run: number | null
  since: number
}

export class SimDriver {
  private dispatcher?: Agent

  constructor(
    readonly sim: RunningSimulator,
    ca?: string
  ) {
    if (ca) this.dispatcher = new Agent({ connect: { ca } })
  }

  static async start(opts: SimulatorOptions = {}): Promise<SimDriver> {
    const sim = await startSimulator({
      scenario: 'conformance',
      clock: 'virtual',
      control: true,
      ...opts
    })
    const driver = new SimDriver(sim, sim.caPem)
    await driver.refresh()
    return driver
  }

  state!: SimState

  async refresh(): Promise<SimState> {
    this.state = (await this.request('GET', '/__simulator/state')).body as SimState
    return this.state
  }

  token(user: string): string {
    const u = this.state.users.find((x) => x.name === user)
    if (!u) throw new Error(`no user ${user}`)
    return u.token
  }
  userId(user: string): string {
    return this.state.users.find((x) => x.name === user)!.id
  }
  space(key: string): string {
    return this.state.spaces.find((s) => s.key === key)!.id
  }
  schema(key: string): string {
    return this.state.schemas.find((s) => s.key === key)!.id
  }

  async request<T = unknown>(
    method: string,
    path: string,
    opts: {
      token?: string
      body?: unknown
      rawBody?: string
      headers?: Record<string, string>
    } = {}
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...opts.headers }
    if (opts.token) headers['x-auth-token'] = opts.token
    let body: string | undefined = opts.rawBody
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body)
      headers['content-type'] ??= 'application/json'
    }
    const res = await fetch(`${this.sim.url}${path}`, {
      method,
      headers,
      body,
      // @ts-expect-error undici's fetch accepts a dispatcher
      dispatcher: this.dispatcher
    })
    const text = await res.text()
    let parsed: unknown
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = text
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers }
  }

  /** A request as `user` (default admin) to a Oneprovider path. */
  op<T = unknown>(
    method: string,
    path: string,
    opts: { user?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}
  ) {
    return this.request<T>(method, `${P}${path}`, {
      ...opts,
      token: this.token(opts.user ?? 'admin')
    })
  }

  async advance(ms: number): Promise<void> {
    const r = await this.request('POST', '/__simulator/clock/advance', { body: { ms } })
    if (r.status !== 200) throw new Error(`advance failed: ${r.text}`)
  }

  async inject(body: Record<string, unknown>): Promise<void> {
    const r = await this.request('POST', '/__simulator/inject', { body })
    if (r.status !== 200) throw new Error(`inject failed: ${r.text}`)
  }

  /** A control request that must succeed; resolves with its JSON body. */
  async control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.request<T>(method, `/__simulator${path}`, { body })
    if (r.status !== 200) throw new Error(`${method} ${path} failed: ${r.status} ${r.text}`)
    return r.body
  }

  hold(rule: { point: string; execution?: string; lane?: number; run?: number | null }) {
    return this.control('POST', '/hold', rule)
  }

  release(filter: Record<string, unknown> = {}) {
    return this.control<{ released: number }>('POST', '/release', filter)
  }

  async held(): Promise<HeldView[]> {
    return (await this.control<{ held: HeldView[] }>('GET', '/holds')).held
  }

  view(id: string): Promise<ExecutionView> {
    return this.control<ExecutionView>('GET', `/executions/${id}`)
  }

  /** The execution's workflow audit log, oldest entry first. */
  async auditLog(id: string): Promise<AuditLogEntry[]> {
    const d = await this.details(id)
    const r = await this.op<AuditLogEntry[]>(
      'GET',
      `/automation/execution/stores/${d.systemAuditLogStoreId}/dump`
    )
    if (r.status !== 200) throw new Error(`dump failed: ${r.status} ${r.text}`)
    return r.body
  }

  /** The store schema ids of a schema revision, by the store's key or position. */
  storeId(schemaKey: string, index: number, revision = 1): string {
    const s = this.state.schemas.find((x) => x.key === schemaKey)!
    return s.stores[String(revision)]![index]!
  }

  scheduleRequest(
    schemaKey: string,
    opts: {
      user?: string
      revision?: number
      space?: string
      logLevel?: string
      overlay?: Record<string, unknown>
    } = {}
  ) {
    return this.op<{ atmWorkflowExecutionId: string }>('POST', '/automation/execution/workflows', {
      user: opts.user,
      body: {
        spaceId: this.space(opts.space ?? 'lab'),
        atmWorkflowSchemaId: this.schema(schemaKey),
        atmWorkflowSchemaRevisionNumber: opts.revision ?? 1,
        ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
        ...(opts.overlay ? { storeInitialContentOverlay: opts.overlay } : {})
      }
    })
  }

  async schedule(
    schemaKey: string,
    opts: {
      user?: string
      revision?: number
      space?: string
      logLevel?: string
      overlay?: Record<string, unknown>
    } = {}
  ): Promise<string> {
    const r = await this.scheduleRequest(schemaKey, opts)
    if (r.status !== 201) throw new Error(`schedule failed: ${r.status} ${r.text}`)
    return r.body.atmWorkflowExecutionId
  }

  async details(id: string, user = 'admin'): Promise<ExecutionDetails> {
    const r = await this.op<ExecutionDetails>('GET', `/automation/execution/workflows/${id}`, {
      user
    })
    if (r.status !== 200) throw new Error(`details failed: ${r.status} ${r.text}`)
    return r.body
  }

  /** Advances the virtual clock in small steps until `done` holds (or fails after `maxMs`). */
  async advanceUntil(
    id: string,
    done: (d: ExecutionDetails) => boolean,
    { stepMs = 50, maxMs = 120_000 } = {}
  ): Promise<ExecutionDetails> {
    for (let t = 0; t <= maxMs; t += stepMs) {
      const d = await this.details(id)
      if (done(d)) return d
      await this.advance(stepMs)
    }
    throw new Error(`condition not reached for ${id} within ${maxMs} simulated ms`)
  }

  untilStatus(id: string, ...statuses: string[]) {
    return this.advanceUntil(id, (d) => statuses.includes(d.status))
  }

  action(id: string, action: string, opts: { user?: string; body?: unknown } = {}) {
    return this.op<ErrorBody>('POST', `/automation/execution/workflows/${id}/${action}`, opts)
  }

  async stop(): Promise<void> {
    await this.sim.stop()
    await this.dispatcher?.close()
  }
}

/** Entries' descriptions, optionally only those starting with a prefix. */
export function texts(log: AuditLogEntry[], prefix = ''): string[] {
  return log.map((e) => e.content.description ?? '').filter((t) => t.startsWith(prefix))
}

/** The run with a given number in a lane (1-based lane index). */
export function run(d: ExecutionDetails, lane: number, runNumber: number | null) {
  const r = d.lanes[lane - 1]?.runs.find((x) => x.runNumber === runNumber)
  if (!r) throw new Error(`no run ${runNumber} in lane ${lane}`)
  return r
}
