// The Onezone calls needed to pick a space, an inventory, a workflow schema and revision, and to
// find the provider serving a space (spec §3).
import {
  idListSchema,
  inventorySchema,
  privilegesSchema,
  tokenScopeSchema,
  workflowSchemaSchema,
  zoneProviderSchema,
  zoneSpaceSchema,
  zoneUserSchema,
  type Inventory,
  type WorkflowSchema,
  type ZoneProvider,
  type ZoneSpace,
  type ZoneUser
} from '../../shared/onezone'
import { OnedataError } from './errors'
import { Transport, type CallOptions, type TransportOptions } from './transport'

const id = (value: string) => encodeURIComponent(value)
const spacesList = idListSchema('spaces')
const inventoriesList = idListSchema('atm_inventories')
const schemasList = idListSchema('atm_workflow_schemas')

export class OnezoneClient {
  readonly transport: Transport

  constructor(opts: Omit<TransportOptions, 'prefix'>) {
    this.transport = new Transport({ ...opts, prefix: '/api/v3/onezone' })
  }

  getUser(o?: CallOptions): Promise<ZoneUser> {
    return this.transport.call(
      { name: 'Read user', method: 'GET', path: '/user' },
      zoneUserSchema,
      o
    )
  }

  async listSpaceIds(o?: CallOptions): Promise<string[]> {
    const r = await this.transport.call(
      { name: 'List user spaces', method: 'GET', path: '/user/effective_spaces' },
      spacesList,
      o
    )
    return r.spaces
  }

  getSpace(spaceId: string, o?: CallOptions): Promise<ZoneSpace> {
    return this.transport.call(
      { name: 'Read user space', method: 'GET', path: `/user/effective_spaces/${id(spaceId)}` },
      zoneSpaceSchema,
      o
    )
  }

  async getSpacePrivileges(spaceId: string, userId: string, o?: CallOptions): Promise<string[]> {
    const r = await this.transport.call(
      {
        name: 'Read space privileges',
        method: 'GET',
        path: `/spaces/${id(spaceId)}/effective_users/${id(userId)}/privileges`
      },
      privilegesSchema,
      o
    )
    return r.privileges
  }

  getProvider(providerId: string, o?: CallOptions): Promise<ZoneProvider> {
    return this.transport.call(
      { name: 'Read provider', method: 'GET', path: `/user/effective_providers/${id(providerId)}` },
      zoneProviderSchema,
      o
    )
  }

  async listInventoryIds(o?: CallOptions): Promise<string[]> {
    const r = await this.transport.call(
      { name: 'List inventories', method: 'GET', path: '/user/effective_atm_inventories' },
      inventoriesList,
      o
    )
    return r.atm_inventories
  }

  getInventory(inventoryId: string, o?: CallOptions): Promise<Inventory> {
    return this.transport.call(
      {
        name: 'Read inventory',
        method: 'GET',
        path: `/user/effective_atm_inventories/${id(inventoryId)}`
      },
      inventorySchema,
      o
    )
  }

  async listWorkflowSchemaIds(inventoryId: string, o?: CallOptions): Promise<string[]> {
    const r = await this.transport.call(
      {
        name: 'List workflow schemas',
        method: 'GET',
        path: `/atm_inventories/${id(inventoryId)}/atm_workflow_schemas`
      },
      schemasList,
      o
    )
    return r.atm_workflow_schemas
  }

  getWorkflowSchema(schemaId: string, o?: CallOptions): Promise<WorkflowSchema> {
    return this.transport.call(
      {
        name: 'Read workflow schema',
        method: 'GET',
        path: `/atm_workflow_schemas/${id(schemaId)}`
      },
      workflowSchemaSchema,
      o
    )
  }

  inferTokenScope(token: string, o?: CallOptions) {
    return this.transport.call(
      {
        name: 'Infer token scope',
        method: 'POST',
        path: '/tokens/infer_access_token_scope',
        body: { token }
      },
      tokenScopeSchema,
      o
    )
  }

  /** The online provider serving a space, as an https URL (spec §3.2). */
  async findProviderOfSpace(
    spaceId: string,
    o?: CallOptions
  ): Promise<{ provider: ZoneProvider; url: string }> {
    const space = await this.getSpace(spaceId, o)
    const providers = await Promise.all(
      Object.keys(space.providers).map((pid) => this.getProvider(pid, o))
    )
    const online = providers.find((p) => p.online)
    if (!online)
      throw new OnedataError({
        id: 'space.noProvider',
        kind: 'response',
        description: `No online provider supports the space "${space.name}".`
      })
    const scheme = this.transport.origin.protocol
    return { provider: online, url: `${scheme}//${online.domain}` }
  }

  close(): Promise<void> {
    return this.transport.close()
  }
}
