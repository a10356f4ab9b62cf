// The control API (only with --control): moves the clock, loads scenarios, injects what no REST
// call can cause, and arms faults. Never mixed with Onedata paths.
import { z } from 'zod'
import { errors } from '../errors'
import { parseScenario, type Scenario } from '../scenario'
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
}

const injectSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('crash'), execution: z.string() }),
  z.object({
    type: z.literal('interrupt'),
    execution: z.string(),
    /** Resume automatically after this many simulated ms, as on a provider restart. */
    resumeAfterMs: z.number().int().nonnegative().optional()
  }),
  z.object({ type: z.literal('failPreparation'), execution: z.string() }),
  z.object({
    type: z.literal('failItems'),
    execution: z.string(),
    task: z.string().optional(),
    items: z.array(z.number().int().nonnegative()),
    times: z.number().int().positive().optional()
  }),
  z.object({ type: z.literal('revokeToken'), user: z.string() })
])

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
          s.apply(e, { at: 0, do: 'crash' })
          break
        case 'interrupt':
          s.engine.interrupt(e, inject.resumeAfterMs)
          break
        case 'failPreparation':
          s.apply(e, { at: 0, do: 'failPreparation' })
          break
        case 'failItems':
          s.apply(e, {
            at: 0,
            do: 'failItems',
            task: inject.task,
            items: inject.items,
            times: inject.times
          })
          break
      }
      return ok()
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
