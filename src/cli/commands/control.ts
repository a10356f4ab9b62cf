// Commands that change an execution. The action rules are checked first, so a refusal the rules
// already know is explained without a request; otherwise the server's error is shown.
import { readFileSync } from 'node:fs'
import { executionActions, refusal, runActions, type ExecutionAction } from '../../shared/actions'
import type { LifecycleAction } from '../../core/onedata'
import { LOG_LEVELS, isLogLevel } from '../../shared/statuses'
import { resolveSpace, type Context } from '../context'
import { RefusedError, UsageError } from '../io'

const LIFECYCLE: Record<
  Exclude<ExecutionAction, 'delete'>,
  { call: LifecycleAction; done: string }
> = {
  pause: { call: 'pause', done: 'Pausing' },
  resume: { call: 'resume', done: 'Resuming' },
  cancel: { call: 'cancel', done: 'Cancelling' },
  forceContinue: { call: 'force_continue', done: 'Continuing' }
}

export function lifecycle(action: ExecutionAction) {
  return async (ctx: Context): Promise<number> => {
    const client = ctx.provider()
    const id = ctx.arg(0, 'execution id')
    const d = await client.getExecution(id)
    const verdict = executionActions(d)[action]
    if (!verdict.allowed) throw new RefusedError(refusal(action, verdict)!)
    if (action === 'delete') {
      await client.deleteExecution(id)
      ctx.print({ ok: true, atmWorkflowExecutionId: id }, () => `Deleted ${d.name} (${id}).`)
      return 0
    }
    const { call, done } = LIFECYCLE[action]
    await client.lifecycle(call, id)
    ctx.print({ ok: true, atmWorkflowExecutionId: id }, () => `${done} ${d.name} (${id}).`)
    return 0
  }
}

export function repeat(type: 'retry' | 'rerun') {
  return async (ctx: Context): Promise<number> => {
    const client = ctx.provider()
    const id = ctx.arg(0, 'execution id')
    const laneIndex = ctx.integer('lane', 1)
    const laneRunNumber = ctx.integer('run', 1)
    if (laneIndex === undefined || laneRunNumber === undefined)
      throw new UsageError('--lane N and --run M are required')
    const d = await client.getExecution(id)
    const lane = d.lanes[laneIndex - 1]
    if (!lane)
      throw new RefusedError(
        `cannot ${type}: the execution has ${d.lanes.length} lanes, not ${laneIndex}`
      )
    const run = lane.runs.find((r) => r.runNumber === laneRunNumber)
    if (!run)
      throw new RefusedError(`cannot ${type}: lane ${laneIndex} has no run ${laneRunNumber}`)
    const verdict = runActions(d, run)[type]
    if (!verdict.allowed) throw new RefusedError(refusal(type, verdict)!)
    await client.repeatLaneRun(type, id, { laneIndex, laneRunNumber })
    ctx.print({ ok: true, atmWorkflowExecutionId: id, laneIndex, laneRunNumber }, () =>
      type === 'retry'
        ? `Retrying the failed items of lane ${laneIndex}, run ${laneRunNumber}.`
        : `Rerunning all items of lane ${laneIndex}, run ${laneRunNumber}.`
    )
    return 0
  }
}

function readOverlay(path: string): Record<string, unknown> {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new UsageError(`cannot read the overlay file ${path}: ${(err as Error).message}`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UsageError(
      `the overlay file ${path} must hold a JSON object {storeSchemaId: content}`
    )
  return data as Record<string, unknown>
}

export async function schedule(ctx: Context): Promise<number> {
  const client = ctx.provider()
  const revision = ctx.integer('revision', 1)
  if (revision === undefined) throw new UsageError('--revision is required')
  const logLevel = ctx.string('log-level')
  if (logLevel !== undefined && !isLogLevel(logLevel))
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)
  const overlayPath = ctx.string('overlay')
  const id = await client.scheduleExecution({
    spaceId: await resolveSpace(ctx, ctx.required('space')),
    atmWorkflowSchemaId: ctx.required('schema'),
    atmWorkflowSchemaRevisionNumber: revision,
    ...(overlayPath ? { storeInitialContentOverlay: readOverlay(overlayPath) } : {}),
    ...(logLevel ? { logLevel } : {}),
    ...(ctx.string('callback') ? { callback: ctx.string('callback') } : {})
  })
  ctx.print({ atmWorkflowExecutionId: id }, () => id)
  return 0
}
