// Request bodies the simulator must survive, over real HTTP: too large, growing past the limit,
// endless, still sent after the answer, sent where the route takes none, or declared empty.
import { createConnection } from 'node:net'
import { Readable } from 'node:stream'
import { Client } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorOf, raw } from '../../helpers/raw-http'
import { P, SimDriver, type ErrorBody } from '../../helpers/simulator'

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim?.stop())

describe('bodies', () => {
  const schedulePath = `${P}/automation/execution/workflows`

  it('over 16 MiB is 413, and the same connection serves the next request', async () => {
    const client = new Client(sim.sim.url)
    try {
      const big = Buffer.alloc(16 * 1024 * 1024 + 1, 0x20)
      const first = await client.request({
        method: 'POST',
        path: schedulePath,
        headers: { 'x-auth-token': sim.token('admin'), 'content-type': 'application/json' },
        body: big
      })
      expect(first.statusCode).toBe(413)
      expect(((await first.body.json()) as ErrorBody).error).toMatchObject({
        id: 'badData',
        details: { key: 'body', hint: 'it is larger than 16777216 bytes' }
      })
      const next = await client.request({
        method: 'GET',
        path: `${P}/spaces`,
        headers: { 'x-auth-token': sim.token('admin') }
      })
      expect(next.statusCode).toBe(200)
      await next.body.dump()
    } finally {
      await client.close()
    }
  })

  it('a chunked body that grows past the limit is 413 too', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20)
    const r = await fetch(`${sim.sim.url}${schedulePath}`, {
      method: 'POST',
      headers: { 'x-auth-token': sim.token('admin') },
      body: Readable.toWeb(
        Readable.from(Array.from({ length: 20 }, () => chunk))
      ) as ReadableStream,
      duplex: 'half'
    } as RequestInit)
    expect(r.status).toBe(413)
  })

  it('an endless body gets its 413 answer; the simulator keeps serving', async () => {
    const endless = new ReadableStream({
      pull: async (controller) => {
        await new Promise((resolve) => setImmediate(resolve))
        controller.enqueue(new Uint8Array(64 * 1024))
      }
    })
    const r = await fetch(`${sim.sim.url}${schedulePath}`, {
      method: 'POST',
      headers: { 'x-auth-token': sim.token('admin') },
      body: endless,
      duplex: 'half'
    } as RequestInit)
    expect(r.status).toBe(413)
    expect(((await r.json()) as ErrorBody).error.details).toMatchObject({ key: 'body' })
    expect((await sim.op('GET', '/spaces')).status).toBe(200)
  })

  it('a client that keeps sending after the answer is read up to 64 MiB more, then closed', async () => {
    const socket = createConnection(Number(new URL(sim.sim.url).port), '127.0.0.1')
    const chunk = Buffer.concat([
      Buffer.from(`${(64 * 1024).toString(16)}\r\n`),
      Buffer.alloc(64 * 1024, 0x20),
      Buffer.from('\r\n')
    ])
    let answer = ''
    let sent = 0
    socket.on('data', (c) => (answer += c.toString('latin1')))
    const closed = new Promise<void>((resolve) => {
      socket.on('close', () => resolve())
      socket.on('error', () => {}) // the close may come as a reset while writing: expected here
    })
    socket.write(
      `POST ${schedulePath} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${sim.token('admin')}\r\n` +
        'Transfer-Encoding: chunked\r\n\r\n'
    )
    let open = true
    void closed.then(() => (open = false))
    while (open && sent < 200 * 1024 * 1024) {
      sent += chunk.length
      if (!socket.write(chunk))
        await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve))
    }
    await closed
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(sent).toBeGreaterThan(64 * 1024 * 1024)
    expect(sent).toBeLessThan(200 * 1024 * 1024)
  })

  it('a body where the route takes none is 400, answered without reading it, and nothing happens', async () => {
    const id = await sim.schedule('single')
    await sim.untilStatus(id, 'finished')
    // Declares a megabyte and sends ten bytes: an answer now proves the body was never awaited.
    const r = await raw(
      sim.sim.url,
      `DELETE ${P}/automation/execution/workflows/${id} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `X-Auth-Token: ${sim.token('admin')}\r\nContent-Length: 1000000\r\n\r\n0123456789`,
      { keepOpen: true }
    )
    expect(r.status).toBe(400)
    expect((await sim.details(id)).status).toBe('finished') // not deleted
    const onGet = await raw(
      sim.sim.url,
      `GET ${P}/spaces HTTP/1.0\r\nHost: x\r\nX-Auth-Token: ${sim.token('admin')}\r\n` +
        `Content-Length: 2\r\n\r\n{}`
    )
    expect(onGet.status).toBe(400)
    expect(errorOf(onGet.body)).toMatchObject({
      id: 'badData',
      details: { key: 'body', hint: 'this request takes no body' }
    })
  })

  it('an empty declared body is no body', async () => {
    const r = await raw(
      sim.sim.url,
      `GET ${P}/spaces HTTP/1.0\r\nHost: x\r\nX-Auth-Token: ${sim.token('admin')}\r\nContent-Length: 0\r\n\r\n`
    )
    expect(r.status).toBe(200)
  })
})
