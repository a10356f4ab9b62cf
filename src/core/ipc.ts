// Runs one contract call: checks the channel and validates the payload against the contract's
// schema, then calls the service. Bad input gives a typed error result, never an exception, and
// the result is always plain data that both transports (Electron's IPC, the harness's WebSocket)
// can carry: a handler's value that is not becomes an `ipc.badReply` error for that call only.
// Events pushed to windows pass the same check (forwardEvent).
import type { z } from 'zod'
import {
  contract,
  type Channel,
  type EventName,
  type IpcError,
  type IpcResult
} from '../shared/ipc'
import { toIpcError } from './errors'
import type { Handlers } from './service'
import { wireProblem } from './wire'

const fail = (id: string, description: string): IpcResult<never> => ({
  ok: false,
  error: { id, description }
})

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  payload: unknown
): Promise<IpcResult<unknown>> {
  if (typeof channel !== 'string' || !Object.hasOwn(contract, channel))
    return fail(
      'ipc.unknownChannel',
      typeof channel === 'string'
        ? `There is no channel "${channel.slice(0, 100)}".`
        : `A channel name must be a string, not ${typeof channel}.`
    )
  const name = channel as Channel
  const parsed = contract[name].request.safeParse(payload ?? {})
  if (!parsed.success) return fail('ipc.badRequest', requestProblem(parsed.error.issues[0]!))
  let value: unknown
  try {
    const handler = handlers[name] as (request: unknown) => Promise<unknown>
    value = await handler(parsed.data)
  } catch (err) {
    return { ok: false, error: wireError(toIpcError(err)) }
  }
  const problem = wireProblem(value)
  if (!problem) return { ok: true, value }
  return fail('ipc.badReply', `The answer to ${name} could not be sent: ${problem}.`)
}

// Fields as the user knows them; the schemas' own messages already speak of them this way.
const FIELD_WORDS: Record<string, string> = {
  label: 'the name',
  providerUrl: 'the provider URL',
  onezoneUrl: 'the Onezone URL',
  caFile: 'the CA file',
  token: 'the access token',
  accountId: 'the account',
  spaceId: 'the space',
  spaceIds: 'the spaces',
  executionId: 'the execution',
  executionIds: 'the executions',
  atmWorkflowSchemaId: 'the workflow',
  revisionNumber: 'the revision number',
  inventoryId: 'the inventory',
  logLevel: 'the log level',
  callback: 'the callback URL',
  overlay: 'the initial store content',
  phase: 'the phase'
}

function fieldWords(path: readonly PropertyKey[]): string {
  const named = path.filter((p): p is string => typeof p === 'string')
  const last = named.at(-1)
  if (!last) return 'the request'
  return FIELD_WORDS[last] ?? `the ${last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`
}

/**
 * One sentence in the app's words for a refused request: a message the schema wrote for people
 * (it names its field: "the provider URL must start with https://") is kept; a generic one gets
 * the field's name ("The space: too long"), never the channel's or the field's internal name.
 */
function requestProblem(issue: z.core.$ZodIssue): string {
  const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1)
  const stop = (t: string) => (/[.!?]$/.test(t) ? t : `${t}.`)
  if (
    issue.code === 'custom' ||
    issue.message.startsWith('the ') ||
    /^(give|paste) /.test(issue.message)
  )
    return stop(capital(issue.message))
  // A refused record key: name the record, never echo the key (it may be anything, and long).
  if (issue.code === 'invalid_key') {
    const why = issue.issues[0]?.message ?? issue.message
    return stop(
      `${capital(fieldWords(issue.path.slice(0, -1)))} is not usable: a key is refused: ${why.charAt(0).toLowerCase()}${why.slice(1)}`
    )
  }
  if (issue.code === 'unrecognized_keys')
    return `The request held something this version does not know (${issue.keys.join(', ')}).`
  return stop(
    `${capital(fieldWords(issue.path))} is not usable: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`
  )
}

/** An error as plain data; details that cannot travel are left out rather than fail the call. */
function wireError(error: IpcError): IpcError {
  if (!wireProblem(error)) return error
  const { id, description, httpStatus } = error
  return {
    id: String(id),
    description: String(description),
    ...(typeof httpStatus === 'number' ? { httpStatus } : {})
  }
}

/**
 * Sends an event over either transport when its payload is plain data, checked as a reply is; an
 * event that cannot travel (or a send that throws) is logged and dropped, never thrown back into
 * the monitor that emitted it.
 */
export function forwardEvent(
  event: EventName,
  payload: unknown,
  send: (event: EventName, payload: unknown) => void,
  log: (line: string) => void
): void {
  const problem = wireProblem(payload)
  if (problem) return log(`the ${event} event was not sent: ${problem}`)
  try {
    send(event, payload)
  } catch (err) {
    log(`the ${event} event could not be sent: ${err instanceof Error ? err.message : String(err)}`)
  }
}
