// What an answer means: a 2xx body decoded and validated against the endpoint's schema, a non-2xx
// turned into the server's error (or a sentence about what came instead), and Retry-After read.
import type { z } from 'zod'
import { errorEnvelopeSchema } from '../../shared/errors'
import { CLIENT_ERROR_IDS, OnedataError, type EndpointRef } from './errors'

export type Headers = Record<string, string | string[] | undefined>

const looksLikeHtml = (text: string, headers: Headers) =>
  /text\/html/i.test(String(headers['content-type'] ?? '')) || /^\s*</.test(text)

function invalid(call: EndpointRef, host: string, what: string): OnedataError {
  return new OnedataError({
    id: CLIENT_ERROR_IDS.badResponse,
    kind: 'response',
    description: `${call.name} (${call.method} ${call.path}) got ${what} from ${host}.`,
    endpoint: call
  })
}

/** The validated value of a 2xx answer (`undefined` schema: no body expected). */
export function decodeAnswer<T>(
  call: EndpointRef,
  host: string,
  text: string,
  headers: Headers,
  schema: z.ZodType<T> | undefined
): T {
  if (!schema) return undefined as T
  if (!text.trim()) throw invalid(call, host, 'an empty answer instead of JSON')
  if (looksLikeHtml(text, headers))
    throw invalid(call, host, 'an HTML page instead of JSON (a proxy or login page in between?)')
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw invalid(call, host, 'an answer that is not valid JSON')
  }
  const result = schema.safeParse(data)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const where = issue.path.length ? issue.path.join('.') : 'the top level'
  throw invalid(call, host, `an answer of the wrong shape (at ${where}: ${issue.message})`)
}

/** The error a non-2xx answer stands for: the server's ErrorJson, or what came instead. */
export function failedAnswer(
  call: EndpointRef,
  status: number,
  text: string,
  headers: Headers
): OnedataError {
  let envelope: unknown
  try {
    envelope = JSON.parse(text)
  } catch {
    envelope = undefined
  }
  const parsed = errorEnvelopeSchema.safeParse(envelope)
  if (parsed.success) return OnedataError.fromServer(status, parsed.data.error, call)
  const body = !text.trim()
    ? 'no explanation'
    : looksLikeHtml(text, headers)
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

/** Retry-After in ms from `now` (seconds or an HTTP date), if the server sent one. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers['retry-after']
  if (typeof value !== 'string') return undefined
  const seconds = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined
}
