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
  /** Only POST requests carry a body: anything sent with another is refused unread. */
  takesBody: boolean
}

/** Builds a route from a path template such as `/spaces/{sid}/automation`. */
export function route(method: string, template: string, handler: Handler): Route {
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')
  return { method, pattern: new RegExp(`^${source}$`), handler, takesBody: method === 'POST' }
}

export type Match =
  | { handler: Handler; params: Record<string, string>; takesBody: boolean }
  /** The path exists, not with this method. */
  | { allowed: string[] }

/** Finds the route for a request: `undefined` when no path matches. */
export function match(routes: Route[], method: string, path: string): Match | undefined {
  const allowed: string[] = []
  for (const r of routes) {
    const m = r.pattern.exec(path)
    if (!m) continue
    if (r.method !== method) {
      allowed.push(r.method)
      continue
    }
    const params: Record<string, string> = {}
    // Never throws: requestTarget refused a path with a broken escape.
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v)
    return { handler: r.handler, params, takesBody: r.takesBody }
  }
  return allowed.length ? { allowed } : undefined
}
