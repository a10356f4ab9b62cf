// Reading commands: spaces, list, show, audit-log.
import type { ExecutionDetails } from '../../shared/execution'
import { isPhase, PHASES, type Phase } from '../../shared/statuses'
import { OnedataError } from '../../core/onedata'
import { resolveSpace, type Context } from '../context'
import { renderDetails, table, time, timeMs } from '../format'
import { UsageError } from '../io'
import { cleanText } from '../text'
import { AppError } from '../../core/errors'

export async function spaces(ctx: Context): Promise<number> {
  const list = await (await ctx.provider()).listSpaces()
  ctx.print(list, () =>
    list.length
      ? table(
          ['SPACE ID', 'NAME'],
          list.map((s) => [s.spaceId, s.name])
        )
      : 'No spaces.'
  )
  return 0
}

/** Runs `work` over `items` with at most `limit` in flight, keeping order. */
async function mapBounded<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

type Row = { id: string; details?: ExecutionDetails; error?: string }

export async function list(ctx: Context): Promise<number> {
  const client = await ctx.provider()
  const spaceId = await resolveSpace(ctx, ctx.required('space'))
  const phaseArg = ctx.string('phase') ?? 'ongoing'
  if (!isPhase(phaseArg))
    throw new UsageError(`--phase must be one of ${PHASES.join(', ')}, got "${phaseArg}"`)
  const phase: Phase = phaseArg
  const limit = ctx.integer('limit')

  if (ctx.flags.all !== true) {
    const page = await client.listExecutions(spaceId, { phase, limit })
    ctx.print(page, () => {
      if (!page.atmWorkflowExecutions.length) return `No ${phase} executions.`
      const more = page.isLast ? '' : '\n(more executions: add --all to list them all)'
      return page.atmWorkflowExecutions.map(cleanText).join('\n') + more
    })
    return 0
  }

  const ids: string[] = []
  for await (const batch of client.iterateExecutionIds(spaceId, phase, { pageSize: limit ?? 1000 }))
    ids.push(...batch)
  const rows = await mapBounded(ids, 8, async (id): Promise<Row> => {
    try {
      return { id, details: await client.getExecution(id) }
    } catch (err) {
      if (err instanceof OnedataError && err.kind === 'server') return { id, error: err.id }
      throw err
    }
  })
  const summary = rows.map((r) =>
    r.details
      ? {
          id: r.id,
          name: r.details.name,
          status: r.details.status,
          scheduleTime: r.details.scheduleTime,
          startTime: r.details.startTime,
          finishTime: r.details.finishTime
        }
      : { id: r.id, error: r.error }
  )
  ctx.print(summary, () => {
    if (!rows.length) return `No ${phase} executions.`
    return table(
      ['EXECUTION ID', 'NAME', 'STATUS', 'SCHEDULED', 'STARTED', 'FINISHED'],
      rows.map((r) =>
        r.details
          ? [
              r.id,
              r.details.name,
              r.details.status,
              time(r.details.scheduleTime),
              time(r.details.startTime),
              time(r.details.finishTime)
            ]
          : [r.id, `(unavailable: ${r.error})`, '?', '', '', '']
      )
    )
  })
  return 0
}

export async function show(ctx: Context): Promise<number> {
  const d = await (await ctx.provider()).getExecution(ctx.arg(0, 'execution id'))
  ctx.print(d, () => renderDetails(d))
  return 0
}

export async function auditLog(ctx: Context): Promise<number> {
  const client = await ctx.provider()
  const d = await client.getExecution(ctx.arg(0, 'execution id'))
  if (!d.systemAuditLogStoreId)
    throw new AppError('execution.noAuditLog', 'the execution has no audit log')
  const entries = await client.dumpAuditLog(d.systemAuditLogStoreId)
  ctx.print(entries, () =>
    entries.length
      ? entries
          .map(
            (e) =>
              `${timeMs(e.timestamp)}  ${cleanText(e.severity).padEnd(9)} ${cleanText(e.content.description ?? JSON.stringify(e.content))}`
          )
          .join('\n')
      : 'The audit log is empty.'
  )
  return 0
}
