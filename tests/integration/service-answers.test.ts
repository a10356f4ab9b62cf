// What the app is answered when a provider accepts a change (2xx) but its answer cannot be read:
// the change is done, and the client's note travels through the contract so the user is told.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryVault } from '../../src/core/accounts/vault'
import { dispatch } from '../../src/core/ipc'
import { createService, type Service } from '../../src/core/service'
import {
  cutShort,
  entityId,
  executionDetails,
  HostileServer,
  json,
  PROVIDER,
  raw
} from '../helpers/hostile'

const EXECUTION = entityId(1)
const DETAILS = `${PROVIDER}/automation/execution/workflows/${EXECUTION}`
let server: HostileServer
let service: Service

beforeAll(async () => {
  server = await HostileServer.start()
  server.on('GET', `${PROVIDER}/spaces`, json([]))
  service = createService({
    dataDir: mkdtempSync(join(tmpdir(), 'lanewatch-answers-')),
    vault: new MemoryVault(),
    startDemo: async () => ({ url: server.url, token: 't', stop: async () => {} })
  })
  await service.handlers['demo.start']({})
})
afterAll(async () => {
  await service.close()
  await server.stop()
})

const failedRun = {
  runNumber: 1,
  originRunNumber: null,
  runType: 'regular',
  status: 'failed',
  iteratedStoreId: null,
  exceptionStoreId: null,
  parallelBoxes: [],
  isRetriable: true,
  isRerunable: true
}

describe('a change accepted with an unreadable answer', () => {
  it('an action is done, with the note saying its answer could not be read', async () => {
    server.on('GET', DETAILS, json(executionDetails({ status: 'active' })))
    server.on('POST', `${DETAILS}/pause`, cutShort('{"', 50))
    const r = await dispatch(service.handlers, 'executions.act', {
      accountId: 'demo',
      executionId: EXECUTION,
      action: 'pause'
    })
    expect(r).toEqual({
      ok: true,
      value: {
        done: true,
        note: expect.stringMatching(/^The server accepted it; its answer could not be read \(/)
      }
    })
  })

  it('a retry is done, with the note', async () => {
    const lanes = [{ schemaId: 'l1', runs: [failedRun] }]
    server.on('GET', DETAILS, json(executionDetails({ status: 'failed', lanes })))
    server.on('POST', `${DETAILS}/retry`, cutShort('{"ok', 80))
    const r = await dispatch(service.handlers, 'executions.repeat', {
      accountId: 'demo',
      executionId: EXECUTION,
      type: 'retry',
      laneIndex: 1,
      laneRunNumber: 1
    })
    expect(r).toEqual({
      ok: true,
      value: { done: true, note: expect.stringMatching(/its answer could not be read/) }
    })
  })

  it('a readable answer is done without a note', async () => {
    server.on('GET', DETAILS, json(executionDetails({ status: 'active' })))
    server.on('POST', `${DETAILS}/cancel`, raw('', 204))
    const r = await dispatch(service.handlers, 'executions.act', {
      accountId: 'demo',
      executionId: EXECUTION,
      action: 'cancel'
    })
    expect(r).toEqual({ ok: true, value: { done: true } })
  })
})
