// The renderer's way to the app: window.lanewatch (preload in Electron, shim in the harness).
// `call` turns the contract's result objects into values or thrown AppErrors.
import type { IpcError, IpcResult, LanewatchApi } from '../../../shared/ipc'

export class AppError extends Error {
  constructor(readonly error: IpcError) {
    super(error.description)
  }
  get id(): string {
    return this.error.id
  }
}

export function bridge(): LanewatchApi {
  const api = (window as Window & { lanewatch?: LanewatchApi }).lanewatch
  if (!api)
    throw new Error('window.lanewatch is missing: the app must run in Lanewatch or its harness')
  return api
}

export async function call<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  const result = await pending
  if (!result.ok) throw new AppError(result.error)
  return result.value
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
