// HTTP to one Onedata service: a keep-alive undici pool with a concurrency cap, connect/headers/
// body timeouts, an AbortSignal per call, TLS verification always on (an optional user-supplied CA
// is added to the system's), retries for GET only, and validation of every answer.
import { rootCertificates } from 'node:tls'
import { Pool } from 'undici'
import type { z } from 'zod'
import { errorEnvelopeSchema } from '../../shared/errors'
import { CLIENT_ERROR_IDS, networkError, OnedataError, type EndpointRef } from './errors'

export interface RetryPolicy {
  /** Extra attempts after the first one. */
  retries: number
  baseDelayMs: number
  maxDelayMs: number
}

export interface TransportOptions {
  /** The service's origin, e.g. `https://op.example.org` (a path, if any, is ignored). */
  url: string
  /** The REST prefix, e.g. `/api/v3/oneprovider`. */
  prefix: string
  token?: string
  /** PEM of a CA to trust besides the system's (self-signed deployments). */
  ca?: string
  connections?: number
  connectTimeoutMs?: number
  headersTimeoutMs?: number
  bodyTimeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** For tests: how to wait between retries, and the jitter source. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
}

export interface CallOptions {
  signal?: AbortSignal
}

export interface Call extends EndpointRef {
  query?: Record<string, string | number | undefined>
  body?: unknown
}

const RETRIABLE_STATUS = new Set([429, 502, 503, 504])
const MAX_RETRY_AFTER_MS = 30_000
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 300, maxDelayMs: 5_000 }

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** The origin of a service URL; throws a readable error for anything that is not http(s). */
export function serviceOrigin(url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new OnedataError({
      id: 'config.badUrl',
      kind: 'network',
      description: `"${url}" is not a valid URL (expected e.g. https://provider.example.org).`
    })
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new OnedataError({
      id: 'config.badUrl',
      kind: 'network',
      description: `"${url}" is not an http(s) URL.`
    })
  return new URL(parsed.origin)
}

export class Transport {
  readonly origin: URL
  private readonly pool: Pool
  private readonly retry: RetryPolicy
  private readonly sleep: NonNullable<TransportOptions['sleep']>
  private readonly random: () => number

  constructor(private readonly opts: TransportOptions) {
    this.origin = serviceOrigin(opts.url)
    this.retry = { ...DEFAULT_RETRY, ...opts.retry }
    this.sleep = opts.sleep ?? abortableSleep
    this.random = opts.random ?? Math.random
    this.pool = new Pool(this.origin.origin, {
      connections: opts.connections ?? 6,
      keepAliveTimeout: 30_000,
      headersTimeout: opts.headersTimeoutMs ?? 30_000,
      bodyTimeout: opts.bodyTimeoutMs ?? 60_000,
      maxResponseSize: MAX_RESPONSE_BYTES,
      connect: {
        timeout: opts.connectTimeoutMs ?? 10_000,
        rejectUnauthorized: true,
        ...(opts.ca ? { ca: [...rootCertificates, opts.ca] } : {})
      }
    })
  }

  get host(): string {
    return this.origin.host
  }

  /** Calls an endpoint and validates its answer (`undefined` schema: no body expected). */
  async call<T>(call: Call, schema: z.ZodType<T> | undefined, opts: CallOptions = {}): Promise<T> {
    const attempts = call.method === 'GET' ? this.retry.retries + 1 : 1
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= attempts
      let status: number
      let text: string
      let headers: Record<string, string | string[] | undefined>
      try {
        const res = await this.pool.request({
          method: call.method as 'GET',
          path: this.pathOf(call),
          headers: this.headersOf(call),
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal: opts.signal
        })
        status = res.statusCode
        headers = res.headers
        text = await res.body.text()
      } catch (err) {
        const error = networkError(err, call, this.host, opts.signal?.aborted ?? false)
        if (last || error.kind !== 'network') throw error
        await this.sleep(this.backoff(attempt), opts.signal)
        continue
      }
      if (status >= 200 && status < 300) return this.decode(call, text, headers, schema)
      if (!last && RETRIABLE_STATUS.has(status)) {
        await this.sleep(this.retryAfter(headers) ?? this.backoff(attempt), opts.signal)
        continue
      }
      throw this.failure(call, status, text, headers)
    }
  }

  close(): Promise<void> {
    return this.pool.close()
  }

  private pathOf(call: Call): string {
    const query = Object.entries(call.query ?? {}).filter(([, v]) => v !== undefined) as [
      string,
      string | number
    ][]
    const qs = query.length ? `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)]))}` : ''
    return `${this.opts.prefix}${call.path}${qs}`
  }

  private headersOf(call: Call): Record<string, string> {
    return {
      accept: 'application/json, */*;q=0.5',
      'user-agent': 'Lanewatch',
      ...(this.opts.token ? { 'x-auth-token': this.opts.token } : {}),
      ...(call.body !== undefined ? { 'content-type': 'application/json' } : {})
    }
  }

  /** Exponential back-off with full jitter. */
  private backoff(attempt: number): number {
    const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt)
    return Math.round(this.random() * cap)
  }

  private retryAfter(headers: Record<string, string | string[] | undefined>): number | undefined {
    const value = headers['retry-after']
    if (typeof value !== 'string') return undefined
    const seconds = Number(value)
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now()
    return Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS) : undefined
  }

  private invalid(call: Call, what: string): OnedataError {
    return new OnedataError({
      id: CLIENT_ERROR_IDS.badResponse,
      kind: 'response',
      description: `${call.name} (${call.method} ${call.path}) got ${what} from ${this.host}.`,
      endpoint: call
    })
  }

  private decode<T>(
    call: Call,
    text: string,
    headers: Record<string, string | string[] | undefined>,
    schema: z.ZodType<T> | undefined
  ): T {
    if (!schema) return undefined as T
    if (!text.trim()) return fail(this.invalid(call, 'an empty answer instead of JSON'))
    const type = String(headers['content-type'] ?? '')
    if (/text\/html/i.test(type) || /^\s*</.test(text))
      return fail(
        this.invalid(call, 'an HTML page instead of JSON (a proxy or login page in between?)')
      )
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch {
      return fail(this.invalid(call, 'an answer that is not valid JSON'))
    }
    const result = schema.safeParse(data)
    if (result.success) return result.data
    const issue = result.error.issues[0]!
    const where = issue.path.length ? issue.path.join('.') : 'the top level'
    return fail(this.invalid(call, `an answer of the wrong shape (at ${where}: ${issue.message})`))
  }

  private failure(
    call: Call,
    status: number,
    text: string,
    headers: Record<string, string | string[] | undefined>
  ): OnedataError {
    let envelope: unknown
    try {
      envelope = JSON.parse(text)
    } catch {
      envelope = undefined
    }
    const parsed = errorEnvelopeSchema.safeParse(envelope)
    if (parsed.success) return OnedataError.fromServer(status, parsed.data.error, call)
    const type = String(headers['content-type'] ?? '')
    const body = !text.trim()
      ? 'no explanation'
      : /text\/html/i.test(type) || /^\s*</.test(text)
        ? 'an HTML page instead of an Onedata error (a proxy in front of the provider may be failing)'
        : 'a body that is not an Onedata error'
    return new OnedataError({
      id: CLIENT_ERROR_IDS.httpStatus,
      kind: 'response',
      httpStatus: status,
      description: `${call.name} (${call.method} ${call.path}) failed with HTTP ${status} and ${body}.`,
      endpoint: call
    })
  }
}

function fail(error: OnedataError): never {
  throw error
}
