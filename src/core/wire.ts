// What crosses a process boundary (Electron's IPC, the harness's WebSocket) must be plain data
// that both structured clone and JSON carry alike: null, booleans, finite numbers, strings,
// arrays and plain objects, not too deep. `toWire` makes an iterative copy that is exactly that,
// or says what is in the way, so a bad value fails one call instead of the process.

export const WIRE_LIMITS = { maxDepth: 64, maxNodes: 5_000_000 }

type Container = Record<string, unknown> | unknown[]

interface Frame {
  from: unknown
  into: Container
  key: string | number
  depth: number
  parent?: Frame
}

/** Where a frame sits, e.g. `value.accounts[3].label` (built only when something is wrong). */
function pathOf(frame: Frame): string {
  const parts: string[] = []
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent)
    parts.push(typeof f.key === 'number' ? `[${f.key}]` : `.${f.key}`)
  return `value${parts.reverse().join('')}`
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

const describe = (v: unknown): string =>
  typeof v === 'object' ? `an object of type ${v?.constructor?.name ?? 'unknown'}` : `a ${typeof v}`

export type Wire = { ok: true; value: unknown } | { ok: false; problem: string }

export function toWire(value: unknown, limits = WIRE_LIMITS): Wire {
  if (value === undefined) return { ok: true, value }
  const root: unknown[] = []
  const stack: Frame[] = [{ from: value, into: root, key: 0, depth: 0 }]
  let nodes = 0
  while (stack.length) {
    const frame = stack.pop()!
    const { from, into, key, depth } = frame
    const path = () => pathOf(frame)
    if (++nodes > limits.maxNodes)
      return { ok: false, problem: `it holds more than ${limits.maxNodes} values` }
    let copy: unknown
    if (from === null || typeof from === 'string' || typeof from === 'boolean') copy = from
    else if (typeof from === 'number') {
      if (!Number.isFinite(from)) return { ok: false, problem: `${path()} is ${from}` }
      copy = from
    } else if (from === undefined && Array.isArray(into)) copy = null
    else if (typeof from === 'object' && (Array.isArray(from) || isPlainObject(from))) {
      if (depth >= limits.maxDepth)
        return {
          ok: false,
          problem: `it is nested deeper than ${limits.maxDepth} levels (or circular) at ${path()}`
        }
      const out: Container = Array.isArray(from) ? new Array<unknown>(from.length) : {}
      const entries: [string | number, unknown][] = Array.isArray(from)
        ? Array.from(from as unknown[], (v, i): [number, unknown] => [i, v])
        : Object.entries(from)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!
        if (v === undefined && !Array.isArray(from)) continue
        stack.push({ from: v, into: out, key: k, depth: depth + 1, parent: frame })
      }
      copy = out
    } else return { ok: false, problem: `${path()} is ${describe(from)}` }
    Object.defineProperty(into, key, {
      value: copy,
      enumerable: true,
      writable: true,
      configurable: true
    })
  }
  return { ok: true, value: root[0] }
}
