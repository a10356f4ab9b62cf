// What crosses a process boundary (Electron's IPC, the harness's WebSocket) must be plain data
// that both structured clone and JSON carry: null, booleans, finite numbers, strings, arrays and
// plain objects (undefined where JSON drops it), not too deep and not too many. `wireProblem`
// checks that iteratively and says what is in the way, so a bad value fails one call instead of
// the process. It copies nothing: a reply that is fine is sent as it is.

export const WIRE_LIMITS = { maxDepth: 64, maxNodes: 5_000_000 }

interface Frame {
  value: object
  depth: number
  parent?: Frame
  key?: string | number
}

/** Where a value sits, e.g. `value.accounts[3].label` (built only when something is wrong). */
function pathOf(frame: Frame, key?: string | number): string {
  const keys: (string | number)[] = key === undefined ? [] : [key]
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key!)
  return `value${keys
    .reverse()
    .map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`))
    .join('')}`
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

/** What is wrong with a value that is not an object, or undefined when nothing is. */
function leafProblem(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'string' || typeof v === 'boolean') return undefined
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : String(v)
  return `a ${typeof v}`
}

const objectProblem = (v: object): string | undefined =>
  Array.isArray(v) || isPlainObject(v)
    ? undefined
    : `an object of type ${(v as { constructor?: { name?: string } }).constructor?.name ?? 'unknown'}`

/** Why `value` cannot cross a process boundary, or undefined when it can. Never throws. */
export function wireProblem(value: unknown, limits = WIRE_LIMITS): string | undefined {
  try {
    return check(value, limits)
  } catch (err) {
    // A getter or a proxy that throws while the value is read.
    return `reading it failed (${err instanceof Error ? err.message : 'a non-error was thrown'})`
  }
}

function check(value: unknown, limits: typeof WIRE_LIMITS): string | undefined {
  if (typeof value !== 'object' || value === null) {
    const problem = leafProblem(value)
    return problem && `value is ${problem}`
  }
  const rootProblem = objectProblem(value)
  if (rootProblem) return `value is ${rootProblem}`
  const stack: Frame[] = [{ value, depth: 0 }]
  let nodes = 1
  while (stack.length) {
    const frame = stack.pop()!
    if (frame.depth >= limits.maxDepth)
      return `it is nested deeper than ${limits.maxDepth} levels (or circular) at ${pathOf(frame)}`
    const container = frame.value as Record<string | number, unknown>
    const keys: (string | number)[] = Array.isArray(container)
      ? Array.from(container.keys())
      : Object.keys(container)
    nodes += keys.length
    if (nodes > limits.maxNodes) return `it holds more than ${limits.maxNodes} values`
    for (const key of keys) {
      const v = container[key]
      const problem = typeof v === 'object' && v !== null ? objectProblem(v) : leafProblem(v)
      if (problem) return `${pathOf(frame, key)} is ${problem}`
      if (typeof v === 'object' && v !== null)
        stack.push({ value: v, depth: frame.depth + 1, parent: frame, key })
    }
  }
  return undefined
}
