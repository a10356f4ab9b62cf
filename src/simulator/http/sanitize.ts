// Request data checks in the manner of op-worker's middleware sanitizer: required keys first,
// then optional ones, each group in key order, the first problem wins (spec §1.1 step 2, §5.2).
import { errors } from '../errors'

export type Check =
  | { type: 'string'; nonEmpty?: boolean }
  | { type: 'integer'; min?: number; max?: number }
  | { type: 'enum'; allowed: readonly string[] }
  | { type: 'object' }
  | { type: 'url' }

export interface DataSpec {
  required?: Record<string, Check>
  optional?: Record<string, Check>
}

export function sanitize(data: Record<string, unknown>, spec: DataSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, check] of sorted(spec.required)) {
    if (data[key] === undefined || data[key] === null) throw errors.missingRequiredValue(key)
    out[key] = checkValue(key, data[key], check)
  }
  for (const [key, check] of sorted(spec.optional)) {
    if (data[key] === undefined) continue
    out[key] = checkValue(key, data[key], check)
  }
  return out
}

const sorted = (checks: Record<string, Check> | undefined) =>
  Object.entries(checks ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

function checkValue(key: string, value: unknown, check: Check): unknown {
  switch (check.type) {
    case 'string':
      if (typeof value !== 'string') throw errors.badValueString(key)
      if (check.nonEmpty && value === '') throw errors.badValueEmpty(key)
      return value
    case 'integer': {
      // Numbers may come as JSON numbers or numeric strings.
      const n =
        typeof value === 'number' && Number.isInteger(value)
          ? value
          : typeof value === 'string' && /^-?\d+$/.test(value)
            ? Number(value)
            : undefined
      if (n === undefined) throw errors.badValueInteger(key)
      if (check.min !== undefined && check.max !== undefined && (n < check.min || n > check.max))
        throw errors.badValueNotInRange(key, check.min, check.max)
      if (check.min !== undefined && n < check.min) throw errors.badValueTooLow(key, check.min)
      return n
    }
    case 'enum':
      if (typeof value !== 'string' || !check.allowed.includes(value))
        throw errors.badValueNotAllowed(key, check.allowed)
      return value
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw errors.badValueJSON(key)
      return value
    case 'url': {
      if (typeof value !== 'string') throw errors.badValueString(key)
      if (!URL.canParse(value) || !['http:', 'https:'].includes(new URL(value).protocol))
        throw errors.badData(key, 'must be a valid http(s) URL')
      return value
    }
  }
}

/** Parses a POST body: empty means `{}`, anything but a JSON object is `malformedData`. */
export function parseBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim()
  if (!text) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw errors.malformedData()
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw errors.malformedData()
  return parsed as Record<string, unknown>
}

/** Body merged with query parameters; on a clash the query parameter wins (spec §1). */
export function requestData(body: Buffer, query: URLSearchParams): Record<string, unknown> {
  return { ...parseBody(body), ...Object.fromEntries(query) }
}
