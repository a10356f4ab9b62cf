// `lanewatch snapshot save WID -o FILE | show FILE | diff A B | diff A --live`: save an execution
// to a file for offline review, print one, compare two, or one with the execution as its provider
// has it now. `show` and `diff` of two files need no account, keychain or network.
import { accessSync, constants, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { AppError } from '../../core/errors'
import { loadSnapshot, saveSnapshot, SnapshotError } from '../../core/snapshots'
import type { LoadedSnapshot } from '../../core/snapshots'
import { emptyObservations } from '../../shared/observations'
import { compareExecutions, type ExecutionState } from '../../shared/snapshot-diff'
import type { Context } from '../context'
import { UsageError } from '../io'
import { cleanJson, cleanText } from '../text'
import { renderDiff, renderSnapshot } from './snapshot-render'

export async function snapshot(ctx: Context): Promise<number> {
  const action = ctx.arg(0, 'snapshot action (save, show or diff)')
  const actions: Record<string, (ctx: Context) => Promise<number>> = { save, show, diff }
  const run = Object.hasOwn(actions, action) ? actions[action] : undefined
  if (!run)
    throw new UsageError(`unknown snapshot action "${cleanText(action)}" (save, show or diff)`)
  try {
    return await run(ctx)
  } catch (err) {
    // Messages may quote a file's content (names, versions): cleaned before they are shown.
    if (err instanceof AppError) throw new AppError(err.id, cleanText(err.description))
    throw err
  }
}

/** A file that cannot be opened is a wrong argument (exit 2), like an unreadable --ca file. */
async function load(file: string): Promise<LoadedSnapshot> {
  try {
    return await loadSnapshot(file)
  } catch (err) {
    if (err instanceof SnapshotError && err.problem === 'unreadable')
      throw new UsageError(cleanText(err.description))
    throw err
  }
}

/** Refuses, before any request, a target that cannot be written. */
function checkTarget(file: string): void {
  const path = resolve(file)
  let isFolder = false
  try {
    isFolder = statSync(path).isDirectory()
  } catch {
    // A new file: its folder is checked below.
  }
  if (isFolder) throw new UsageError(`${file} is a folder; give a file name such as run.lanewatch`)
  try {
    accessSync(dirname(path), constants.W_OK)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'it does not exist' : 'it cannot be written to'
    throw new UsageError(`cannot save to ${file}: the folder ${dirname(path)} ${why}`)
  }
}

async function save(ctx: Context): Promise<number> {
  const executionId = ctx.arg(1, 'execution id')
  const file = ctx.required('output')
  checkTarget(file)
  const provider = await ctx.provider()
  const onezone = await ctx.onezone()
  const {
    snapshot: s,
    warnings,
    written
  } = await saveSnapshot(file, {
    provider,
    onezone,
    executionId,
    // The CLI has no monitor running: nothing was observed.
    observations: emptyObservations()
  })
  for (const w of warnings) ctx.io.err(`lanewatch: warning: ${cleanText(w)}`)
  const result = {
    file,
    bytes: written.bytes,
    executionId: s.execution.atmWorkflowExecutionId,
    name: s.execution.name,
    status: s.execution.status,
    auditLogEntries: s.auditLog.length,
    savedAt: s.savedAt
  }
  if (ctx.json) ctx.io.out(cleanJson(result))
  else
    ctx.io.out(
      cleanText(
        `Saved "${s.execution.name}" (${s.execution.status}, ${s.auditLog.length} audit-log entries) to ${file} (${written.bytes} bytes).`
      )
    )
  return 0
}

async function show(ctx: Context): Promise<number> {
  const file = ctx.arg(1, 'snapshot file')
  const { header, snapshot: s } = await load(file)
  ctx.io.out(ctx.json ? cleanJson({ header, snapshot: s }) : renderSnapshot(file, header, s))
  return 0
}

/** The execution as its provider has it now (the account as for every other command). */
async function live(ctx: Context, executionId: string): Promise<ExecutionState> {
  const provider = await ctx.provider()
  const execution = await provider.getExecution(executionId)
  const auditLog = execution.systemAuditLogStoreId
    ? await provider.dumpAuditLog(execution.systemAuditLogStoreId)
    : []
  return { execution, auditLog }
}

async function diff(ctx: Context): Promise<number> {
  const fromFile = ctx.arg(1, 'first snapshot file')
  const withLive = ctx.flags.live === true
  if (withLive && ctx.positionals[2] !== undefined)
    throw new UsageError('give one snapshot file with --live, or two files without it')
  const toFile = withLive ? 'live' : ctx.arg(2, 'second snapshot file')
  const from = (await load(fromFile)).snapshot
  const to = withLive
    ? { ...(await live(ctx, from.execution.atmWorkflowExecutionId)), savedAt: Date.now() }
    : (await load(toFile)).snapshot
  const comparison = compareExecutions(from, to)
  if (!comparison.comparable) throw new AppError('snapshot.differentExecutions', comparison.reason)
  const side = (file: string, s: ExecutionState & { savedAt: number }) => ({
    file,
    savedAt: s.savedAt,
    status: s.execution.status
  })
  const sides = { from: side(fromFile, from), to: side(toFile, to) }
  ctx.io.out(
    ctx.json
      ? cleanJson({ ...sides, ...comparison.diff })
      : renderDiff(sides.from, sides.to, comparison.diff)
  )
  return 0
}
