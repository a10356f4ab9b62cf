import type { IncomingHttpHeaders } from 'node:http'

export interface SimRequest {
  method: string
  /** Path without the query string. */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Buffer
}

export interface Reply {
  status: number
  json?: unknown
  /** A body sent as is (streamed dumps, faults). */
  raw?: string
  headers?: Record<string, string>
  /** Runs once the reply has been sent (e.g. to close the listener after answering). */
  afterSend?: () => void
}

export type Handler = (req: SimRequest, params: Record<string, string>) => Reply | Promise<Reply>

export interface Route {
  method: string
  pattern: RegExp
  handler: Handler
}

/** Builds a route from a path template such as `/spaces/{sid}/automation`. */
export function route(method: string, template: string, handler: Handler): Route {
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')
  return { method, pattern: new RegExp(`^${source}$`), handler }
}

/** Finds the route for a request: `undefined` when no path matches, `'method'` when only the method is wrong. */
export function match(
  routes: Route[],
  method: string,
  path: string
): { handler: Handler; params: Record<string, string> } | 'method' | undefined {
  let pathMatched = false
  for (const r of routes) {
    const m = r.pattern.exec(path)
    if (!m) continue
    pathMatched = true
    if (r.method !== method) continue
    const params: Record<string, string> = {}
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeSegment(v)
    return { handler: r.handler, params }
  }
  return pathMatched ? 'method' : undefined
}

/** A path segment decoded; one with a broken %-escape is kept as sent (it then matches nothing). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
