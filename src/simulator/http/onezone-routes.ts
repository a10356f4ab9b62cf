// The Onezone subset of spec §3 a client needs: who am I, my spaces and where they are supported,
// my automation privileges, inventories, workflow schemas with their revisions.
import { FILE_ITEMS, type RevisionDef, type User } from '../engine/world'
import { errors } from '../errors'
import type { SimulatorState } from '../state'
import { requireUser } from './auth'
import { parseBody } from './sanitize'
import { route, type Route, type SimRequest } from './types'

export interface OnezoneContext {
  state(): SimulatorState
  domain(): string
  caller(req: SimRequest): User | undefined
}

// Privileges every space member holds besides the automation ones the scenario grants.
const BASIC_SPACE_PRIVILEGES = ['space_view', 'space_read_data']

export function onezoneRoutes(ctx: OnezoneContext): Route[] {
  const S = () => ctx.state()
  const me = (req: SimRequest) => requireUser(ctx.caller(req))

  const memberSpace = (user: User, sid: string) => {
    const space = S().space(sid)
    if (!space) throw errors.notFound()
    if (!S().isMember(user, sid)) throw errors.forbidden()
    return space
  }

  const providersOf = (supported: boolean) => {
    const { provider } = S().world
    return supported ? provider.id : provider.otherProviderId
  }

  const spaceDetails = (req: SimRequest, p: Record<string, string>) => {
    const user = me(req)
    const space = memberSpace(user, p.sid!)
    return {
      status: 200,
      json: {
        spaceId: space.id,
        name: space.name,
        description: '',
        organizationName: '',
        tags: [],
        advertisedInMarketplace: false,
        marketplaceContactEmail: '',
        providers: { [providersOf(space.supported)]: 1024 ** 4 },
        supportParametersRegistry: {},
        creator: { type: 'user', id: S().world.users[0]!.id },
        creationTime: S().world.inventories[0]?.creationTime ?? 0
      }
    }
  }

  const userSpaces = (req: SimRequest) => {
    const user = me(req)
    return { status: 200, json: { spaces: [...user.spacePrivileges.keys()] } }
  }

  const inventories = (req: SimRequest) => {
    const user = me(req)
    return { status: 200, json: { atm_inventories: [...user.inventoryIds] } }
  }

  const inventoryOf = (user: User, id: string) => {
    const inv = S().world.inventories.find((i) => i.id === id)
    if (!inv) throw errors.notFound()
    if (!user.inventoryIds.has(id)) throw errors.forbidden()
    return inv
  }

  return [
    route('GET', '/user', (req) => {
      const user = me(req)
      return {
        status: 200,
        json: {
          userId: user.id,
          fullName: user.fullName,
          username: user.name,
          emails: [],
          linkedAccounts: [],
          basicAuthEnabled: false,
          blocked: false,
          creationTime: S().world.inventories[0]?.creationTime ?? 0,
          name: user.fullName,
          login: user.name
        }
      }
    }),
    route('GET', '/user/spaces', userSpaces),
    route('GET', '/user/effective_spaces', userSpaces),
    route('GET', '/user/spaces/{sid}', spaceDetails),
    route('GET', '/user/effective_spaces/{sid}', spaceDetails),

    route('GET', '/spaces/{sid}/effective_users/{uid}/privileges', (req, p) => {
      const user = me(req)
      // Only one's own privileges may be read without extra privileges.
      if (p.uid !== user.id) throw errors.forbidden()
      memberSpace(user, p.sid!)
      const held = [...(user.spacePrivileges.get(p.sid!) ?? [])]
      return { status: 200, json: { privileges: [...BASIC_SPACE_PRIVILEGES, ...held].sort() } }
    }),

    route('GET', '/user/effective_providers/{pid}', (req, p) => {
      const user = me(req)
      const { provider } = S().world
      const mine = [...user.spacePrivileges.keys()].map((sid) => S().space(sid)!)
      const own = p.pid === provider.id && mine.some((s) => s.supported)
      const other = p.pid === provider.otherProviderId && mine.some((s) => !s.supported)
      if (!own && !other) throw errors.notFound()
      return {
        status: 200,
        json: {
          providerId: p.pid,
          name: own ? provider.name : 'Other provider',
          domain: own ? ctx.domain() : 'other-provider.invalid',
          latitude: 50.06,
          longitude: 19.94,
          clusterId: p.pid,
          online: own,
          creationTime: S().world.inventories[0]?.creationTime ?? 0
        }
      }
    }),

    route('GET', '/user/atm_inventories', inventories),
    route('GET', '/user/effective_atm_inventories', inventories),
    route('GET', '/user/effective_atm_inventories/{id}', (req, p) => {
      const inv = inventoryOf(me(req), p.id!)
      return {
        status: 200,
        json: {
          atmInventoryId: inv.id,
          name: inv.name,
          creator: { type: 'user', id: S().world.users[0]!.id },
          creationTime: inv.creationTime
        }
      }
    }),
    route('GET', '/atm_inventories/{id}/atm_workflow_schemas', (req, p) => {
      const inv = inventoryOf(me(req), p.id!)
      const ids = S()
        .world.schemas.filter((s) => s.inventoryId === inv.id)
        .map((s) => s.id)
      return { status: 200, json: { atm_workflow_schemas: ids } }
    }),
    route('GET', '/atm_workflow_schemas/{id}', (req, p) => {
      const user = me(req)
      const schema = S().world.schemas.find((s) => s.id === p.id)
      if (!schema) throw errors.notFound()
      if (!user.inventoryIds.has(schema.inventoryId)) throw errors.forbidden()
      const revisionRegistry = Object.fromEntries(
        [...schema.revisions].map(([n, rev]) => [String(n), revisionJson(rev)])
      )
      const lambdas = [...schema.revisions.values()].flatMap((r) =>
        r.lanes.flatMap((l) => l.boxes.flatMap((b) => b.tasks.map((t) => t.lambdaId)))
      )
      return {
        status: 200,
        json: {
          atmWorkflowSchemaId: schema.id,
          name: schema.name,
          summary: schema.summary,
          revisionRegistry,
          originalAtmWorkflowSchemaId: null,
          atmInventoryId: schema.inventoryId,
          atmLambdas: [...new Set(lambdas)],
          creator: { type: 'user', id: S().world.users[0]!.id },
          creationTime: schema.creationTime
        }
      }
    }),

    route('POST', '/tokens/infer_access_token_scope', (req) => {
      const body = parseBody(req.body)
      if (typeof body.token !== 'string' || !body.token) throw errors.missingRequiredValue('token')
      const user = S().world.users.find((u) => u.token === body.token)
      if (!user || S().revoked.has(body.token)) throw errors.tokenInvalid()
      const { provider } = S().world
      const spaces = Object.fromEntries(
        [...user.spacePrivileges.keys()].map((sid) => {
          const space = S().space(sid)!
          return [
            sid,
            { name: space.name, supports: { [providersOf(space.supported)]: { readonly: false } } }
          ]
        })
      )
      return {
        status: 200,
        json: {
          validUntil: null,
          dataAccessScope: {
            readonly: false,
            spaces,
            providers: {
              [provider.id]: {
                name: provider.name,
                domain: ctx.domain(),
                version: '25.0',
                online: true
              }
            }
          }
        }
      }
    })
  ]
}

/** A revision as Onezone's `revisionRegistry` holds it (spec §3.3). */
function revisionJson(rev: RevisionDef) {
  return {
    description: rev.description,
    state: rev.state,
    stores: rev.stores.map((s) => ({
      id: s.id,
      name: s.name,
      description: '',
      type: s.type,
      config: {
        itemDataSpec:
          s.itemDataSpec === FILE_ITEMS ? { ...FILE_ITEMS, attributes: null } : s.itemDataSpec
      },
      requiresInitialContent: s.requiresInitialContent,
      defaultInitialContent: s.defaultInitialContent ?? null
    })),
    lanes: rev.lanes.map((l) => ({
      id: l.id,
      name: l.name,
      parallelBoxes: l.boxes.map((b) => ({
        id: b.id,
        name: b.name,
        tasks: b.tasks.map((t) => ({
          id: t.id,
          name: t.name,
          lambdaId: t.lambdaId,
          lambdaRevisionNumber: 1,
          lambdaConfig: {},
          argumentMappings: [],
          resultMappings: [],
          resourceSpecOverride: null,
          timeSeriesStoreConfig: null
        }))
      })),
      storeIteratorSpec: { storeSchemaId: l.storeSchemaId, maxBatchSize: 100 },
      maxRetries: l.maxRetries,
      instantFailureExceptionThreshold: l.instantFailureExceptionThreshold,
      dashboardSpec: null
    })),
    dashboardSpec: null
  }
}
