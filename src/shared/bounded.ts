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

/** Sets an own property, so that a key named "__proto__" stays a key. */
function setOwn(target: Container, key: string | number, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true
    })
  else (target as Record<string | number, unknown>)[key] = value
}

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null

/** A leaf as it is kept: strings cut to length, anything JSON cannot hold named. */
function leaf(v: unknown, limits: ValueLimits): unknown {
  if (typeof v === 'string')
    return v.length > limits.maxStringLength
      ? `${v.slice(0, limits.maxStringLength)}[cut: ${v.length - limits.maxStringLength} more characters]`
      : v
  if (v === null || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  return `[cut: a value of type ${typeof v}]`
}

interface Frame {
  from: Container
  into: Container
  key: string | number
  depth: number
}

/**
 * Whether `values` (at `depth`, `nodes` counted so far) are already within the limits: a walk
 * that allocates nothing per value, so values within the limits cost little and are not copied.
 */
function withinLimits(
  values: unknown[],
  depth: number,
  nodes: number,
  limits: ValueLimits
): boolean {
  const stack: Container[] = []
  const depths: number[] = []
  const visit = (children: unknown[], at: number): boolean => {
    nodes += children.length
    if (nodes > limits.maxNodes) return false
    for (const v of children) {
      if (isContainer(v)) {
        stack.push(v)
        depths.push(at)
      } else if (leaf(v, limits) !== v) return false
    }
    return true
  }
  if (!visit(values, depth)) return false
  while (stack.length) {
    const container = stack.pop()!
    const at = depths.pop()!
    if (at >= limits.maxDepth) return false
    if (!visit(Array.isArray(container) ? container : Object.values(container), at + 1))
      return false
  }
  return true
}

/** Whether `value` is within `limits` as it is: nothing nested deeper, more numerous or longer. */
export function isWithinLimits(value: unknown, limits: ValueLimits): boolean {
  return isContainer(value) ? withinLimits([value], 0, 0, limits) : leaf(value, limits) === value
}

/** `value` itself when within `limits`; else a copy with "[cut: …]" notes where it was cut. */
export function boundValue(value: unknown, limits: ValueLimits = PASS_THROUGH_LIMITS): unknown {
  if (!isContainer(value)) return leaf(value, limits)
  if (withinLimits([value], 0, 0, limits)) return value
  const root: unknown[] = [null]
  const stack: Frame[] = [{ from: value, into: root, key: 0, depth: 0 }]
  let reserved = 1
  while (stack.length) {
    const { from, into, key, depth } = stack.pop()!
    if (depth >= limits.maxDepth) {
      setOwn(into, key, `[cut: nested deeper than ${limits.maxDepth} levels]`)
      continue
    }
    const keys = Array.isArray(from) ? undefined : Object.keys(from)
    const size = keys ? keys.length : (from as unknown[]).length
    // Room is reserved when a container is opened, so the total never exceeds the budget.
    const room = Math.max(0, Math.min(size, limits.maxNodes - reserved))
    reserved += room
    const out: Container = keys ? {} : new Array<unknown>(room)
    setOwn(into, key, out)
    // Every kept slot is filled now, in order (containers with a placeholder), so keys keep
    // their order whatever order the containers are walked in.
    for (let i = 0; i < room; i++) {
      const k = keys ? keys[i]! : i
      const v = (from as Record<string | number, unknown>)[k]
      if (isContainer(v)) {
        setOwn(out, k, null)
        stack.push({ from: v, into: out, key: k, depth: depth + 1 })
      } else setOwn(out, k, leaf(v, limits))
    }
    const cut = size - room
    if (!cut) continue
    if (keys) setOwn(out, '[cut]', `${cut} more keys`)
    else (out as unknown[]).push(`[cut: ${cut} more items]`)
  }
  return root[0]
}

/**
 * An object whose keys outside `checked` are bounded together as one pass-through value (the
 * checked keys are left to the schema), so neither their depth nor their number is unbounded.
 */
export function boundExtras(value: unknown, checked: ReadonlySet<string>): unknown {
  if (!isContainer(value) || Array.isArray(value)) return value
  const keys = Object.keys(value)
  const carried = keys.filter((k) => !checked.has(k))
  if (!carried.length) return value
  // Together they are one value (depth 0) whose items are at depth 1.
  if (
    withinLimits(
      carried.map((k) => value[k]),
      1,
      1,
      PASS_THROUGH_LIMITS
    )
  )
    return value
  const known: Record<string, unknown> = {}
  const extras: Record<string, unknown> = {}
  for (const k of keys) setOwn(checked.has(k) ? known : extras, k, value[k])
  const bounded = boundValue(extras) as Record<string, unknown>
  for (const k of Object.keys(bounded)) setOwn(known, k, bounded[k])
  return known
}

/**
 * `z.object(shape).loose()` whose extra keys, and the declared keys listed in `carried` (values
 * the product only carries along, such as error details), are bounded together as they are parsed.
 * One pass per object, before validation, keeps zod's fast path for the object itself.
 */
export function looseObject<S extends z.ZodRawShape>(
  shape: S,
  carried: readonly (keyof S & string)[] = []
) {
  const checked = new Set(Object.keys(shape).filter((k) => !carried.includes(k)))
  return z.preprocess((v) => boundExtras(v, checked), z.object(shape).loose())
}
