// The control API (only with --control): moves the clock, loads scenarios, injects what no REST
// call can cause, holds executions at named points, changes provider settings, restarts the
// provider and arms faults. Never mixed with Onedata paths.
import { z } from 'zod'
import { HOLD_POINTS, STOP_REASONS } from '../engine/model'
import { errors } from '../errors'
import {
  holdShape,
  OPENFAAS_STATUSES,
  parseScenario,
  preparationFailureShape,
  retentionSchema,
  type Scenario
} from '../scenario'
import { BUILT_IN_SCENARIOS } from '../scenarios'
import type { SimulatorState } from '../state'
import type { FaultBook } from './faults'
import { parseBody } from './sanitize'
import { route, type Reply, type Route } from './types'

export interface ControlContext {
  state(): SimulatorState
  faults: FaultBook
  reset(): Record<string, string>
  load(scenario: Scenario): Record<string, string>
  /** Stops listening now; the returned step (run once the reply is sent) closes the connections.
   *  The listener opens again on the same port after `downMs` of real time. */
  restart(opts: { downMs: number; autoResume: boolean }): () => void
}

const injectSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('crash'), execution: z.string() }),
  z.object({
    type: z.literal('interrupt'),
    execution: z.string(),
    /** Resume automatically after this many simulated ms, as on a provider restart. */
    resumeAfterMs: z.number().int().nonnegative().optional()
  }),
  z.object({
    type: z.literal('failPreparation'),
    execution: z.string(),
    ...preparationFailureShape
  }),
  z.object({ type: z.literal('stop'), execution: z.string(), reason: z.enum(STOP_REASONS) }),
  z.object({
    type: z.literal('failItems'),
    execution: z.string(),
    task: z.string().optional(),
    items: z.array(z.number().int().nonnegative()),
    times: z.number().int().positive().optional()
  }),
  z.object({ type: z.literal('revokeToken'), user: z.string() })
])

const holdSchema = z.strictObject({ ...holdShape, execution: z.string().min(1).optional() })
const releaseSchema = z.strictObject({
  ...holdShape,
  point: z.enum(HOLD_POINTS).optional(),
  execution: z.string().min(1).optional()
})
const providerSchema = z.strictObject({
  openfaas: z.enum(OPENFAAS_STATUSES).optional(),
  retention: retentionSchema.partial().optional()
})
const restartSchema = z.strictObject({
  downMs: z.number().int().nonnegative().max(600_000).default(0),
  autoResume: z.boolean().default(true)
})

const ok = (json: unknown = { ok: true }): Reply => ({ status: 200, json })

function parse<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  throw errors.badData(issue.path.join('.') || 'body', issue.message)
}

export function controlRoutes(ctx: ControlContext): Route[] {
  const S = () => ctx.state()
  return [
    route('GET', '/state', () => {
      const s = S()
      return ok({
        now: s.clock.now(),
        clock: s.clock.getMode(),
        scenario: s.scenario.name,
        providerId: s.world.provider.id,
        users: s.world.users.map((u) => ({ name: u.name, id: u.id, token: u.token })),
        spaces: s.world.spaces.map((sp) => ({
          key: sp.key,
          id: sp.id,
          name: sp.name,
          supported: sp.supported
        })),
        inventories: s.world.inventories.map((i) => ({ key: i.key, id: i.id, name: i.name })),
        schemas: s.world.schemas.map((w) => ({
          key: w.key,
          id: w.id,
          name: w.name,
          revisions: [...w.revisions.keys()],
          stores: Object.fromEntries(
            [...w.revisions].map(([n, r]) => [n, r.stores.map((st) => st.id)])
          )
        })),
        executions: [...s.engine.executions.values()]
          .filter((e) => !e.discarded)
          .map((e) => ({ id: e.id, status: e.status, name: e.schema.name, spaceId: e.spaceId }))
      })
    }),

    route('POST', '/clock', (req) => {
      const { mode } = parse(z.object({ mode: z.enum(['real', 'virtual']) }), parseBody(req.body))
      S().clock.setMode(mode)
      return ok({ mode, now: S().clock.now() })
    }),

    route('POST', '/clock/advance', (req) => {
      const { ms } = parse(z.object({ ms: z.number().int().nonnegative() }), parseBody(req.body))
      if (S().clock.getMode() !== 'virtual')
        throw errors.badData('ms', 'switch the clock to virtual mode first')
      S().clock.advance(ms)
      return ok({ now: S().clock.now() })
    }),

    route('POST', '/scenario', (req) => {
      const body = parseBody(req.body)
      let scenario: Scenario
      if (typeof body.name === 'string') {
        const builtIn = BUILT_IN_SCENARIOS[body.name]
        if (!builtIn) throw errors.badData('name', `no built-in scenario "${body.name}"`)
        scenario = parseScenario(builtIn, body.name)
      } else {
        try {
          scenario = parseScenario(body.scenario ?? body)
        } catch (err) {
          throw errors.badData('scenario', (err as Error).message)
        }
      }
      return ok({ tokens: ctx.load(scenario) })
    }),

    route('POST', '/inject', (req) => {
      const inject = parse(injectSchema, parseBody(req.body))
      const s = S()
      if (inject.type === 'revokeToken') {
        const user = s.world.users.find((u) => u.name === inject.user || u.id === inject.user)
        if (!user) throw errors.notFound()
        s.revoked.add(user.token)
        return ok()
      }
      s.clock.catchUp()
      const e = s.engine.find(inject.execution)
      if (!e) throw errors.notFound()
      switch (inject.type) {
        case 'crash':
          s.engine.crash(e)
          break
        case 'interrupt':
          s.engine.interrupt(e, inject.resumeAfterMs)
          break
        case 'failPreparation':
          s.engine.failPreparation(e, { stage: inject.stage, lane: inject.lane, run: inject.run })
          break
        case 'stop':
          s.engine.stop(e, inject.reason)
          break
        case 'failItems':
          s.engine.failItems(e, { task: inject.task, items: inject.items, times: inject.times })
          break
      }
      return ok()
    }),

    route('POST', '/hold', (req) => {
      const rule = parse(holdSchema, parseBody(req.body))
      if (rule.execution !== undefined && !S().engine.find(rule.execution)) throw errors.notFound()
      S().engine.holds.add(rule)
      return ok({ hold: rule })
    }),
    route('POST', '/release', (req) => {
      const filter = parse(releaseSchema, parseBody(req.body))
      S().clock.catchUp()
      return ok({ released: S().engine.holds.release(filter) })
    }),
    route('GET', '/holds', () => ok(S().engine.holds.list())),

    route('GET', '/executions/{id}', (_req, p) => {
      S().clock.catchUp()
      const e = S().engine.find(p.id!)
      if (!e) throw errors.notFound()
      return ok(S().engine.view(e))
    }),

    route('POST', '/provider', (req) => {
      const change = parse(providerSchema, parseBody(req.body))
      const provider = S().world.provider
      if (change.openfaas) provider.openfaas = change.openfaas
      Object.assign(provider.retention, change.retention)
      return ok({ openfaas: provider.openfaas, retention: provider.retention })
    }),

    route('POST', '/restart', (req) => {
      const opts = parse(restartSchema, parseBody(req.body))
      const closeConnections = ctx.restart(opts)
      return {
        ...ok({ downMs: opts.downMs, autoResume: opts.autoResume }),
        afterSend: closeConnections
      }
    }),

    route('GET', '/faults', () => ok({ faults: ctx.faults.list() })),
    route('POST', '/faults', (req) => {
      const body = parseBody(req.body)
      try {
        return ok({ fault: ctx.faults.add(body) })
      } catch (err) {
        throw errors.badData('fault', (err as Error).message)
      }
    }),
    route('DELETE', '/faults', () => {
      ctx.faults.clear()
      return ok()
    }),

    route('POST', '/reset', () => {
      ctx.faults.clear()
      return ok({ tokens: ctx.reset() })
    })
  ]
}
