// Commands that change an execution. The core checks the action rules first, so a refusal the
// rules already know is explained without a request; otherwise the server's error is shown.
import { readFileSync } from 'node:fs'
import { controlExecution, repeatLaneRun } from '../../core/control'
import type { ExecutionAction } from '../../shared/actions'
import { LOG_LEVELS, isLogLevel } from '../../shared/statuses'
import { resolveSpace, type Context } from '../context'
import { UsageError } from '../io'
import { cleanText } from '../text'

const DONE: Record<ExecutionAction, string> = {
  pause: 'Pausing',
  resume: 'Resuming',
  cancel: 'Cancelling',
  forceContinue: 'Continuing',
  delete: 'Deleted'
}

export function lifecycle(action: ExecutionAction) {
  return async (ctx: Context): Promise<number> => {
    const id = ctx.arg(0, 'execution id')
    const { details: d, note } = await controlExecution(await ctx.provider(), id, action)
    ctx.print(
      { ok: true, atmWorkflowExecutionId: id, ...(note ? { note } : {}) },
      () => `${DONE[action]} ${cleanText(d.name)} (${cleanText(id)}).`
    )
    ctx.note(note)
    return 0
  }
}

export function repeat(type: 'retry' | 'rerun') {
  return async (ctx: Context): Promise<number> => {
    const id = ctx.arg(0, 'execution id')
    const laneIndex = ctx.integer('lane')
    const laneRunNumber = ctx.integer('run')
    if (laneIndex === undefined || laneRunNumber === undefined)
      throw new UsageError('--lane N and --run M are required')
    const { note } = await repeatLaneRun(await ctx.provider(), id, type, laneIndex, laneRunNumber)
    ctx.print(
      { ok: true, atmWorkflowExecutionId: id, laneIndex, laneRunNumber, ...(note ? { note } : {}) },
      () =>
        type === 'retry'
          ? `Retrying the failed items of lane ${laneIndex}, run ${laneRunNumber}.`
          : `Rerunning all items of lane ${laneIndex}, run ${laneRunNumber}.`
    )
    ctx.note(note)
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
  const client = await ctx.provider()
  const revision = ctx.integer('revision')
  if (revision === undefined) throw new UsageError('--revision is required')
  const logLevel = ctx.string('log-level')
  if (logLevel !== undefined && !isLogLevel(logLevel))
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)
  const overlayPath = ctx.string('overlay')
  const { atmWorkflowExecutionId: id, note } = await client.scheduleExecution({
    spaceId: await resolveSpace(ctx, ctx.required('space')),
    atmWorkflowSchemaId: ctx.required('schema'),
    atmWorkflowSchemaRevisionNumber: revision,
    ...(overlayPath ? { storeInitialContentOverlay: readOverlay(overlayPath) } : {}),
    ...(logLevel ? { logLevel } : {}),
    ...(ctx.string('callback') ? { callback: ctx.string('callback') } : {})
  })
  // Accepted but unreadable without an id: nothing on stdout, the note on stderr, still exit 0.
  if (id || ctx.json)
    ctx.print({ atmWorkflowExecutionId: id ?? null, ...(note ? { note } : {}) }, () =>
      cleanText(id!)
    )
  ctx.note(note)
  return 0
}
