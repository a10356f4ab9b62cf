// The Onezone client against the simulator: a user's spaces, privileges, inventories, schemas and
// the provider that supports a space.
import { describe, expect, it } from 'vitest'
import { OnezoneClient } from '../../../src/core/onedata'
import { caught, clientTestbed } from '../../helpers/client-testbed'

const bed = clientTestbed()

describe('Onezone client against the simulator', () => {
  it('picks a space, its provider, privileges, an inventory, a schema and its revisions', async () => {
    const z = new OnezoneClient({ url: bed.sim.sim.url, token: bed.sim.token('operator') })
    bed.clients.push(z)
    const user = await z.getUser()
    expect(user.userId).toBe(bed.sim.userId('operator'))
    const [spaceId] = await z.listSpaceIds()
    expect(spaceId).toBe(bed.sim.space('lab'))
    expect((await z.getSpace(spaceId!)).name).toBe('Lab')
    const privileges = await z.getSpacePrivileges(spaceId!, user.userId)
    expect(privileges).toContain('space_schedule_atm_workflow_executions')
    const { provider, url } = await z.findProviderOfSpace(spaceId!)
    expect(provider.providerId).toBe(bed.sim.state.providerId)
    expect(url).toBe(bed.sim.sim.url)
    const [inventoryId] = await z.listInventoryIds()
    expect((await z.getInventory(inventoryId!)).name).toBe('Main inventory')
    const schemaIds = await z.listWorkflowSchemaIds(inventoryId!)
    const schema = await z.getWorkflowSchema(bed.sim.schema('story'))
    expect(schemaIds).toContain(schema.atmWorkflowSchemaId)
    expect(schema.revisionRegistry['1']!.lanes.map((l) => l.name)).toEqual([
      'Collect',
      'Checksum',
      'Publish'
    ])
    const scope = await z.inferTokenScope(bed.sim.token('operator'))
    expect(Object.keys(scope.dataAccessScope.spaces)).toEqual([spaceId])
    const other = await z.getSpace(bed.sim.space('lab'))
    expect(Object.keys(other.providers)).toEqual([bed.sim.state.providerId])
  })

  it('says when no online provider supports a space', async () => {
    const z = new OnezoneClient({ url: bed.sim.sim.url, token: bed.sim.token('admin') })
    bed.clients.push(z)
    const e = await caught(z.findProviderOfSpace(bed.sim.space('remote')))
    expect(e).toMatchObject({ id: 'space.noProvider' })
    expect(e.userMessage()).toBe('No online provider supports the space "Remote".')
  })
})
