// HTTP to one Onedata service: a keep-alive undici pool with a concurrency cap, an overall
// deadline per call (headers, body, retries and waits together), a cap on the answer's size, an
// AbortSignal per call, TLS verification always on (an optional user-supplied CA is added to the
// system's), retries for GET only, and validation of every answer.
import { createHash } from 'node:crypto'
import { rootCertificates } from 'node:tls'
import { Pool } from 'undici'
import type { z } from 'zod'
import { decodeAnswer, failedAnswer, retryAfterMs, type Headers } from './answers'
import { BodyTooLarge, readBody } from './body'
import {
  Deadline,
  formatDuration,
  isTimerDelay,
  sleeper,
  systemClock,
  type Clock
} from './deadline'
import { CLIENT_ERROR_IDS, networkError, OnedataError, type EndpointRef } from './errors'

export interface RetryPolicy {
  /** Extra attempts after the first one. */
  retries: number
  baseDelayMs: number
  maxDelayMs: number
  /** The longest `Retry-After` waited out; a longer one fails the call, saying when. */
  maxRetryAfterMs: number
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
  /** Overall deadline of a GET (default 30 s) and of a POST or DELETE (default 60 s). */
  readDeadlineMs?: number
  writeDeadlineMs?: number
  /** Answers larger than this are `response.tooLarge` (default 64 MiB). */
  maxResponseBytes?: number
  retry?: Partial<RetryPolicy>
  /** For tests: the clock of deadlines and Retry-After dates, how to wait, the jitter source. */
  clock?: Clock
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
}

export interface CallOptions {
  signal?: AbortSignal
  /** This call's overall deadline, instead of the client's. */
  deadlineMs?: number
}

export interface Call extends EndpointRef {
  query?: Record<string, string | number | undefined>
  body?: unknown
}

/** What a write the server accepted (2xx) came back with. */
export interface Written<T> {
  value?: T
  /** Set when the 2xx answer could not be read or decoded: why. */
  unreadable?: string
  headers: Record<string, string | string[] | undefined>
}

interface Answer {
  status: number
  headers: Headers
  text?: string
  /** A 2xx whose body could not be read. */
  unreadable?: OnedataError
}

const RETRIABLE_STATUS = new Set([429, 502, 503, 504])
export const DEFAULT_READ_DEADLINE_MS = 30_000
export const DEFAULT_WRITE_DEADLINE_MS = 60_000
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
export const DEFAULT_RETRY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 300,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 60_000
}

function configError(description: string): OnedataError {
  return new OnedataError({ id: 'config.badUrl', kind: 'network', description })
}

/** The origin of a service URL; throws a readable error for anything that is not http(s). */
export function serviceOrigin(url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw configError(`"${url}" is not a valid URL (expected e.g. https://provider.example.org).`)
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw configError(`"${url}" is not an http(s) URL.`)
  return new URL(parsed.origin)
}

function checkDeadline(ms: number): number {
  if (!isTimerDelay(ms))
    throw new RangeError(`a deadline must be from 1 ms to ${2 ** 31 - 1} ms, got ${ms}`)
  return ms
}

export class Transport {
  readonly origin: URL
  private readonly pool: Pool
  private readonly retry: RetryPolicy
  private readonly clock: Clock
  private readonly sleep: NonNullable<TransportOptions['sleep']>
  private readonly random: () => number
  private readonly readDeadlineMs: number
  private readonly writeDeadlineMs: number
  private readonly maxResponseBytes: number

  constructor(private readonly opts: TransportOptions) {
    this.origin = serviceOrigin(opts.url)
    this.retry = { ...DEFAULT_RETRY, ...opts.retry }
    this.clock = opts.clock ?? systemClock
    this.sleep = opts.sleep ?? sleeper(this.clock)
    this.random = opts.random ?? Math.random
    this.readDeadlineMs = checkDeadline(opts.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS)
    this.writeDeadlineMs = checkDeadline(opts.writeDeadlineMs ?? DEFAULT_WRITE_DEADLINE_MS)
    this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
    this.pool = new Pool(this.origin.origin, {
      connections: opts.connections ?? 6,
      keepAliveTimeout: 30_000,
      headersTimeout: opts.headersTimeoutMs ?? 30_000,
      bodyTimeout: opts.bodyTimeoutMs ?? 60_000,
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
    const answer = await this.exchange(call, opts)
    if (answer.unreadable) throw answer.unreadable
    return decodeAnswer(call, this.host, answer.text ?? '', answer.headers, schema)
  }

  /**
   * Like `call`, but an answer byte for byte the same as the one `seen` names (its digest, from
   * an earlier answer) is not decoded again: `value` is then absent. A poller reading the same
   * resource again and again spends most of its effort on answers that did not change.
   */
  async callUnlessSame<T>(
    call: Call,
    schema: z.ZodType<T>,
    seen: string | undefined,
    opts: CallOptions = {}
  ): Promise<{ digest: string; value?: T }> {
    const answer = await this.exchange(call, opts)
    if (answer.unreadable) throw answer.unreadable
    const text = answer.text ?? ''
    const digest = createHash('sha256').update(text).digest('base64')
    if (digest === seen) return { digest }
    return { digest, value: decodeAnswer(call, this.host, text, answer.headers, schema) }
  }

  /**
   * A call that changes something (POST, DELETE): once the server has answered 2xx it has
   * accepted it, so an answer that cannot be read is a note on a success, not a failure.
   */
  async write<T>(
    call: Call,
    schema: z.ZodType<T> | undefined,
    opts: CallOptions = {}
  ): Promise<Written<T>> {
    const answer = await this.exchange(call, opts)
    const { headers } = answer
    if (answer.unreadable) return { unreadable: answer.unreadable.description, headers }
    try {
      return {
        value: decodeAnswer(call, this.host, answer.text ?? '', answer.headers, schema),
        headers
      }
    } catch (err) {
      return { unreadable: (err as OnedataError).description, headers }
    }
  }

  close(): Promise<void> {
    return this.pool.close()
  }

  /** Sends a call, retrying a GET where that may help, within the call's deadline. */
  private async exchange(call: Call, opts: CallOptions): Promise<Answer> {
    const ms = checkDeadline(
      opts.deadlineMs ?? (call.method === 'GET' ? this.readDeadlineMs : this.writeDeadlineMs)
    )
    const deadline = new Deadline(this.clock, ms, opts.signal)
    const attempts = call.method === 'GET' ? this.retry.retries + 1 : 1
    try {
      for (let attempt = 0; ; attempt++) {
        const last = attempt + 1 >= attempts
        let status: number
        let headers: Headers
        let text: string
        try {
          const res = await this.pool.request({
            method: call.method as 'GET',
            path: this.pathOf(call),
            headers: this.headersOf(call),
            body: call.body === undefined ? undefined : JSON.stringify(call.body),
            signal: deadline.signal
          })
          status = res.statusCode
          headers = res.headers
          try {
            text = await readBody(res.body, headers, this.maxResponseBytes)
          } catch (err) {
            const error = this.failureOf(err, call, deadline)
            const accepted = status >= 200 && status < 300 && call.method !== 'GET'
            if (accepted) return { status, headers, unreadable: error }
            throw error
          }
        } catch (err) {
          const error = this.failureOf(err, call, deadline)
          if (last || error.kind !== 'network') throw error
          await this.pause(this.backoff(attempt), deadline, call, () => error)
          continue
        }
        if (status >= 200 && status < 300) return { status, headers, text }
        const failure = () => failedAnswer(call, status, text, headers)
        const asked = RETRIABLE_STATUS.has(status)
          ? retryAfterMs(headers, this.clock.now())
          : undefined
        if (last || !RETRIABLE_STATUS.has(status))
          throw asked === undefined ? failure() : this.retryLater(failure(), asked)
        const limit = Math.min(this.retry.maxRetryAfterMs, deadline.remaining())
        if (asked !== undefined && asked > limit) throw this.retryLater(failure(), asked, limit)
        await this.pause(asked ?? this.backoff(attempt), deadline, call, failure)
      }
    } finally {
      deadline.dispose()
    }
  }

  /** Waits before another attempt; when the wait would pass the deadline, gives up instead. */
  private async pause(
    ms: number,
    deadline: Deadline,
    call: Call,
    lastError: () => OnedataError
  ): Promise<void> {
    if (ms >= deadline.remaining()) throw lastError()
    try {
      await this.sleep(ms, deadline.signal)
    } catch (err) {
      throw this.failureOf(err, call, deadline)
    }
  }

  /** What a failed request or body read becomes: the deadline, a cap, or a network error. */
  private failureOf(err: unknown, call: EndpointRef, deadline: Deadline): OnedataError {
    if (err instanceof OnedataError) return err
    if (deadline.expired)
      return new OnedataError({
        id: CLIENT_ERROR_IDS.timeout,
        kind: 'network',
        description: `${this.host} did not answer ${call.name} (${call.method} ${call.path}) within ${formatDuration(deadline.ms)}.`,
        endpoint: call,
        cause: err
      })
    if (err instanceof BodyTooLarge)
      return new OnedataError({
        id: CLIENT_ERROR_IDS.tooLarge,
        kind: 'response',
        description: `${call.name} (${call.method} ${call.path}) got an answer larger than ${err.limit} bytes from ${this.host}${err.declared !== undefined ? ` (it announced ${err.declared})` : ''}; it was not read.`,
        endpoint: call
      })
    return networkError(err, call, this.host, deadline.signal.aborted)
  }

  /** A failure that says when the server asked to be called again (and why we did not wait). */
  private retryLater(error: OnedataError, askedMs: number, limitMs?: number): OnedataError {
    const at = this.clock.now() + askedMs
    const when = new Date(at)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC')
    const asked = `The server asked to be retried in ${formatDuration(askedMs)} (at ${when})`
    return new OnedataError({
      id: error.id,
      kind: error.kind,
      httpStatus: error.httpStatus,
      details: error.details,
      ctx: error.ctx,
      endpoint: error.endpoint,
      retryAt: at,
      description:
        limitMs === undefined
          ? `${error.description} ${asked}.`
          : `${error.description} ${asked}, longer than this call waits (${formatDuration(limitMs)}); try again then.`
    })
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
}
