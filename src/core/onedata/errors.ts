// One error type for everything a call to Onedata can end in: the server's ErrorJson (with its
// HTTP status), or a failure of our own making with its own id (network, TLS, bad response).
import type { ErrorJson } from '../../shared/errors'

export const CLIENT_ERROR_IDS = {
  unreachable: 'network.unreachable',
  timeout: 'network.timeout',
  connectionLost: 'network.connectionLost',
  tlsUntrusted: 'tls.untrusted',
  tlsHostname: 'tls.hostnameMismatch',
  tlsExpired: 'tls.expired',
  tlsOther: 'tls.failed',
  aborted: 'request.aborted',
  badResponse: 'response.invalid',
  tooLarge: 'response.tooLarge',
  pagingLoop: 'response.pagingLoop',
  tooManyPages: 'response.tooManyPages',
  httpStatus: 'http.unexpectedStatus'
} as const

export type ErrorKind = 'server' | 'network' | 'tls' | 'response' | 'aborted'

/** Which call failed, for messages: "list executions (GET /spaces/…/workflows)". */
export interface EndpointRef {
  name: string
  method: string
  path: string
}

export class OnedataError extends Error {
  readonly id: string
  readonly kind: ErrorKind
  readonly description: string
  readonly httpStatus?: number
  readonly details?: Record<string, unknown>
  readonly ctx?: Record<string, unknown>
  readonly endpoint?: EndpointRef
  /** When the server asked to be called again (epoch ms), if it did and the call gave up. */
  readonly retryAt?: number

  constructor(init: {
    id: string
    kind: ErrorKind
    description: string
    httpStatus?: number
    details?: Record<string, unknown>
    ctx?: Record<string, unknown>
    endpoint?: EndpointRef
    retryAt?: number
    cause?: unknown
  }) {
    super(init.description, { cause: init.cause })
    this.name = 'OnedataError'
    this.id = init.id
    this.kind = init.kind
    this.description = init.description
    this.httpStatus = init.httpStatus
    this.details = init.details
    this.ctx = init.ctx
    this.endpoint = init.endpoint
    this.retryAt = init.retryAt
  }

  static fromServer(status: number, error: ErrorJson, endpoint: EndpointRef): OnedataError {
    return new OnedataError({
      id: error.id,
      kind: 'server',
      description: error.description,
      httpStatus: status,
      details: error.details,
      ctx: error.ctx,
      endpoint
    })
  }

  /** The nested verification error of a 401 (`details.authError`), if any. */
  get authError(): ErrorJson | undefined {
    const a = this.details?.authError
    return a && typeof a === 'object' && typeof (a as ErrorJson).id === 'string'
      ? (a as ErrorJson)
      : undefined
  }

  /** One line a person understands, naming the server's error id where there is one. */
  userMessage(): string {
    if (this.kind !== 'server') return this.description
    if (this.id === 'unauthorized') {
      const auth = this.authError
      return auth
        ? `The provider rejected the token: ${auth.description} (${auth.id})`
        : `The provider requires a token: ${this.description} (unauthorized)`
    }
    return `${this.description} (${this.id})`
  }

  /** A plain object that crosses process and IPC boundaries (no stack, no cause). */
  toJSON(): {
    id: string
    kind: ErrorKind
    description: string
    httpStatus?: number
    details?: Record<string, unknown>
  } {
    return {
      id: this.id,
      kind: this.kind,
      description: this.userMessage(),
      ...(this.httpStatus !== undefined ? { httpStatus: this.httpStatus } : {}),
      ...(this.details ? { details: this.details } : {})
    }
  }
}

/** HTTP statuses that say "not now" rather than "no": busy, overloaded or a failing gateway. */
export const TRANSIENT_STATUS: ReadonlySet<number> = new Set([429, 500, 502, 503, 504])

/**
 * Whether calling again later may succeed: network trouble and a busy or failing server may pass;
 * a certificate that is not trusted, a rejected token (401), a refusal (403), a missing resource
 * or an answer of the wrong kind will not.
 */
export function retryCanHelp(err: unknown): boolean {
  if (!(err instanceof OnedataError)) return false
  if (err.kind === 'network') return true
  return err.httpStatus !== undefined && TRANSIENT_STATUS.has(err.httpStatus)
}

const TLS_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE'
])
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EADDRNOTAVAIL'
])
const TIMEOUTS = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT'
])
const LOST = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED'])

function codeOf(err: unknown): string | undefined {
  for (
    let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.code === 'string') return e.code
    e = e.cause as typeof e
  }
  return undefined
}

/** Turns what undici or Node threw into an OnedataError with a message a person understands. */
export function networkError(
  err: unknown,
  endpoint: EndpointRef,
  host: string,
  aborted: boolean
): OnedataError {
  if (err instanceof OnedataError) return err
  const code = codeOf(err)
  const make = (id: string, kind: ErrorKind, description: string) =>
    new OnedataError({
      id,
      kind,
      description,
      endpoint,
      cause: err,
      details: code ? { code } : undefined
    })
  if (aborted || code === 'UND_ERR_ABORT' || (err as Error)?.name === 'AbortError')
    return make(CLIENT_ERROR_IDS.aborted, 'aborted', 'The request was cancelled.')
  if (code && TLS_UNTRUSTED.has(code))
    return make(
      CLIENT_ERROR_IDS.tlsUntrusted,
      'tls',
      `The provider's certificate is not trusted. Add its CA file to the account. (${host}: ${code})`
    )
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return make(
      CLIENT_ERROR_IDS.tlsHostname,
      'tls',
      `The provider's certificate is for another host name than ${host}. Check the provider URL.`
    )
  if (code === 'CERT_HAS_EXPIRED')
    return make(
      CLIENT_ERROR_IDS.tlsExpired,
      'tls',
      `The provider's certificate has expired (${host}).`
    )
  if (code && UNREACHABLE.has(code))
    return make(
      CLIENT_ERROR_IDS.unreachable,
      'network',
      `Cannot reach the provider at ${host} (${code}). Check the URL and your network connection.`
    )
  if (code && TIMEOUTS.has(code))
    return make(
      CLIENT_ERROR_IDS.timeout,
      'network',
      `The provider at ${host} did not answer in time.`
    )
  if (code && LOST.has(code))
    return make(
      CLIENT_ERROR_IDS.connectionLost,
      'network',
      `The connection to ${host} was closed before the answer arrived.`
    )
  if (code?.startsWith('ERR_TLS') || code?.startsWith('ERR_SSL'))
    return make(
      CLIENT_ERROR_IDS.tlsOther,
      'tls',
      `The secure connection to ${host} failed (${code}).`
    )
  return make(
    CLIENT_ERROR_IDS.unreachable,
    'network',
    `The request to ${host} failed: ${(err as Error)?.message ?? String(err)}`
  )
}
