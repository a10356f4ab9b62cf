// The scenario's `generator`: keeps a world alive by scheduling new executions every minute or
// two of simulated time, with a mix of what happens to them (see generator.ts). Validated with
// the rest of the scenario, so a mistake names its field.
import { z } from 'zod'
import { SPACE_PRIVILEGES } from '../shared/privileges'
import { own } from './scenario-limits'

/** What can happen to a generated execution. */
export const BEHAVIOURS = [
  /** runs to its end */
  'finish',
  /** an item fails once in `failTask`: the lane's automatic retry then finishes it */
  'retry',
  /** an item fails in `failTask` on every try: the retries run out and it ends failed */
  'fail',
  /** the user cancels it a minute or so in */
  'cancel',
  /** the engine crashes a minute or so in */
  'crash',
  /** once it has finished, the user reruns one of its lanes */
  'rerun',
  /** its first lane run is prepared, then nothing happens for `holdMinutes.stall` */
  'stall',
  /** the user pauses it a minute in and resumes it after `holdMinutes.pause` */
  'pause',
  /** it waits, scheduled, for `holdMinutes.queue` before its preparation starts */
  'queue'
] as const
export type Behaviour = (typeof BEHAVIOURS)[number]

/** Behaviours that keep a phase populated: each comes once per cycle, at a fixed place. */
export const PHASE_KEEPERS = ['queue', 'pause', 'stall'] as const

const workflowSchema = z.object({
  schema: z.string().min(1),
  revision: z.number().int().positive(),
  space: z.string().min(1),
  /** A task (by name) of a lane with automatic retries, where `retry` and `fail` make items fail. */
  failTask: z.string().min(1).optional(),
  /** Behaviours this workflow never takes (e.g. `crash`). */
  never: z.array(z.enum(BEHAVIOURS)).default([])
})

export const generatorSchema = z
  .object({
    /** Seconds relative to start when generating begins (negative: the world starts lived-in). */
    from: z.number().int().min(-86_400).max(0).default(-7200),
    /** A new execution every this many seconds, drawn evenly from the range. */
    everySeconds: z
      .tuple([z.number().int().min(10), z.number().int().min(10)])
      .refine(([low, high]) => low <= high, 'the first number is the shortest interval')
      .default([60, 100]),
    /** Who schedules them. */
    user: z.string().min(1),
    workflows: z.array(workflowSchema).min(1).max(100),
    /** How many executions of each behaviour make one cycle (shuffled; one of each phase keeper
     *  at a fixed place, started together with the next execution). */
    mix: z.partialRecord(z.enum(BEHAVIOURS), z.number().int().nonnegative().max(100)),
    holdMinutes: z
      .object({
        stall: z.number().positive().max(1440).default(45),
        pause: z.number().positive().max(1440).default(40),
        queue: z.number().positive().max(1440).default(40)
      })
      .default({ stall: 45, pause: 40, queue: 40 })
  })
  .superRefine((g, ctx) => {
    const count = (keys: readonly Behaviour[]) => keys.reduce((n, b) => n + (g.mix[b] ?? 0), 0)
    // Keepers start alongside another execution: only the others take the cadence's turns.
    const turns = count(BEHAVIOURS) - count(PHASE_KEEPERS)
    if (turns < 1)
      return ctx.addIssue({
        code: 'custom',
        path: ['mix'],
        message: 'needs a behaviour besides queue, pause and stall'
      })
    // A keeper must outlast the longest cycle, or its phase would go empty between two of them.
    const longestCycleMin = Math.round((turns * g.everySeconds[1]) / 6) / 10
    for (const keeper of PHASE_KEEPERS)
      if (g.mix[keeper] && g.holdMinutes[keeper] <= longestCycleMin)
        ctx.addIssue({
          code: 'custom',
          path: ['holdMinutes', keeper],
          message: `must be longer than a cycle (${turns} turns, up to ${longestCycleMin} minutes)`
        })
  })
export type GeneratorConfig = z.infer<typeof generatorSchema>

interface ReferenceScope {
  users: { name: string; spaces: Record<string, string[]>; inventories: string[] }[]
  spaces: { key: string; supported: boolean }[]
  schemas: {
    key: string
    inventory: string
    revisions: Record<
      string,
      { lanes: { maxRetries: number; parallelBoxes: { tasks: { name: string }[] }[] }[] }
    >
  }[]
}

/** The generator's references to the rest of the scenario: each names what it points at. */
export function checkGeneratorReferences(
  g: GeneratorConfig,
  s: ReferenceScope,
  problem: (path: (string | number)[], message: string) => void
): void {
  const user = s.users.find((u) => u.name === g.user)
  if (!user) problem(['generator', 'user'], `unknown user "${g.user}"`)
  g.workflows.forEach((w, i) => {
    const path = ['generator', 'workflows', i]
    const space = s.spaces.find((sp) => sp.key === w.space)
    if (!space) problem([...path, 'space'], `unknown space "${w.space}"`)
    else if (!space.supported)
      problem([...path, 'space'], `space "${w.space}" is not supported here`)
    else if (user && !own(user.spaces, w.space)?.includes(SPACE_PRIVILEGES.schedule))
      problem([...path, 'space'], `user "${g.user}" may not schedule in space "${w.space}"`)
    const schema = s.schemas.find((x) => x.key === w.schema)
    if (user && schema && !user.inventories.includes(schema.inventory))
      problem([...path, 'schema'], `user "${g.user}" is not in the inventory of "${w.schema}"`)
    const revision =
      schema && Object.hasOwn(schema.revisions, String(w.revision))
        ? schema.revisions[String(w.revision)]
        : undefined
    if (!revision)
      return problem([...path, 'schema'], `no schema "${w.schema}" revision ${w.revision}`)
    if (w.failTask === undefined) return
    const lane = revision.lanes.find((l) =>
      l.parallelBoxes.some((b) => b.tasks.some((t) => t.name === w.failTask))
    )
    if (!lane) problem([...path, 'failTask'], `no task "${w.failTask}" in the revision`)
    else if (lane.maxRetries < 1)
      problem([...path, 'failTask'], `the lane of "${w.failTask}" has no automatic retries`)
  })
  const failing = g.workflows.some((w) => w.failTask !== undefined)
  if ((g.mix.retry || g.mix.fail) && !failing)
    problem(['generator', 'workflows'], 'retry and fail need a workflow with a failTask')
}
