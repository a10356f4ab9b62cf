// Bounds on what a scenario may ask for, so loading one never starts unbounded work (twenty
// million items, thousands of lanes, a century of history): each field has a maximum, and the
// item passes all executions together would need are counted before anything runs. Also the
// records keyed by names the scenario chooses, kept so `__proto__` or `constructor` are plain keys.
import { z } from 'zod'

export const LIMITS = {
  users: 1000,
  spaces: 1000,
  inventories: 1000,
  schemas: 1000,
  revisions: 100,
  stores: 100,
  lanes: 50,
  parallelBoxes: 20,
  tasks: 50,
  /** Items of a lane's own input store, of a list store's content, of an overlay's list. */
  items: 100_000,
  concurrency: 10_000,
  maxRetries: 100,
  failingItems: 10_000,
  executions: 100_000,
  actions: 1000,
  restarts: 1000,
  /** Any one duration of the timing, in ms (a week). */
  durationMs: 7 * 86_400_000,
  /** How far before or after the start an execution or action may be placed, in seconds. */
  spanSeconds: 366 * 86_400,
  /** Items passing a parallel box, summed over every run every execution may make. */
  itemPasses: 20_000_000
} as const

/** A JSON object of the scenario's own keys (a null-prototype record, so no key is special). */
export function ownRecord<T extends z.ZodType>(
  value: T,
  opts: { max?: number; key?: z.ZodType<string> } = {}
) {
  const max = opts.max ?? 10_000
  return z
    .custom<Record<string, unknown>>(
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
      'expected an object'
    )
    .transform((input, ctx) => {
      const out = Object.create(null) as Record<string, z.output<T>>
      const entries = Object.entries(input)
      if (entries.length > max) ctx.addIssue({ code: 'custom', message: `at most ${max} entries` })
      for (const [key, raw] of entries.slice(0, max)) {
        const keyCheck = opts.key?.safeParse(key)
        if (keyCheck && !keyCheck.success) {
          ctx.addIssue({ code: 'custom', message: keyCheck.error.issues[0]!.message, path: [key] })
          continue
        }
        const parsed = value.safeParse(raw)
        if (parsed.success) out[key] = parsed.data
        else
          for (const issue of parsed.error.issues)
            ctx.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] })
      }
      return out
    })
}

/** The value stored under a key the object itself holds (never one of Object.prototype's). */
export function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined
}

interface WorkLane {
  items: number
  store?: string
  maxRetries: number
  parallelBoxes: unknown[]
}
interface WorkInput {
  schemas: {
    key: string
    revisions: Record<
      string,
      { stores: { key: string; defaultInitialContent?: unknown }[]; lanes: WorkLane[] }
    >
  }[]
  executions: { schema: string; revision: number; overlay?: Record<string, unknown> }[]
}

const length = (v: unknown) => (Array.isArray(v) ? v.length : 0)

/** The item passes every execution of the scenario could make (each lane, its retries included). */
export function itemPasses(s: WorkInput): number {
  const schemas = new Map(s.schemas.map((w) => [w.key, w]))
  let total = 0
  for (const e of s.executions) {
    const revision = own(schemas.get(e.schema)?.revisions, String(e.revision))
    if (!revision) continue
    // An overlay is keyed by store ids the scenario may not know yet: its longest list counts.
    const overlaid = Math.max(0, ...Object.values(e.overlay ?? {}).map(length))
    for (const lane of revision.lanes) {
      const store = revision.stores.find((st) => st.key === lane.store)
      const items = store ? Math.max(length(store.defaultInitialContent), overlaid) : lane.items
      total += items * lane.parallelBoxes.length * (1 + lane.maxRetries)
    }
  }
  return total
}
