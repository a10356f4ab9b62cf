// Answers one frame from the page over the harness's WebSocket. Whatever the frame holds (too
// large, not JSON, not a call) and whatever the service answers, the outcome is a reply for that
// call or nothing: never an exception that could take the socket or the server down.
import type { RawData } from 'ws'
import { dispatch } from '../core/ipc'
import type { Handlers } from '../core/service'
import type { IpcResult } from '../shared/ipc'
import type { ResultMessage } from './messages'

/** The largest call the harness answers; a larger one gets an error result. */
export const MAX_CALL_BYTES = 1024 * 1024
/** The largest frame read at all; beyond it the WebSocket library closes the socket (1009). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024

const bytesOf = (data: RawData): Buffer =>
  Buffer.isBuffer(data)
    ? data
    : Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.from(data as ArrayBuffer)

const failure = (id: string, description: string): IpcResult<never> => ({
  ok: false,
  error: { id, description }
})

/** The call id of a frame, when it has a usable one. */
function callIdOf(message: unknown): number | undefined {
  const id = (message as { id?: unknown } | null)?.id
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined
}

function reply(id: number, result: IpcResult<unknown>): string {
  const message: ResultMessage = { type: 'result', id, result }
  try {
    return JSON.stringify(message)
  } catch (err) {
    // dispatch() hands back plain data, so this is a last line of defence.
    return JSON.stringify({
      type: 'result',
      id,
      result: failure('ipc.badReply', `The answer could not be sent: ${(err as Error).message}`)
    } satisfies ResultMessage)
  }
}

/** The text to send back for one frame, or undefined when there is no call to answer. */
export async function answerFrame(
  handlers: Handlers,
  data: RawData,
  log: (line: string) => void
): Promise<string | undefined> {
  try {
    const bytes = bytesOf(data)
    let message: unknown
    try {
      message = JSON.parse(bytes.toString('utf8'))
    } catch {
      log(`ignored a frame that is not JSON (${bytes.length} bytes)`)
      return undefined
    }
    const id = callIdOf(message)
    if (id === undefined) {
      log('ignored a frame without a call id')
      return undefined
    }
    if (bytes.length > MAX_CALL_BYTES)
      return reply(
        id,
        failure(
          'ipc.requestTooLarge',
          `The request is ${bytes.length} bytes; the largest accepted is ${MAX_CALL_BYTES}.`
        )
      )
    const call = message as { type?: unknown; channel?: unknown; request?: unknown }
    if (call.type !== 'call')
      return reply(id, failure('ipc.badRequest', 'The frame is not a call.'))
    return reply(id, await dispatch(handlers, call.channel, call.request))
  } catch (err) {
    log(`a frame could not be answered: ${(err as Error)?.message ?? String(err)}`)
    return undefined
  }
}
