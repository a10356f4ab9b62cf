// Scheduling a workflow for the CLI and the app: inventories, workflow schemas and revisions from
// Onezone, the overlay checked against the revision's store schemas before anything is sent, and
// the schedule request itself. The app reaches it through the schedule.* channels.
import type { Account } from '../shared/accounts'
import type { Inventory } from '../shared/onezone'
import {
  checkCallbackUrl,
  checkOverlay,
  scheduleRequest,
  type ScheduleInput
} from '../shared/schedule'
import {
  revisionView,
  summarizeSchema,
  type RevisionView,
  type WorkflowSummary
} from '../shared/workflow-catalog'
import { readCa } from './accounts/verify'
import { AppError } from './errors'
import type { Logger } from './log'
import { OnezoneClient, type OneproviderClient } from './onedata'
import type { Handlers } from './service'

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name)

/** The user's automation inventories, by name. */
export async function listInventories(
  zone: OnezoneClient,
  signal?: AbortSignal
): Promise<Inventory[]> {
  const ids = await zone.listInventoryIds({ signal })
  const all = await Promise.all(ids.map((id) => zone.getInventory(id, { signal })))
  return all.sort(byName)
}

/** The workflow schemas of an inventory with their revisions, by name. */
export async function listWorkflows(
  zone: OnezoneClient,
  inventoryId: string,
  signal?: AbortSignal
): Promise<WorkflowSummary[]> {
  const ids = await zone.listWorkflowSchemaIds(inventoryId, { signal })
  const all = await Promise.all(ids.map((id) => zone.getWorkflowSchema(id, { signal })))
  return all.map(summarizeSchema).sort(byName)
}

/** One revision of a workflow schema with its store schemas. */
export async function readRevision(
  zone: OnezoneClient,
  schemaId: string,
  revisionNumber: number,
  signal?: AbortSignal
): Promise<RevisionView> {
  const schema = await zone.getWorkflowSchema(schemaId, { signal })
  const view = revisionView(schema, revisionNumber)
  if (!view) {
    const known = summarizeSchema(schema)
      .revisions.map((r) => r.revisionNumber)
      .join(', ')
    throw new AppError(
      'schedule.noRevision',
      `The workflow schema "${schema.name}" has no revision ${revisionNumber} (its revisions: ${known || 'none'}).`
    )
  }
  return view
}

/**
 * Schedules an execution. With the revision at hand the overlay is checked first and a bad one
 * is refused without a request; the notes say what only the provider can check.
 */
export async function scheduleWorkflow(
  provider: OneproviderClient,
  input: ScheduleInput,
  revision: RevisionView | undefined,
  signal?: AbortSignal
): Promise<{ executionId: string | null; notes: string[] }> {
  let notes: string[] = []
  if (revision) {
    const report = checkOverlay(input.overlay, revision.stores, input.logLevel)
    if (!report.ok)
      throw new AppError(
        'schedule.overlayRefused',
        `The overlay was not sent: ${report.problems.map((p) => p.message).join(' ')}`,
        { details: { problems: report.problems, notes: report.notes } }
      )
    notes = report.notes
  }
  // An answer that could not be read still means the provider accepted it: no id, and a note.
  const accepted = await provider.scheduleExecution(scheduleRequest(input), { signal })
  return {
    executionId: accepted.atmWorkflowExecutionId ?? null,
    notes: accepted.note ? [...notes, accepted.note] : notes
  }
}

/**
 * The Onezone of a provider: the one given, else the provider's own `onezoneDomain` (reached
 * with the provider's scheme), else none.
 */
export async function onezoneUrlOf(
  provider: OneproviderClient,
  given?: string,
  signal?: AbortSignal
): Promise<string | undefined> {
  if (given) return given
  const config = await provider.getConfiguration({ signal })
  if (!config.onezoneDomain) return undefined
  return `${provider.transport.origin.protocol}//${config.onezoneDomain}`
}

/** Runs `fn` with a Onezone client for an account, closed afterwards. */
export async function withOnezone<T>(
  account: Account,
  token: string,
  fn: (zone: OnezoneClient) => Promise<T>
): Promise<T> {
  if (!account.onezoneUrl)
    throw new AppError(
      'schedule.noOnezone',
      `"${account.label}" has no Onezone URL, so workflows cannot be picked from a list; enter the workflow schema id and revision number.`
    )
  const { ca, problem } = readCa(account.caPath)
  if (problem) throw new AppError('account.caUnreadable', problem)
  const zone = new OnezoneClient({ url: account.onezoneUrl, token, ca })
  try {
    return await fn(zone)
  } finally {
    await zone.close()
  }
}

type ScheduleChannel =
  'schedule.inventories' | 'schedule.workflows' | 'schedule.revision' | 'schedule.submit'

/** The service's handlers of the schedule.* channels. */
export function scheduleHandlers(deps: {
  credentials(accountId: string): Promise<{ account: Account; token: string }>
  provider(accountId: string): Promise<OneproviderClient>
  log: Logger
}): Pick<Handlers, ScheduleChannel> {
  const zoneOf = async <T>(accountId: string, fn: (zone: OnezoneClient) => Promise<T>) => {
    const { account, token } = await deps.credentials(accountId)
    return withOnezone(account, token, fn)
  }
  return {
    'schedule.inventories': ({ accountId }) => zoneOf(accountId, (z) => listInventories(z)),
    'schedule.workflows': ({ accountId, inventoryId }) =>
      zoneOf(accountId, (z) => listWorkflows(z, inventoryId)),
    'schedule.revision': ({ accountId, atmWorkflowSchemaId, revisionNumber }) =>
      zoneOf(accountId, (z) => readRevision(z, atmWorkflowSchemaId, revisionNumber)),
    'schedule.submit': async ({ accountId, callback, ...input }) => {
      const checked = checkCallbackUrl(callback ?? '')
      if (!checked.ok)
        throw new AppError('schedule.badCallback', `The callback URL ${checked.reason}.`)
      const { account } = await deps.credentials(accountId)
      // Without a Onezone the revision cannot be read: the provider alone checks the overlay.
      const revision = account.onezoneUrl
        ? await zoneOf(accountId, (z) =>
            readRevision(z, input.atmWorkflowSchemaId, input.revisionNumber)
          )
        : undefined
      const done = await scheduleWorkflow(
        await deps.provider(accountId),
        { ...input, ...(checked.url ? { callback: checked.url } : {}) },
        revision
      )
      deps.log.info('execution scheduled', {
        accountId,
        executionId: done.executionId,
        schemaId: input.atmWorkflowSchemaId,
        revisionNumber: input.revisionNumber
      })
      return done
    }
  }
}
