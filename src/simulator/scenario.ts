// The scenario format: users, spaces, inventories, workflow schemas and executions to create at
// start, as data (documented in README.md, "Scenarios"). Validated on load so a bad file gives a
// clear message naming the field.
import { z } from 'zod'
import { SPACE_PRIVILEGES } from '../shared/privileges'
import { LOG_LEVELS } from '../shared/statuses'
import { dataSpecSchema } from './data-values'
import { HOLD_POINTS, STOP_REASONS } from './engine/model'

const ms = z.number().int().nonnegative()

/** Durations of each stage of a lane run, in simulated milliseconds. */
export const timingSchema = z
  .object({
    /** scheduled → preparing */
    scheduleMs: ms,
    /** preparing → enqueued (stores and task executions created) */
    prepareMs: ms,
    /** enqueued → active (first task started) */
    enqueueMs: ms,
    /** time to process one item through every parallel box */
    itemMs: ms,
    /** all items processed → the run ends (tasks finishing) */
    finalizeMs: ms,
    /** a run stopping → its final status (pause, cancel, failure, interrupt, crash) */
    stopMs: ms,
    /** the current run stopped or ended → the workflow's stopped handling (its final status) */
    workflowStopMs: ms,
    /** resuming → the run continues */
    resumeMs: ms
  })
  .partial()
export type Timing = Required<z.infer<typeof timingSchema>>

export const DEFAULT_TIMING: Timing = {
  scheduleMs: 500,
  prepareMs: 1500,
  enqueueMs: 500,
  itemMs: 400,
  finalizeMs: 500,
  stopMs: 1000,
  workflowStopMs: 500,
  resumeMs: 500
}

/** Items (0-based positions in the lane's input) that fail in a task, on their first `times` attempts. */
export const failureRuleSchema = z.object({
  items: z.array(z.number().int().nonnegative()),
  times: z.number().int().positive().optional()
})
export type FailureRule = z.infer<typeof failureRuleSchema>

const taskSchema = z.object({
  name: z.string().min(1),
  id: z.string().min(1).optional(),
  /** Probability that an item fails in this task, decided deterministically per item and attempt. */
  failureRate: z.number().min(0).max(1).default(0),
  fail: z.array(failureRuleSchema).default([]),
  /** How the lambda relays results: `filePipe` streams them, so an interruption loses some. */
  relayMethod: z.enum(['returnValue', 'filePipe']).default('returnValue')
})

const parallelBoxSchema = z.object({
  name: z.string().min(1),
  id: z.string().min(1).optional(),
  /** Time one item spends in this box's tasks (the lane's `itemMs` when absent). */
  itemMs: ms.optional(),
  tasks: z.array(taskSchema)
})

const laneSchema = z.object({
  name: z.string().min(1),
  id: z.string().min(1).optional(),
  /** How many items the lane's own input store holds by default (file items). */
  items: z.number().int().nonnegative().default(10),
  /** Iterate a store of the revision (its key) instead of the lane's own input store. */
  store: z.string().min(1).optional(),
  maxRetries: z.number().int().nonnegative().default(0),
  /** A task fails the run at once when failed / (processed + in processing) exceeds this. */
  instantFailureExceptionThreshold: z.number().min(0).max(1).default(0.1),
  /** How many items are in processing at once. */
  concurrency: z.number().int().positive().default(10),
  timing: timingSchema.optional(),
  parallelBoxes: z.array(parallelBoxSchema)
})

/** A typed workflow store (op-worker checks initial content against it at schedule time). */
const storeSchema = z.object({
  key: z.string().min(1),
  name: z.string().min(1),
  id: z.string().min(1).optional(),
  type: z.enum(['list', 'singleValue']).default('list'),
  itemDataSpec: dataSpecSchema,
  requiresInitialContent: z.boolean().default(false),
  defaultInitialContent: z.unknown().optional()
})

const revisionSchema = z.object({
  description: z.string().default(''),
  state: z.enum(['draft', 'stable', 'deprecated']).default('stable'),
  /** false: this provider's version cannot run the revision (schedule answers notSupported). */
  compatible: z.boolean().default(true),
  stores: z.array(storeSchema).default([]),
  lanes: z.array(laneSchema)
})

const workflowSchemaSchema = z.object({
  key: z.string().min(1),
  name: z.string().min(1),
  id: z.string().min(1).optional(),
  summary: z.string().default(''),
  inventory: z.string().min(1),
  /** Revision number (as a string key, as Onezone sends them) → revision. */
  revisions: z.record(
    z.string().regex(/^[1-9]\d*$/, 'revision numbers are positive integers'),
    revisionSchema
  )
})

const privilegeNames = Object.values(SPACE_PRIVILEGES) as [string, ...string[]]
const privilegeSchema = z
  .enum(['view', 'schedule', 'manage', ...privilegeNames])
  .transform((p) =>
    p in SPACE_PRIVILEGES ? SPACE_PRIVILEGES[p as keyof typeof SPACE_PRIVILEGES] : p
  )

const userSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'user names are letters, digits, - and _'),
  fullName: z.string().optional(),
  id: z.string().min(1).optional(),
  /** A fixed token for tests; a random one is made when absent. */
  token: z.string().min(8).optional(),
  /** Space key → automation privileges the user holds in that space (membership implied). */
  spaces: z.record(z.string(), z.array(privilegeSchema)).default({}),
  inventories: z.array(z.string()).default([])
})

const spaceSchema = z.object({
  key: z.string().min(1),
  name: z.string().min(1),
  id: z.string().min(1).optional(),
  /** Whether this provider supports the space (an unsupported one is served by another provider). */
  supported: z.boolean().default(true)
})

const inventorySchema = z.object({
  key: z.string().min(1),
  name: z.string().min(1),
  id: z.string().min(1).optional()
})

const holdPoint = z.enum(HOLD_POINTS)
/** Where an execution is held: a point, optionally only for one lane (1-based) and run (null = prepared in advance). */
export const holdShape = {
  point: holdPoint,
  lane: z.number().int().positive().optional(),
  run: z.number().int().positive().nullable().optional()
}

/** Which preparation fails, and when: before or after the run's stores and tasks exist. */
export const preparationFailureShape = {
  stage: z.enum(['beforeRunCreation', 'afterRunCreation']).default('afterRunCreation'),
  lane: z.number().int().positive().optional(),
  run: z.number().int().positive().nullable().optional()
}

/** Something that happens to an execution at a time relative to the simulator's start (seconds). */
export const scenarioActionSchema = z.discriminatedUnion('do', [
  z.object({
    at: z.number(),
    do: z.enum(['pause', 'resume', 'cancel', 'forceContinue', 'delete'])
  }),
  z.object({
    at: z.number(),
    do: z.enum(['retry', 'rerun']),
    lane: z.number().int().positive(),
    run: z.number().int().positive()
  }),
  z.object({ at: z.number(), do: z.literal('crash') }),
  z.object({
    at: z.number(),
    do: z.literal('interrupt'),
    /** Resume automatically this many seconds after the interruption (as on a provider restart). */
    resumeAfter: z.number().nonnegative().optional()
  }),
  z.object({
    at: z.number(),
    do: z.literal('failPreparation'),
    ...preparationFailureShape
  }),
  z.object({ at: z.number(), do: z.literal('stop'), reason: z.enum(STOP_REASONS) }),
  z.object({ at: z.number(), do: z.literal('hold'), ...holdShape }),
  z.object({ at: z.number(), do: z.literal('release'), ...holdShape, point: holdPoint.optional() }),
  z.object({
    at: z.number(),
    do: z.literal('failItems'),
    task: z.string().optional(),
    items: z.array(z.number().int().nonnegative()),
    times: z.number().int().positive().optional()
  })
])
export type ScenarioAction = z.infer<typeof scenarioActionSchema>

/** op-worker's garbage collector: ended executions go after 15 days, suspended after 30, checked hourly. */
export const DEFAULT_RETENTION = {
  endedSeconds: 1_296_000,
  suspendedSeconds: 2_592_000,
  checkIntervalSeconds: 3600
}

export const OPENFAAS_STATUSES = ['healthy', 'notConfigured', 'unreachable', 'unhealthy'] as const

export const retentionSchema = z.object({
  endedSeconds: z.number().int().positive().default(DEFAULT_RETENTION.endedSeconds),
  suspendedSeconds: z.number().int().positive().default(DEFAULT_RETENTION.suspendedSeconds),
  checkIntervalSeconds: z.number().int().positive().default(DEFAULT_RETENTION.checkIntervalSeconds)
})

const providerSchema = z.object({
  name: z.string().default('Simulated Oneprovider'),
  id: z.string().min(1).optional(),
  /** What scheduling finds when it checks OpenFaaS (anything but healthy refuses schedules). */
  openfaas: z.enum(OPENFAAS_STATUSES).default('healthy'),
  retention: retentionSchema.default(DEFAULT_RETENTION)
})

const executionSchema = z.object({
  id: z.string().min(1).optional(),
  schema: z.string().min(1),
  revision: z.number().int().positive(),
  space: z.string().min(1),
  user: z.string().min(1),
  /** Schedule time in seconds relative to the simulator's start (negative = in the past). */
  at: z.number(),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  callback: z.string().optional(),
  overlay: z.record(z.string(), z.unknown()).optional(),
  actions: z.array(scenarioActionSchema).default([])
})

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    seed: z.number().int().default(1),
    provider: providerSchema.default({
      name: 'Simulated Oneprovider',
      openfaas: 'healthy',
      retention: DEFAULT_RETENTION
    }),
    timing: timingSchema.default({}),
    users: z.array(userSchema).min(1, 'a scenario needs at least one user'),
    spaces: z.array(spaceSchema).default([]),
    inventories: z.array(inventorySchema).default([]),
    schemas: z.array(workflowSchemaSchema).default([]),
    executions: z.array(executionSchema).default([]),
    /** Provider restarts (seconds relative to start): ongoing executions are interrupted. */
    restarts: z
      .array(z.object({ at: z.number(), autoResume: z.boolean().default(true) }))
      .default([])
  })
  .superRefine((s, ctx) => {
    const keys = (list: { key: string }[]) => new Set(list.map((x) => x.key))
    const spaces = keys(s.spaces)
    const inventories = keys(s.inventories)
    const schemas = new Map(s.schemas.map((w) => [w.key, w]))
    const users = new Set(s.users.map((u) => u.name))
    const refError = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message })
    s.users.forEach((u, i) => {
      for (const sp of Object.keys(u.spaces))
        if (!spaces.has(sp)) refError(['users', i, 'spaces', sp], `unknown space "${sp}"`)
      u.inventories.forEach((inv, j) => {
        if (!inventories.has(inv))
          refError(['users', i, 'inventories', j], `unknown inventory "${inv}"`)
      })
    })
    s.schemas.forEach((w, i) => {
      if (!inventories.has(w.inventory))
        refError(['schemas', i, 'inventory'], `unknown inventory "${w.inventory}"`)
      for (const [num, rev] of Object.entries(w.revisions)) {
        const path = ['schemas', i, 'revisions', num]
        const stores = new Map(rev.stores.map((st) => [st.key, st]))
        if (stores.size < rev.stores.length) refError([...path, 'stores'], 'store keys repeat')
        rev.lanes.forEach((lane, l) => {
          if (lane.store === undefined) return
          const store = stores.get(lane.store)
          if (!store) refError([...path, 'lanes', l, 'store'], `unknown store "${lane.store}"`)
          else if (store.type !== 'list')
            refError([...path, 'lanes', l, 'store'], `store "${lane.store}" is not a list store`)
        })
      }
    })
    s.executions.forEach((e, i) => {
      const schema = schemas.get(e.schema)
      if (!schema) refError(['executions', i, 'schema'], `unknown schema "${e.schema}"`)
      else if (!schema.revisions[String(e.revision)])
        refError(
          ['executions', i, 'revision'],
          `schema "${e.schema}" has no revision ${e.revision}`
        )
      if (!spaces.has(e.space)) refError(['executions', i, 'space'], `unknown space "${e.space}"`)
      if (!users.has(e.user)) refError(['executions', i, 'user'], `unknown user "${e.user}"`)
    })
  })

export type Scenario = z.infer<typeof scenarioSchema>
export type ScenarioInput = z.input<typeof scenarioSchema>
export type ScenarioSchema = Scenario['schemas'][number]
export type ScenarioLane = ScenarioSchema['revisions'][string]['lanes'][number]

/** Validates a scenario, turning zod's issues into one readable message. */
export function parseScenario(data: unknown, source = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(data)
  if (result.success) return result.data
  const problems = result.error.issues
    .slice(0, 8)
    .map((i) => `  - ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`)
  throw new Error(`${source} is not a valid scenario:\n${problems.join('\n')}`)
}
