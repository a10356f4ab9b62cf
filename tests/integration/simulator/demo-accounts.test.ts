// The demo providers as the app gets them from the service: two accounts (`demo`, `demo-2`),
// each its own simulator with its own spaces and users, kept in memory only, and each knowing its
// Onezone, so names of lanes, boxes and tasks, space privileges and scheduling work through the
// Onezone client as with a real deployment.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryVault } from '../../../src/core/accounts/vault'
import { OneproviderClient, OnezoneClient } from '../../../src/core/onedata'
import { dispatch } from '../../../src/core/ipc'
import { createService, type Service } from '../../../src/core/service'
import type { Account } from '../../../src/shared/accounts'
import { SPACE_PRIVILEGES } from '../../../src/shared/privileges'
import { workflowPhase } from '../../../src/shared/statuses'
import { startDemoProvider } from '../../../src/simulator/demo-provider'

let service: Service
let dataDir: string
let demo: Account
let demo2: Account

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-demos-'))
  service = createService({ dataDir, vault: new MemoryVault(), startDemo: startDemoProvider })
  demo = await service.handlers['demo.start']({})
  demo2 = await service.handlers['demo.start']({ which: 'demo-2' })
}, 60_000)
afterAll(() => service?.close())

/** Clients with the demo account's own credentials (the token never leaves core). */
async function clientsOf(accountId: string) {
  const { account, token } = await service.accounts.credentials(accountId)
  return {
    zone: new OnezoneClient({ url: account.onezoneUrl!, token }),
    provider: new OneproviderClient({ url: account.providerUrl, token })
  }
}

describe('two demo providers', () => {
  it('are two in-memory accounts on two simulators, each with its own spaces', async () => {
    expect(demo).toMatchObject({ id: 'demo', label: 'Demo provider', demo: true })
    expect(demo2).toMatchObject({ id: 'demo-2', label: 'Demo provider 2', demo: true })
    expect(demo2.providerUrl).not.toBe(demo.providerUrl)
    const names = async (accountId: string) =>
      (await service.handlers['spaces.list']({ accountId })).map((s) => s.name)
    expect(await names('demo')).toEqual([
      'Imaging lab',
      'Genomics',
      'Data ingest',
      'Archive (other provider)'
    ])
    expect(await names('demo-2')).toEqual(['Climate models', 'Microscopy', 'Sky survey'])
    expect((await service.handlers['accounts.list']({})).map((a) => a.id).sort()).toEqual([
      'demo',
      'demo-2'
    ])
    expect(await service.handlers['demo.start']({ which: 'demo-2' })).toEqual(demo2)
    // Never written anywhere: no settings file, no token in the vault.
    expect(readdirSync(dataDir).filter((f) => f.startsWith('settings'))).toEqual([])
  })

  it('are the only ones a window may ask for', async () => {
    for (const which of ['demo-3', '__proto__', 'conformance'])
      expect(await dispatch(service.handlers, 'demo.start', { which })).toMatchObject({
        ok: false,
        error: { id: 'ipc.badRequest' }
      })
  })

  it('know their Onezone: the same simulator, which names the demo’s user', async () => {
    expect(demo.onezoneUrl).toBe(demo.providerUrl)
    expect(demo2.onezoneUrl).toBe(demo2.providerUrl)
    const { zone } = await clientsOf('demo-2')
    expect(await zone.getUser()).toMatchObject({ fullName: 'Carol Curator' })
    await zone.close()
  })

  it('check space privileges through Onezone when tested', async () => {
    const report = await service.handlers['accounts.test']({ accountId: 'demo' })
    expect(report.user).toMatchObject({ name: 'Alice Operator' })
    const imaging = report.spaces.find((s) => s.name === 'Imaging lab')!
    expect(imaging).toMatchObject({ canView: true, canSchedule: true, canManage: true })
    const { zone } = await clientsOf('demo')
    const user = await zone.getUser()
    const privileges = await zone.getSpacePrivileges(imaging.spaceId, user.userId)
    expect(privileges).toEqual(expect.arrayContaining(Object.values(SPACE_PRIVILEGES)))
    await zone.close()
  })

  it('name an execution’s lanes, boxes and tasks from its workflow schema in Onezone', async () => {
    const { zone, provider } = await clientsOf('demo')
    const [space] = await provider.listSpaces()
    const page = await provider.listExecutions(space!.spaceId, { phase: 'ended' })
    const details = await provider.getExecution(page.atmWorkflowExecutions[0]!)
    const schemas = await Promise.all(
      (await zone.listWorkflowSchemaIds(details.atmInventoryId)).map((id) =>
        zone.getWorkflowSchema(id)
      )
    )
    const laneIds = details.lanes.map((l) => l.schemaId)
    const revision = schemas
      .flatMap((s) => Object.values(s.revisionRegistry))
      .find((r) => r.lanes.map((l) => l.id).join() === laneIds.join())!
    expect(revision).toBeDefined()
    const run = details.lanes[0]!.runs[0]!
    const box = revision.lanes[0]!.parallelBoxes.find(
      (b) => b.id === run.parallelBoxes[0]!.schemaId
    )!
    const taskIds = Object.keys(run.parallelBoxes[0]!.taskRegistry)
    expect(revision.lanes[0]!.name).toMatch(/\w/)
    expect(box.tasks.filter((t) => taskIds.includes(t.id)).map((t) => t.name)).toHaveLength(
      taskIds.length
    )
    await Promise.all([zone.close(), provider.close()])
  })

  it('schedule from what Onezone lists: inventory, schema, revision, and the provider of the space', async () => {
    const { zone, provider } = await clientsOf('demo-2')
    const [spaceId] = await zone.listSpaceIds()
    const found = await zone.findProviderOfSpace(spaceId!)
    expect(found.url).toBe(demo2.providerUrl)
    const [inventory] = await zone.listInventoryIds()
    const schemas = await Promise.all(
      (await zone.listWorkflowSchemaIds(inventory!)).map((id) => zone.getWorkflowSchema(id))
    )
    const schema = schemas.find((s) => s.name === 'stack-sky-images')!
    const revision = Number(Object.keys(schema.revisionRegistry)[0])
    const { atmWorkflowExecutionId: id } = await provider.scheduleExecution({
      spaceId: spaceId!,
      atmWorkflowSchemaId: schema.atmWorkflowSchemaId,
      atmWorkflowSchemaRevisionNumber: revision
    })
    const details = await provider.getExecution(id!)
    expect(details).toMatchObject({ name: 'stack-sky-images', spaceId })
    expect(['waiting', 'ongoing']).toContain(workflowPhase(details.status))
    await Promise.all([zone.close(), provider.close()])
  })

  it('stops a demo provider when its account is removed', async () => {
    const { providerUrl } = await service.handlers['demo.start']({ which: 'demo-2' })
    await service.handlers['accounts.remove']({ accountId: 'demo-2' })
    await expect(fetch(`${providerUrl}/api/v3/oneprovider/configuration`)).rejects.toThrow()
    expect((await service.handlers['accounts.list']({})).map((a) => a.id)).toEqual(['demo'])
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false)
  })
})
