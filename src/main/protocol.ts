// The app:// scheme: registered with the fewest privileges the renderer needs, and serving only
// the built renderer, through the same function as the browser harness.
import type { Protocol } from 'electron'
import { readRendererFile } from '../core/renderer-files'
import { APP_SCHEME, isAppUrl } from './security'

/** Must run before the app is ready. No bypassCSP, no CORS, no service workers. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

export function serveRenderer(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (!isAppUrl(request.url)) return new Response('Not found', { status: 404 })
    const answer = await readRendererFile(root, new URL(request.url).pathname)
    const body = typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body)
    return new Response(body, { status: answer.status, headers: answer.headers })
  })
}
