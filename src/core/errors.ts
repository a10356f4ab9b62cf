// Errors the app itself raises (accounts, keychain, settings, requests it refuses), with an id
// and a sentence, in the same shape as errors from Onedata so both cross IPC alike.
import type { IpcError } from '../shared/ipc'
import { OnedataError } from './onedata'

export class AppError extends Error {
  constructor(
    readonly id: string,
    readonly description: string,
    opts: { cause?: unknown; details?: Record<string, unknown> } = {}
  ) {
    super(description, { cause: opts.cause })
    this.details = opts.details
  }
  readonly details?: Record<string, unknown>
}

/** Any failure as plain data for IPC, logs and the CLI: never a stack, never a token. */
export function toIpcError(err: unknown): IpcError {
  if (err instanceof OnedataError) return err.toJSON()
  if (err instanceof AppError)
    return {
      id: err.id,
      description: err.description,
      ...(err.details ? { details: err.details } : {})
    }
  return { id: 'app.unexpected', description: `Something went wrong: ${thrownText(err)}` }
}

/** What was thrown, as text, even when it is not an Error and cannot be turned into a string. */
function thrownText(err: unknown): string {
  try {
    return err instanceof Error ? String(err.message) : String(err)
  } catch {
    return `a value of type ${typeof err} was thrown`
  }
}
