// The browser harness (design §6): serves the built renderer on 127.0.0.1 and the app's contract
// over a loopback WebSocket guarded by a random secret, wired to the same service as Electron's
// main process. It is how the renderer is tested in Chromium and seen without Electron.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, dirname, join, resolve } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { readRendererFile } from '../core/renderer-files'
import type { Service } from '../core/service'
import { forwardEvent } from '../core/ipc'
import { EVENT_NAMES, type EventName } from '../shared/ipc'
import { answerFrame, MAX_FRAME_BYTES } from './calls'
import { SHIM_PATH, SOCKET_PATH, type EventMessage } from './messages'

export interface HarnessOptions {
  service: Service
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** The built shim (out/harness/shim.js). */
  shimFile: string
  port?: number
  log?: (line: string) => void
}

export interface RunningHarness {
  /** The address to open, secret included. */
  url: string
  origin: string
  secret: string
  stop(): Promise<void>
}

function sameSecret(given: string | null, secret: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

export async function startHarness(opts: HarnessOptions): Promise<RunningHarness> {
  const secret = randomBytes(24).toString('base64url')
  const log = opts.log ?? (() => {})
  const root = resolve(opts.rendererDir)
  let origin = ''

  // The path is taken as sent (never normalised by a URL parser first), so the guard in
  // readRendererFile sees exactly what a client wrote.
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET') return void res.writeHead(405).end()
    const target = req.url ?? '/'
    const [dir, path] =
      target.split('?', 1)[0] === SHIM_PATH
        ? [dirname(opts.shimFile), `/${basename(opts.shimFile)}`]
        : [root, target]
    void readRendererFile(dir, path).then((answer) => {
      let body = answer.body
      // The shim must install window.lanewatch before the app's module script runs.
      if (answer.file?.endsWith('.html'))
        body = body
          .toString('utf8')
          .replace('<head>', `<head>\n    <script src="${SHIM_PATH}"></script>`)
      res.writeHead(answer.status, { ...answer.headers, 'cache-control': 'no-store' }).end(body)
    })
  })

  const sockets = new Set<WebSocket>()
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  wss.on('error', (err) => log(`WebSocket server error: ${err.message}`))
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://harness')
    const refuse = (why: string) => {
      log(`refused a WebSocket: ${why}`)
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
    }
    if (url.pathname !== SOCKET_PATH) return refuse('unknown path')
    if (!sameSecret(url.searchParams.get('secret'), secret)) return refuse('wrong secret')
    if (req.headers.origin !== origin) return refuse(`foreign origin ${String(req.headers.origin)}`)
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      // A frame over MAX_FRAME_BYTES makes the library close this socket; the server stays up.
      ws.on('error', (err) => log(`WebSocket error: ${err.message}`))
      ws.on('message', (data) => {
        void answerFrame(opts.service.handlers, data, log).then((text) => {
          if (text !== undefined) send(ws, text)
        })
      })
    })
  })

  const send = (ws: WebSocket, text: string) => {
    if (ws.readyState !== ws.OPEN) return
    ws.send(text, (err) => {
      if (err) log(`a WebSocket message could not be sent: ${err.message}`)
    })
  }

  // Events pass the check replies pass; one that cannot travel is logged and dropped.
  const broadcast = (event: EventName, payload: unknown) => {
    const text = JSON.stringify({ type: 'event', event, payload } as EventMessage)
    for (const ws of sockets) send(ws, text)
  }
  const unsubscribe = EVENT_NAMES.map((event) =>
    opts.service.on(event, (payload) => forwardEvent(event, payload, broadcast, log))
  )

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolvePromise())
  })
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`

  return {
    url: `${origin}/?secret=${secret}`,
    origin,
    secret,
    stop: async () => {
      unsubscribe.forEach((off) => off())
      for (const ws of sockets) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    }
  }
}

export const harnessPaths = (outDir: string) => ({
  rendererDir: join(outDir, 'renderer'),
  shimFile: join(outDir, 'harness', 'shim.js')
})
