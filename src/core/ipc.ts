// Runs one contract call: checks the channel and validates the payload against the contract's
// schema, then calls the service. Bad input gives a typed error result, never an exception.
import { contract, type Channel, type IpcResult } from '../shared/ipc'
import { toIpcError } from './errors'
import type { Handlers } from './service'

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
    return fail('ipc.unknownChannel', `There is no channel "${String(channel)}".`)
  const name = channel as Channel
  const parsed = contract[name].request.safeParse(payload ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const where = issue.path.length ? `${issue.path.join('.')}: ` : ''
    return fail('ipc.badRequest', `Invalid request for ${name}: ${where}${issue.message}`)
  }
  try {
    const handler = handlers[name] as (request: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (err) {
    return { ok: false, error: toIpcError(err) }
  }
}
