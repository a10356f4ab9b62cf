// Faults injected through the control API: the next N matching Onedata requests are slow, fail
// with a server error, lose their connection or get a body that is not what the endpoint sends.
import { z } from 'zod'

export const faultSchema = z.object({
  match: z
    .object({
      method: z.string().toUpperCase().optional(),
      /** A substring of the request path (e.g. `/automation/execution/workflows/`). */
      path: z.string().optional()
    })
    .default({}),
  count: z.number().int().positive().default(1),
  kind: z.enum(['slow', 'status', 'drop', 'malformed', 'respond']),
  /** slow: delay before the request is handled normally */
  delayMs: z.number().int().nonnegative().default(0),
  /** status: the HTTP status to fail with (500, 502, 503, 504, 429 …) */
  status: z.number().int().min(100).max(599).default(503),
  /** status: seconds for a Retry-After header */
  retryAfter: z.number().int().nonnegative().optional(),
  /** status: what the failure body looks like (an ErrorJson, a proxy's HTML page, or nothing) */
  body: z.enum(['json', 'html', 'empty']).default('json'),
  /** respond: an exact reply */
  respond: z
    .object({
      status: z.number().int().min(100).max(599),
      contentType: z.string().default('application/json'),
      body: z.string().default('')
    })
    .optional()
})
export type Fault = z.infer<typeof faultSchema> & { remaining: number }

export class FaultBook {
  private faults: Fault[] = []

  add(input: unknown): Fault {
    const fault = { ...faultSchema.parse(input), remaining: 0 }
    fault.remaining = fault.count
    this.faults.push(fault)
    return fault
  }

  /** Takes the first fault matching this request, counting it down. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.match.method || f.match.method === method) &&
        (!f.match.path || path.includes(f.match.path))
    )
    if (!fault) return undefined
    fault.remaining -= 1
    this.faults = this.faults.filter((f) => f.remaining > 0)
    return fault
  }

  list(): Fault[] {
    return [...this.faults]
  }

  clear(): void {
    this.faults = []
  }
}
