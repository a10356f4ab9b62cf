// Saving a snapshot from the simulator through the real client, over HTTP and TLS: the file loads
// back as exactly what the provider said, names come from the matching revision in Onezone, the
// token appears nowhere in the file, and a Onezone that cannot help costs the names only.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OnedataError, OneproviderClient, OnezoneClient } from '../../../src/core/onedata'
import { captureSnapshot, loadSnapshot, saveSnapshot } from '../../../src/core/snapshots'
import { emptyObservations, type Observations } from '../../../src/shared/observations'
import { compareExecutions } from '../../../src/shared/snapshot-diff'
import { SimDriver } from '../../helpers/simulator'
import { scratch } from '../../unit/snapshots-craft'

let sim: SimDriver
let tlsSim: SimDriver
let finished: string
const dir = scratch()

const clients = (on: SimDriver, user = 'admin') => ({
  provider: new OneproviderClient({ url: on.sim.url, token: on.token(user), ca: on.sim.caPem }),
  onezone: new OnezoneClient({
    url: on.sim.url,
    token: on.token(user),
    ca: on.sim.caPem,
    retry: { retries: 0 }
  })
})

beforeAll(async () => {
  sim = await SimDriver.start()
  tlsSim = await SimDriver.start({ tls: true })
  finished = await sim.schedule('story')
  await sim.untilStatus(finished, 'finished')
})
afterAll(async () => {
  await sim.stop()
  await tlsSim.stop()
})

describe('saveSnapshot', () => {
  it('saves details, the whole audit log, observations and names; loads back the same', async () => {
    const { provider, onezone } = clients(sim)
    const observations: Observations = {
      execution: [{ status: 'active', at: 1_700_000_000_000 }],
      runs: [{ laneIndex: 2, runNumber: 2, status: 'failed', at: 1_700_000_001_000 }]
    }
    try {
      const file = join(dir, 'story.lanewatch')
      const saved = await saveSnapshot(file, {
        provider,
        onezone,
        executionId: finished,
        observations,
        now: () => 1_800_000_000_000
      })
      expect(saved.warnings).toEqual([])
      const details = await sim.details(finished)
      const log = await sim.op(
        'GET',
        `/automation/execution/stores/${details.systemAuditLogStoreId}/dump`
      )
      const { snapshot, header } = await loadSnapshot(file)
      expect(snapshot).toEqual(saved.snapshot)
      expect(snapshot.execution).toEqual(details)
      expect(snapshot.auditLog).toEqual(log.body)
      expect(snapshot.auditLog.length).toBeGreaterThan(10)
      expect(snapshot.observations).toEqual(observations)
      expect(snapshot.savedAt).toBe(1_800_000_000_000)
      expect(snapshot.provider).toEqual({ host: new URL(sim.sim.url).host })
      expect(header.summary).toMatchObject({ status: 'finished', name: 'checksum-and-publish' })
      expect(snapshot.names.workflow).toEqual({
        schemaId: sim.schema('story'),
        revisionNumber: 1,
        name: 'checksum-and-publish'
      })
      expect(details.lanes.map((l) => snapshot.names.lanes[l.schemaId])).toEqual([
        'Collect',
        'Checksum',
        'Publish'
      ])
      const box = details.lanes[1]!.runs[0]!.parallelBoxes[0]!
      expect(snapshot.names.parallelBoxes[box.schemaId]).toBe('Checksum box')
      expect(Object.keys(box.taskRegistry).map((t) => snapshot.names.tasks[t])).toEqual(['md5'])
    } finally {
      await provider.close()
      await onezone.close()
    }
  })

  it("over TLS, with every user's token absent from the compressed and decompressed bytes", async () => {
    const id = await tlsSim.schedule('story')
    await tlsSim.untilStatus(id, 'finished')
    const { provider, onezone } = clients(tlsSim)
    const file = join(dir, 'tls.lanewatch')
    try {
      await saveSnapshot(file, {
        provider,
        onezone,
        executionId: id,
        observations: emptyObservations()
      })
    } finally {
      await provider.close()
      await onezone.close()
    }
    const bytes = readFileSync(file)
    const text = gunzipSync(bytes.subarray(bytes.indexOf(10) + 1))
    expect((await loadSnapshot(file)).snapshot.auditLog.length).toBeGreaterThan(0)
    for (const user of tlsSim.state.users) {
      for (const form of [
        user.token,
        Buffer.from(user.token).toString('hex'),
        Buffer.from(user.token).toString('base64')
      ]) {
        expect(bytes.includes(form), `${user.name} token in the file`).toBe(false)
        expect(text.includes(form), `${user.name} token in the content`).toBe(false)
      }
    }
  })

  it('without Onezone: no names and no warning; an execution still running is saved as it is', async () => {
    const running = await sim.schedule('story')
    await sim.untilStatus(running, 'active')
    const { provider, onezone } = clients(sim)
    await onezone.close()
    try {
      const { snapshot, warnings } = await captureSnapshot({
        provider,
        executionId: running,
        observations: emptyObservations()
      })
      expect(warnings).toEqual([])
      expect(snapshot.execution.status).toBe('active')
      expect(snapshot.names).toEqual({ lanes: {}, parallelBoxes: {}, tasks: {} })
    } finally {
      await provider.close()
    }
  })

  it('a Onezone that fails, or knows no matching revision, costs the names only, with a warning', async () => {
    const { provider, onezone } = clients(sim)
    try {
      await sim.request('POST', '/__simulator/faults', {
        body: { match: { path: '/atm_inventories/' }, kind: 'status', status: 500 }
      })
      const failed = await captureSnapshot({
        provider,
        onezone,
        executionId: finished,
        observations: emptyObservations()
      })
      expect(failed.snapshot.execution.status).toBe('finished')
      expect(failed.snapshot.names.lanes).toEqual({})
      expect(failed.warnings).toHaveLength(1)
      expect(failed.warnings[0]).toMatch(
        /^Lane, box and task names were not saved: Onezone could not be asked \(.*internalServerError/
      )
      await sim.request('POST', '/__simulator/faults', {
        body: {
          match: { path: '/atm_workflow_schemas' },
          kind: 'respond',
          respond: { status: 200, body: '{"atm_workflow_schemas": []}' }
        }
      })
      const unmatched = await captureSnapshot({
        provider,
        onezone,
        executionId: finished,
        observations: emptyObservations()
      })
      expect(unmatched.warnings).toEqual([
        'No revision of a workflow schema in Onezone matches this execution; lanes are saved without names.'
      ])
    } finally {
      await sim.request('DELETE', '/__simulator/faults')
      await provider.close()
      await onezone.close()
    }
  })

  it('a snapshot compares with the live execution (details and audit log from the provider)', async () => {
    const id = await sim.schedule('story')
    await sim.untilStatus(id, 'active')
    const { provider } = clients(sim)
    try {
      const file = join(dir, 'live.lanewatch')
      await saveSnapshot(file, { provider, executionId: id, observations: emptyObservations() })
      await sim.untilStatus(id, 'finished')
      const execution = await provider.getExecution(id)
      const auditLog = await provider.dumpAuditLog(execution.systemAuditLogStoreId!)
      const { snapshot } = await loadSnapshot(file)
      const c = compareExecutions(snapshot, { execution, auditLog })
      if (!c.comparable) throw new Error(c.reason)
      expect(c.diff.status).toEqual({ before: 'active', after: 'finished' })
      expect(c.diff.addedEntries).toEqual(auditLog.slice(snapshot.auditLog.length))
      expect(c.diff.addedEntries.at(-1)?.content.description).toBe('Stopped execution.')
      expect(c.diff.newRuns.length + c.diff.changedRuns.length).toBeGreaterThan(0)
    } finally {
      await provider.close()
    }
  })

  it('an unknown execution fails with the server error and writes nothing', async () => {
    const { provider } = clients(sim)
    const file = join(dir, 'nothing.lanewatch')
    try {
      const err = await saveSnapshot(file, {
        provider,
        executionId: 'f'.repeat(32),
        observations: emptyObservations()
      }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(OnedataError)
      expect((err as OnedataError).id).toBe('notFound')
      expect(() => readFileSync(file)).toThrow(/ENOENT/)
    } finally {
      await provider.close()
    }
  })
})
