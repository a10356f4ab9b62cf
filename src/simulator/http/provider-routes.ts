// Oneprovider REST routes (spec §2 #1–#11, plus /spaces and /configuration), each following the
// request processing order of spec §1.1: bad token (already checked) → content type → data
// sanitising → guest / entity lookup → authorisation → validation → operation.
import { LOG_LEVELS, PHASES, workflowPhase, type Phase } from '../../shared/statuses'
import { auditEntryJson } from '../engine/audit'
import type { Execution } from '../engine/model'
import type { User } from '../engine/world'
import { errors } from '../errors'
import type { SimulatorState } from '../state'
import { requireUser } from './auth'
import { requestData, sanitize, type DataSpec } from './sanitize'
import { route, type Reply, type Route, type SimRequest } from './types'

export interface ProviderContext {
  state(): SimulatorState
  /** host:port the simulator answers on */
  domain(): string
  caller(req: SimRequest): User | undefined
}

const PROVIDER_VERSION = '25.0'

const SCHEDULE_SPEC: DataSpec = {
  required: {
    atmWorkflowSchemaId: { type: 'string', nonEmpty: true },
    atmWorkflowSchemaRevisionNumber: { type: 'integer', min: 1 },
    spaceId: { type: 'string', nonEmpty: true }
  },
  optional: {
    callback: { type: 'url' },
    logLevel: { type: 'enum', allowed: LOG_LEVELS },
    storeInitialContentOverlay: { type: 'object' }
  }
}

const REPEAT_SPEC: DataSpec = {
  required: {
    laneIndex: { type: 'integer', min: 1 },
    laneRunNumber: { type: 'integer', min: 1 }
  }
}

const LIST_SPEC: DataSpec = {
  optional: {
    index: { type: 'string' },
    limit: { type: 'integer', min: 1, max: 1000 },
    offset: { type: 'integer' },
    phase: { type: 'enum', allowed: PHASES },
    token: { type: 'string', nonEmpty: true }
  }
}

const noContent: Reply = { status: 204 }

/** Routes that declare `consumes: application/json` refuse other content types with 415. */
function requireJson(req: SimRequest): Reply | undefined {
  const type = req.headers['content-type']
  if (type && !/^application\/json\b/i.test(type)) return { status: 415 }
  return undefined
}

export function providerRoutes(ctx: ProviderContext): Route[] {
  const S = () => ctx.state()

  /** Steps 3–4 for an execution: guest → 401, unknown → 404, no right → 403. */
  const execution = (req: SimRequest, id: string, need: 'view' | 'control'): [User, Execution] => {
    const user = requireUser(ctx.caller(req))
    const e = S().engine.find(id)
    if (!e) throw errors.notFound()
    const allowed = need === 'view' ? S().canView(user, e) : S().canControl(user, e)
    if (!allowed) throw errors.forbidden()
    return [user, e]
  }

  const lifecycle =
    (action: (e: Execution) => void) => (req: SimRequest, p: Record<string, string>) => {
      requestData(req.body, req.query) // a body that is not a JSON object is refused even here
      const [, e] = execution(req, p.wid!, 'control')
      action(e)
      return noContent
    }

  const repeat = (type: 'retry' | 'rerun') => (req: SimRequest, p: Record<string, string>) => {
    const refused = requireJson(req)
    if (refused) return refused
    const data = sanitize(requestData(req.body, req.query), REPEAT_SPEC)
    const [, e] = execution(req, p.wid!, 'control')
    S().engine.repeat(e, type, data.laneIndex as number, data.laneRunNumber as number)
    return noContent
  }

  return [
    route('GET', '/configuration', () => {
      const { provider } = S().world
      return {
        status: 200,
        json: {
          providerId: provider.id,
          name: provider.name,
          domain: ctx.domain(),
          onezoneDomain: ctx.domain(),
          version: PROVIDER_VERSION,
          build: '231-g8d26f953c3',
          rtransferPort: 6665,
          compatibilityRegistryRevision: 2025061600,
          compatibleOnezoneVersions: [PROVIDER_VERSION],
          compatibleOneproviderVersions: [PROVIDER_VERSION],
          compatibleOneclientVersions: [PROVIDER_VERSION]
        }
      }
    }),

    route('GET', '/spaces', (req) => {
      const user = requireUser(ctx.caller(req))
      const spaces = S().world.spaces.filter((s) => S().isMember(user, s.id))
      return {
        status: 200,
        json: spaces.map((s) => ({ spaceId: s.id, fileId: s.dirId, name: s.name }))
      }
    }),

    route('GET', '/spaces/{sid}', (req, p) => {
      const user = requireUser(ctx.caller(req))
      const space = S().space(p.sid!)
      if (!space || !S().isMember(user, space.id)) throw errors.forbidden()
      const { provider } = S().world
      if (!space.supported) throw errors.spaceNotSupportedBy(space.id, provider.id)
      return {
        status: 200,
        json: {
          name: space.name,
          spaceId: space.id,
          fileId: space.dirId,
          dirId: space.dirId,
          trashDirId: space.trashDirId,
          archivesDirId: space.archivesDirId,
          providers: [{ providerId: provider.id, providerName: provider.name }]
        }
      }
    }),

    route('GET', '/spaces/{sid}/automation/execution/workflows', (req, p) => {
      const data = sanitize(Object.fromEntries(req.query), LIST_SPEC)
      const user = requireUser(ctx.caller(req))
      // A space that does not exist and one the user is not in look the same: 403.
      if (!S().hasPrivilege(user, p.sid!, 'view')) throw errors.forbidden()
      const space = S().space(p.sid!)!
      if (!space.supported) throw errors.spaceNotSupportedBy(space.id, S().world.provider.id)
      return {
        status: 200,
        json: listPage(S(), space.id, data)
      }
    }),

    route('POST', '/automation/execution/workflows', (req) => {
      const refused = requireJson(req)
      if (refused) return refused
      const data = sanitize(requestData(req.body, req.query), SCHEDULE_SPEC)
      const user = requireUser(ctx.caller(req))
      const e = S().schedule(user, data as unknown as Parameters<SimulatorState['schedule']>[1])
      return {
        status: 201,
        headers: {
          location: `https://${ctx.domain()}/api/v3/oneprovider/automation/execution/workflows/${e.id}`
        },
        json: { atmWorkflowExecutionId: e.id }
      }
    }),

    route('GET', '/automation/execution/workflows/{wid}', (req, p) => {
      const [, e] = execution(req, p.wid!, 'view')
      return { status: 200, json: S().engine.details(e) }
    }),

    route('DELETE', '/automation/execution/workflows/{wid}', (req, p) => {
      const [, e] = execution(req, p.wid!, 'control')
      S().engine.discard(e)
      return noContent
    }),

    route(
      'POST',
      '/automation/execution/workflows/{wid}/pause',
      lifecycle((e) => S().engine.pause(e))
    ),
    route(
      'POST',
      '/automation/execution/workflows/{wid}/resume',
      lifecycle((e) => S().engine.resume(e))
    ),
    route(
      'POST',
      '/automation/execution/workflows/{wid}/cancel',
      lifecycle((e) => S().engine.cancel(e))
    ),
    route(
      'POST',
      '/automation/execution/workflows/{wid}/force_continue',
      lifecycle((e) => S().engine.forceContinue(e))
    ),
    route('POST', '/automation/execution/workflows/{wid}/retry', repeat('retry')),
    route('POST', '/automation/execution/workflows/{wid}/rerun', repeat('rerun')),

    route('GET', '/automation/execution/stores/{sid}/dump', (req, p) => {
      const user = requireUser(ctx.caller(req))
      const store = S().engine.findStore(p.sid!)
      if (!store) throw errors.notFound()
      const e = S().engine.find(store.executionId)!
      if (!S().canView(user, e)) throw errors.forbidden()
      if (store.type !== 'auditLog') throw errors.notSupported()
      // Streamed as a JSON array, oldest entry first, one pretty-printed entry per chunk.
      const chunks = store.entries.map((entry, i) =>
        JSON.stringify(auditEntryJson(entry, i), null, 2)
      )
      const stamp = new Date(S().clock.now())
        .toISOString()
        .slice(0, 19)
        .replace('T', '_')
        .replace(/:/g, '-')
      const storeName = store.name.replace(/[^A-Za-z0-9]/g, '-')
      return {
        status: 200,
        raw: `[${chunks.join('\r\n,')}]`,
        headers: {
          'content-type': 'application/json',
          'content-disposition': `attachment; filename="${e.id.slice(0, 12)}.audit_log.${storeName}.${stamp}.json"`
        }
      }
    })
  ]
}

/** Internal list index: newest first by the phase's timestamp (spec §2.2). */
function listIndex(e: Execution, phase: Phase): string {
  const t = {
    waiting: e.scheduleTime,
    ongoing: e.startTime,
    suspended: e.suspendTime,
    ended: e.finishTime
  }[phase]
  return `${String(9999999999 - t).padStart(10, '0')}${e.id}`
}

function listPage(state: SimulatorState, spaceId: string, data: Record<string, unknown>) {
  const phase = (data.phase as Phase | undefined) ?? 'ongoing'
  const limit = (data.limit as number | undefined) ?? 1000
  let offset = (data.offset as number | undefined) ?? 0
  let startIndex = data.index as string | undefined
  if (data.token !== undefined) {
    const token = data.token as string
    // A token with characters outside base64url crashes the real decoder: 500.
    if (!/^[A-Za-z0-9_-]+$/.test(token)) throw errors.internalServerError()
    startIndex = Buffer.from(token, 'base64url').toString('utf8')
    offset += 1
  }
  const entries = [...state.engine.executions.values()]
    .filter((e) => !e.discarded && e.spaceId === spaceId && workflowPhase(e.status) === phase)
    .map((e) => ({ id: e.id, index: listIndex(e, phase) }))
    .sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0))
  let start = 0
  if (startIndex !== undefined) {
    const from = startIndex
    start = entries.findIndex((x) => x.index >= from)
    if (start === -1) start = entries.length
  }
  start = Math.max(0, start + offset)
  const page = entries.slice(start, start + limit)
  const isLast = page.length < limit
  return {
    atmWorkflowExecutions: page.map((x) => x.id),
    nextPageToken: isLast ? null : Buffer.from(page[page.length - 1]!.index).toString('base64url'),
    isLast
  }
}
