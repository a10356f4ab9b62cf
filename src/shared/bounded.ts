// Values a server sends that the product only carries along (extra keys, error details, audit-log
// details) are bounded in depth and size as they are parsed, so that nothing downstream (JSON,
// structured clone, printing) can overflow the stack or drown in them. The walk is iterative:
// a value nested 100,000 levels deep costs a loop, not a stack frame per level. What was cut is
// said in the value itself, with "[cut: …]".
import { z } from 'zod'

export interface ValueLimits {
  /** Containers nested deeper than this become a "[cut: …]" string. */
  maxDepth: number
  /** Values kept in all (containers, strings, numbers…); the rest is cut. */
  maxNodes: number
  /** Characters kept of one string. */
  maxStringLength: number
}

export const PASS_THROUGH_LIMITS: ValueLimits = {
  maxDepth: 32,
  maxNodes: 10_000,
  maxStringLength: 65_536
}

type Container = Record<string, unknown> | unknown[]

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Sets an own property, so that a key named "__proto__" stays a key. */
function setOwn(target: Container, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true
  })
}

function boundString(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}[cut: ${s.length - max} more characters]` : s
}

interface Frame {
  from: unknown
  into: Container
  key: string | number
  depth: number
}

/** A copy of `value` within `limits`; anything cut is replaced by a "[cut: …]" note. */
export function boundValue(value: unknown, limits: ValueLimits = PASS_THROUGH_LIMITS): unknown {
  const root: unknown[] = []
  const stack: Frame[] = [{ from: value, into: root, key: 0, depth: 0 }]
  let reserved = 1
  while (stack.length) {
    const { from, into, key, depth } = stack.pop()!
    if (typeof from === 'string') setOwn(into, key, boundString(from, limits.maxStringLength))
    else if (from === null || typeof from === 'boolean') setOwn(into, key, from)
    else if (typeof from === 'number') setOwn(into, key, Number.isFinite(from) ? from : null)
    else if (Array.isArray(from) || isPlainObject(from)) {
      if (depth >= limits.maxDepth) {
        setOwn(into, key, `[cut: nested deeper than ${limits.maxDepth} levels]`)
        continue
      }
      const entries: [string | number, unknown][] = Array.isArray(from)
        ? from.map((v, i) => [i, v])
        : Object.entries(from)
      // Room is reserved when a container is opened, so the total never exceeds the budget.
      const room = Math.max(0, Math.min(entries.length, limits.maxNodes - reserved))
      reserved += room
      const cut = entries.length - room
      const out: Container = Array.isArray(from) ? [] : {}
      setOwn(into, key, out)
      if (Array.isArray(out)) {
        out.length = room
        if (cut) out.push(`[cut: ${cut} more items]`)
      } else if (cut) setOwn(out, '[cut]', `${cut} more keys`)
      for (let i = room - 1; i >= 0; i--) {
        const [k, v] = entries[i]!
        stack.push({ from: v, into: out, key: k, depth: depth + 1 })
      }
    } else setOwn(into, key, `[cut: a value of type ${typeof from}]`)
  }
  return root[0]
}

/**
 * An object whose extra keys are bounded together as one pass-through value (the declared keys
 * are left to the schema), so neither their depth nor their number is unbounded.
 */
export function boundExtras(value: unknown, declared: ReadonlySet<string>): unknown {
  if (!isPlainObject(value)) return value
  const known: Record<string, unknown> = {}
  const extras: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) setOwn(declared.has(k) ? known : extras, k, v)
  if (!Object.keys(extras).length) return value
  const bounded = boundValue(extras) as Record<string, unknown>
  for (const [k, v] of Object.entries(bounded)) setOwn(known, k, v)
  return known
}

/** A value carried as sent, within the pass-through limits. */
export const passThrough = z.unknown().transform((v) => boundValue(v))

/** A `{key: anything}` map carried as sent, within the pass-through limits. */
export const passThroughRecord = z.preprocess(
  (v) => (isPlainObject(v) ? boundValue(v) : v),
  z.record(z.string(), z.unknown())
)

/** `z.object(shape).loose()` whose extra keys are bounded as they are parsed. */
export function looseObject<S extends z.ZodRawShape>(shape: S) {
  const declared = new Set(Object.keys(shape))
  return z.preprocess((v) => boundExtras(v, declared), z.object(shape).loose())
}
