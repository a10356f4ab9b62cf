// Commands that change an execution. The core checks the action rules first, so a refusal the
// rules already know is explained without a request; otherwise the server's error is shown.
import { readFileSync } from 'node:fs'
import { controlExecution, repeatLaneRun } from '../../core/control'
import type { ExecutionAction } from '../../shared/actions'
import { LOG_LEVELS, isLogLevel } from '../../shared/statuses'
import { isWithinLimits } from '../../shared/bounded'
import {
  DEFAULT_LOG_LEVEL,
  OVERLAY_LIMITS,
  OVERLAY_TOO_LARGE,
  checkCallbackUrl
} from '../../shared/schedule'
import { parseJsonText } from '../../shared/json-text'
import type { RevisionView } from '../../shared/workflow-catalog'
import { readRevision, scheduleWorkflow } from '../../core/schedule'
import { AppError } from '../../core/errors'
import { OnedataError } from '../../core/onedata'
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
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new UsageError(`cannot read the overlay file ${path}: ${(err as Error).message}`)
  }
  const parsed = parseJsonText(text)
  if (!parsed.ok)
    throw new UsageError(
      `the overlay file ${path} is not valid JSON: ${parsed.message} (line ${parsed.line}, column ${parsed.column})`
    )
  const data = parsed.value
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UsageError(
      `the overlay file ${path} must hold a JSON object {storeSchemaId: content}`
    )
  if (!isWithinLimits(data, OVERLAY_LIMITS))
    throw new UsageError(`the overlay file ${path} is too large: ${OVERLAY_TOO_LARGE}`)
  return data as Record<string, unknown>
}

/**
 * The revision's store schemas from Onezone, to check the overlay before sending. When Onezone
 * cannot tell (unreachable, no Onezone known), the provider alone checks it: said on stderr.
 */
async function revisionToCheck(
  ctx: Context,
  schemaId: string,
  revision: number
): Promise<RevisionView | undefined> {
  const unchecked = (why: string) => {
    ctx.io.err(`lanewatch: note: the overlay was not checked before sending (${cleanText(why)})`)
    return undefined
  }
  let zone
  try {
    zone = await ctx.onezone()
  } catch (err) {
    return unchecked(err instanceof OnedataError ? err.userMessage() : String(err))
  }
  if (!zone) return unchecked('no Onezone known: add --onezone URL')
  try {
    return await readRevision(zone, schemaId, revision)
  } catch (err) {
    // No such schema or revision, or no access to it: the provider would refuse it the same way.
    const refused =
      err instanceof OnedataError && err.kind === 'server' && [403, 404].includes(err.httpStatus!)
    if (err instanceof AppError || refused) throw err
    return unchecked(err instanceof OnedataError ? err.userMessage() : String(err))
  }
}

export async function schedule(ctx: Context): Promise<number> {
  const revision = ctx.integer('revision')
  if (revision === undefined) throw new UsageError('--revision is required')
  const logLevel = ctx.string('log-level') ?? DEFAULT_LOG_LEVEL
  if (!isLogLevel(logLevel))
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)
  const callback = checkCallbackUrl(ctx.string('callback') ?? '')
  if (!callback.ok) throw new UsageError(`--callback ${callback.reason}`)
  const schemaId = ctx.required('schema')
  const spaceId = await resolveSpace(ctx, ctx.required('space'))
  const overlayPath = ctx.string('overlay')
  const overlay = overlayPath ? readOverlay(overlayPath) : undefined
  const { executionId, notes } = await scheduleWorkflow(
    await ctx.provider(),
    {
      spaceId,
      atmWorkflowSchemaId: schemaId,
      revisionNumber: revision,
      overlay,
      logLevel,
      callback: callback.url
    },
    await revisionToCheck(ctx, schemaId, revision)
  )
  for (const note of [...(callback.note ? [`--callback: ${callback.note}`] : []), ...notes])
    ctx.io.err(`lanewatch: note: ${cleanText(note)}`)
  // Accepted but unreadable without an id: nothing on stdout, the note on stderr, still exit 0.
  if (executionId || ctx.json)
    ctx.print({ atmWorkflowExecutionId: executionId, ...(notes.length ? { notes } : {}) }, () =>
      cleanText(executionId!)
    )
  return 0
}
