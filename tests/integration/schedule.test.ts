// The schedule.* channels of the application service against the simulator's Oneprovider and
// Onezone: what the schedule dialog picks from, and submit refusing a bad overlay unsent.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryVault } from '../../src/core/accounts/vault'
import { startDemoProvider } from '../../src/simulator/demo-provider'
import { AppError } from '../../src/core/errors'
import { createService, type Service } from '../../src/core/service'
import { SimDriver } from '../helpers/simulator'

let sim: SimDriver
let service: Service
let withZone: string
let withoutZone: string

beforeAll(async () => {
  sim = await SimDriver.start()
  service = createService({
    dataDir: mkdtempSync(join(tmpdir(), 'lanewatch-schedule-')),
    vault: new MemoryVault()
  })
  const add = async (label: string, onezoneUrl?: string) =>
    (
      await service.handlers['accounts.add']({
        label,
        providerUrl: sim.sim.url,
        token: sim.token('admin'),
        ...(onezoneUrl ? { onezoneUrl } : {})
      })
    ).account.id
  withZone = await add('With Onezone', sim.sim.url)
  withoutZone = await add('Provider only')
})
afterAll(async () => {
  await service.close()
  await sim.stop()
})

const h = () => service.handlers
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure')
    },
    (err: unknown) => err as AppError
  )
const waiting = async () =>
  (
    await h()['executions.list']({
      accountId: withZone,
      spaceId: sim.space('lab'),
      phase: 'waiting'
    })
  ).atmWorkflowExecutions

describe('picking a workflow from Onezone', () => {
  it('lists inventories, then their workflow schemas with revisions, by name', async () => {
    const inventories = await h()['schedule.inventories']({ accountId: withZone })
    expect(inventories.map((i) => i.name)).toEqual(['Main inventory'])
    const workflows = await h()['schedule.workflows']({
      accountId: withZone,
      inventoryId: inventories[0]!.atmInventoryId
    })
    expect(workflows.map((w) => w.name)).toEqual([
      'always-failing-items',
      'checksum-and-publish',
      'failing-fast',
      'first-box-fails',
      'not-executable',
      'single-lane',
      'streamed-results',
      'two-boxes',
      'typed-stores'
    ])
    const broken = workflows.find((w) => w.name === 'not-executable')!
    expect(broken.revisions.map((r) => r.revisionNumber)).toEqual([3, 2, 1])
  })

  it('reads a revision with its stores; an unknown revision is named with the ones there are', async () => {
    const revision = await h()['schedule.revision']({
      accountId: withZone,
      atmWorkflowSchemaId: sim.schema('story'),
      revisionNumber: 1
    })
    expect(revision.laneNames.length).toBeGreaterThan(1)
    expect(revision.stores[0]).toMatchObject({ type: 'list', requiresInitialContent: false })
    const err = await failure(
      h()['schedule.revision']({
        accountId: withZone,
        atmWorkflowSchemaId: sim.schema('story'),
        revisionNumber: 9
      })
    )
    expect(err).toMatchObject({
      id: 'schedule.noRevision',
      description:
        'The workflow schema "checksum-and-publish" has no revision 9 (its revisions: 1).'
    })
  })

  it('an account without a Onezone URL is told to enter ids', async () => {
    const err = await failure(h()['schedule.inventories']({ accountId: withoutZone }))
    expect(err).toMatchObject({ id: 'schedule.noOnezone' })
    expect(err.description).toMatch(/enter the workflow schema id and revision number/)
  })
})

describe('submitting', () => {
  const base = () => ({
    spaceId: sim.space('lab'),
    atmWorkflowSchemaId: sim.schema('single'),
    revisionNumber: 1
  })
  const storeId = () => sim.state.schemas.find((s) => s.key === 'single')!.stores['1']![0]!

  it('schedules with a checked overlay and says what only the provider can check', async () => {
    const r = await h()['schedule.submit']({
      accountId: withZone,
      ...base(),
      overlay: { [storeId()]: [7, 8] },
      logLevel: 'debug'
    })
    expect(r.notes).toEqual([])
    const d = await h()['executions.get']({ accountId: withZone, executionId: r.executionId! })
    expect(d.name).toBe('single-lane')
  })

  it('refuses a bad overlay with every reason, and nothing is created', async () => {
    const before = await waiting()
    const err = await failure(
      h()['schedule.submit']({
        accountId: withZone,
        ...base(),
        overlay: { [storeId()]: { fileId: 'a' }, nope: 1 }
      })
    )
    expect(err.id).toBe('schedule.overlayRefused')
    expect(err.details?.problems).toEqual([
      expect.objectContaining({ kind: 'unknownStore', storeId: 'nope' }),
      expect.objectContaining({ kind: 'wrongType', storeId: storeId() })
    ])
    expect(await waiting()).toEqual(before)
  })

  it('refuses a callback that is not an http(s) URL', async () => {
    const err = await failure(
      h()['schedule.submit']({ accountId: withZone, ...base(), callback: 'mailto:me@example.org' })
    )
    expect(err).toMatchObject({
      id: 'schedule.badCallback',
      description: 'The callback URL must be http or https, not mailto:.'
    })
  })

  it('without Onezone the provider alone judges the overlay', async () => {
    const err = await failure(
      h()['schedule.submit']({ accountId: withoutZone, ...base(), overlay: { [storeId()]: 5 } })
    )
    expect(err).toMatchObject({ id: 'atmStoreCreationFailed' })
    const ok = await h()['schedule.submit']({ accountId: withoutZone, ...base() })
    expect(ok.notes).toEqual([])
  })
})

describe('the demo provider', () => {
  it('offers its workflows for scheduling from its own Onezone', async () => {
    const demo = createService({
      dataDir: mkdtempSync(join(tmpdir(), 'lanewatch-schedule-demo-')),
      vault: new MemoryVault(),
      startDemo: startDemoProvider
    })
    try {
      const account = await demo.handlers['demo.start']({})
      expect(account.onezoneUrl).toBe(account.providerUrl)
      const inventories = await demo.handlers['schedule.inventories']({ accountId: account.id })
      const names = (
        await Promise.all(
          inventories.map((i) =>
            demo.handlers['schedule.workflows']({
              accountId: account.id,
              inventoryId: i.atmInventoryId
            })
          )
        )
      ).flatMap((list) => list.map((w) => w.name))
      expect(names).toEqual(expect.arrayContaining(['checksum-and-publish', 'variant-calling']))
    } finally {
      await demo.close()
    }
  })
})
