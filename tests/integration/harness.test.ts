// The harness's guards: the WebSocket answers only the printed secret from the harness's own
// origin, it speaks the same contract as main (validation included), and it serves nothing
// outside the renderer folder, whatever raw path a client sends.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createConnection } from 'node:net'
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
    const shim = await fetch(`${harness.origin}/__harness/shim.js`)
    expect(shim.status).toBe(200)
    expect(await shim.text()).toContain('lanewatch')
  })
})

/** Sends a request line exactly as given (no client normalises it) and reads the answer;
 * HTTP/1.0, so the server closes the connection after one unchunked answer. */
function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1')
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1])
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) })
    })
    socket.write(`GET ${target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n`, 'latin1')
  })
}

describe('the harness serving files', () => {
  // A renderer folder with a secret next to it: any way out of the folder would serve it.
  let files: RunningHarness
  let port: number
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanewatch-harness-files-'))
    mkdirSync(join(dir, 'renderer/assets'), { recursive: true })
    writeFileSync(join(dir, 'renderer/index.html'), '<html><head></head></html>')
    writeFileSync(join(dir, 'renderer/assets/app.js'), 'ok()')
    writeFileSync(join(dir, 'secret.txt'), 'SECRET')
    writeFileSync(join(dir, 'shim.js'), 'shim()')
    files = await startHarness({
      service,
      rendererDir: join(dir, 'renderer'),
      shimFile: join(dir, 'shim.js')
    })
    port = Number(new URL(files.origin).port)
  })
  afterAll(() => files.stop())

  it('serves the renderer and the shim to raw requests', async () => {
    expect(await rawGet(port, '/assets/app.js')).toEqual({ status: 200, body: 'ok()' })
    expect(await rawGet(port, '/?secret=x')).toMatchObject({ status: 200 })
    expect(await rawGet(port, '/__harness/shim.js')).toEqual({ status: 200, body: 'shim()' })
  })

  it('refuses raw, un-normalised paths out of the folder: dot segments, encoded, backslashes, NUL', async () => {
    for (const target of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/../../../../../../etc/passwd',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/.%2e/secret.txt',
      '/..\\secret.txt',
      '/..%5csecret.txt',
      '/%00',
      '/..%00/secret.txt',
      'http://127.0.0.1/../secret.txt',
      '/__harness/../../secret.txt'
    ]) {
      const res = await rawGet(port, target)
      expect(res.status, target).toBe(404)
      expect(res.body, target).not.toMatch(/SECRET|root:/)
    }
    expect((await rawGet(port, '/%E0%A4%A')).status).toBe(400)
    // A raw NUL never reaches the guard: Node's parser refuses the request line.
    const nul = await rawGet(port, '/..\0/secret.txt')
    expect(nul.status).toBe(400)
    expect(nul.body).not.toContain('SECRET')
  })
})
