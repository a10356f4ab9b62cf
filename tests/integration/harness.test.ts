// The harness's guards: the WebSocket answers only the printed secret from the harness's own
// origin, and it speaks the same contract as main (validation included).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { MemoryVault } from '../../src/core/accounts/vault'
import { createService, type Service } from '../../src/core/service'
import { startHarness, type RunningHarness } from '../../src/harness/server'

let service: Service
let harness: RunningHarness
const outDir = join(__dirname, '../../out')

beforeAll(async () => {
  service = createService({
    dataDir: mkdtempSync(join(tmpdir(), 'lanewatch-harness-')),
    vault: new MemoryVault()
  })
  harness = await startHarness({
    service,
    rendererDir: join(outDir, 'renderer'),
    shimFile: join(outDir, 'harness/shim.js')
  })
})
afterAll(async () => {
  await harness.stop()
  await service.close()
})

function connect(secret: string, origin: string): Promise<WebSocket | string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(
      `${harness.origin.replace('http', 'ws')}/__harness/ws?secret=${secret}`,
      { origin }
    )
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`))
    ws.once('error', (err) => resolve(`error ${err.message}`))
  })
}

function call(ws: WebSocket, channel: string, request: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())))
    ws.send(JSON.stringify({ type: 'call', id: 7, channel, request }))
  })
}

describe('the browser harness', () => {
  it('listens on 127.0.0.1 only and prints a URL with its secret', () => {
    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?secret=[A-Za-z0-9_-]{32}$/)
  })

  it('refuses a wrong secret and a foreign origin', async () => {
    expect(await connect('wrong', harness.origin)).toBe('refused 403')
    expect(await connect(harness.secret, 'http://evil.example')).toBe('refused 403')
    expect(await connect(harness.secret, 'http://localhost:1')).toBe('refused 403')
  })

  it('answers the contract, validating payloads like main does, and forwards events', async () => {
    const ws = await connect(harness.secret, harness.origin)
    if (typeof ws === 'string') throw new Error(ws)
    expect(await call(ws, 'accounts.list', {})).toEqual({
      type: 'result',
      id: 7,
      result: { ok: true, value: [] }
    })
    expect(await call(ws, 'executions.get', { accountId: 1 })).toMatchObject({
      result: { ok: false, error: { id: 'ipc.badRequest' } }
    })
    expect(await call(ws, 'shell.exec', {})).toMatchObject({
      result: { ok: false, error: { id: 'ipc.unknownChannel' } }
    })
    const event = new Promise((resolve) =>
      ws.once('message', (d) => resolve(JSON.parse(d.toString())))
    )
    const change = { accountId: 'a', spaceIds: [], executionIds: ['e'], provider: false }
    service.emit('monitor:changed', change)
    expect(await event).toEqual({ type: 'event', event: 'monitor:changed', payload: change })
    ws.close()
  })

  it('serves the renderer with the CSP header and the shim first in <head>', async () => {
    const res = await fetch(harness.url)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await res.text()
    expect(html.indexOf('/__harness/shim.js')).toBeLessThan(html.indexOf('type="module"'))
    expect((await fetch(`${harness.origin}/../../etc/passwd`)).status).toBe(404)
    expect((await fetch(`${harness.origin}/%E0%A4%A`)).status).toBe(400)
    expect((await fetch(harness.url)).status).toBe(200)
  })
})
