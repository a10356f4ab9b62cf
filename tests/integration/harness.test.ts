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
import { deepObject, HostileServer, PROVIDER, raw } from '../helpers/hostile'

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

/** A call's reply; events the monitor pushes meanwhile are passed over. */
function call(ws: WebSocket, channel: string, request: unknown, id = 7): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { type?: string; id?: unknown }
      if (message.type === 'event') return
      ws.off('message', onMessage)
      resolve(message)
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ type: 'call', id, channel, request }))
  })
}

async function open(on: RunningHarness = harness): Promise<WebSocket> {
  const ws = await new Promise<WebSocket | string>((resolve) => {
    const socket = new WebSocket(
      `${on.origin.replace('http', 'ws')}/__harness/ws?secret=${on.secret}`,
      { origin: on.origin }
    )
    socket.once('open', () => resolve(socket))
    socket.once('error', (err) => resolve(`error ${err.message}`))
  })
  if (typeof ws === 'string') throw new Error(ws)
  return ws
}

const listed = { type: 'result', id: 8, result: { ok: true, value: [] } }

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

  it('a call over 1 MiB fails that call only: an error result, the socket stays up', async () => {
    const ws = await open()
    const big = JSON.stringify({
      type: 'call',
      id: 9,
      channel: 'accounts.list',
      request: { pad: 'x'.repeat(1.5 * 1024 * 1024) }
    })
    const answer = new Promise((resolve) =>
      ws.once('message', (d) => resolve(JSON.parse(d.toString())))
    )
    ws.send(big)
    expect(await answer).toMatchObject({
      id: 9,
      result: {
        ok: false,
        error: {
          id: 'ipc.requestTooLarge',
          description: expect.stringMatching(/largest accepted is 1048576/)
        }
      }
    })
    expect(await call(ws, 'accounts.list', {}, 8)).toEqual(listed)
    ws.close()
  })

  it('a frame over 16 MiB closes that socket only; frames that are not calls are ignored', async () => {
    const ws = await open()
    const replies: unknown[] = []
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())))
    ws.send('not json')
    ws.send(JSON.stringify({ type: 'call', channel: 'accounts.list' }))
    ws.send(JSON.stringify({ type: 'event', id: 3 }))
    ws.send(JSON.stringify({ type: 'call', id: 8, channel: 'accounts.list', request: {} }))
    while (replies.length < 2) await new Promise((resolve) => ws.once('message', resolve))
    expect(replies).toEqual([
      {
        type: 'result',
        id: 3,
        result: {
          ok: false,
          error: { id: 'ipc.badRequest', description: 'The frame is not a call.' }
        }
      },
      listed
    ])
    const closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send('x'.repeat(17 * 1024 * 1024))
    expect(await closed).toBe(1009)
    const again = await open()
    expect(await call(again, 'accounts.list', {}, 8)).toEqual(listed)
    again.close()
    expect((await fetch(harness.url)).status).toBe(200)
  })

  it('a reply or an event that cannot be serialised fails that call only', async () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const odd = await startHarness({
      service: {
        ...service,
        handlers: { ...service.handlers, 'accounts.list': async () => [cyclic] as never }
      },
      rendererDir: join(outDir, 'renderer'),
      shimFile: join(outDir, 'harness/shim.js')
    })
    try {
      const ws = await open(odd)
      expect(await call(ws, 'accounts.list', {})).toMatchObject({
        id: 7,
        result: { ok: false, error: { id: 'ipc.badReply' } }
      })
      // Events pass the check replies pass: what JSON would drop or change is not sent at all.
      const received: unknown[] = []
      ws.on('message', (d) => received.push(JSON.parse(d.toString())))
      const change = { accountId: 'a', spaceIds: [], executionIds: ['e'], provider: false }
      service.emit('monitor:changed', cyclic as never)
      service.emit('monitor:changed', { ...change, spaceIds: ['f'], extra: () => 1 } as never)
      service.emit('monitor:changed', { ...change, spaceIds: ['d'], at: new Date(0) } as never)
      service.emit('monitor:changed', change)
      await expect.poll(() => received.length).toBeGreaterThan(0)
      expect(received[0]).toEqual({ type: 'event', event: 'monitor:changed', payload: change })
      expect(await call(ws, 'app.notices', {}, 8)).toEqual({
        type: 'result',
        id: 8,
        result: { ok: true, value: [] }
      })
      ws.close()
    } finally {
      await odd.stop()
    }
  })

  it('values nested 100,000 levels deep from a provider reach the page cut, not as a crash', async () => {
    const provider = await HostileServer.start()
    const deepService = createService({
      dataDir: mkdtempSync(join(tmpdir(), 'lanewatch-harness-deep-')),
      vault: new MemoryVault(),
      verify: async () => ({ ok: true, spaces: [], problems: [], warnings: [] })
    })
    const deep = await startHarness({
      service: deepService,
      rendererDir: join(outDir, 'renderer'),
      shimFile: join(outDir, 'harness/shim.js')
    })
    try {
      provider.on(
        'GET',
        `${PROVIDER}/spaces`,
        raw(`[{"spaceId":"s","name":"Lab","x":${deepObject(100_000)}}]`)
      )
      const { account } = await deepService.handlers['accounts.add']({
        label: 'Hostile',
        providerUrl: provider.url,
        token: 't'
      })
      const ws = await open(deep)
      const reply = (await call(ws, 'spaces.list', { accountId: account.id })) as {
        result: { ok: boolean; value: unknown }
      }
      expect(reply.result.ok).toBe(true)
      expect(JSON.stringify(reply.result.value)).toContain('[cut: nested deeper than 32 levels]')
      ws.close()
    } finally {
      await deep.stop()
      await deepService.close()
      await provider.stop()
    }
  })
})
