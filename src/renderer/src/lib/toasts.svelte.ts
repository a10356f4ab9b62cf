// Results and server errors as toasts. A result fades after a while; an error stays until it
// is dismissed, with the server's error id and description. Timers are injectable for tests.
import type { IpcError } from '../../../shared/ipc'
import { AppError } from './api'

export interface Toast {
  id: number
  kind: 'success' | 'error'
  title: string
  detail?: string
}

export interface Timers {
  set(callback: () => void, ms: number): unknown
  clear(handle: unknown): void
}

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

/** "atmWorkflowExecutionNotEnded: The workflow execution has not ended yet." */
export function describeError(err: unknown): string {
  const e: Partial<IpcError> | undefined =
    err instanceof AppError
      ? err.error
      : err instanceof Error
        ? undefined
        : (err as Partial<IpcError>)
  if (e && typeof e.id === 'string' && typeof e.description === 'string')
    return `${e.description} (${e.id})`
  return err instanceof Error ? err.message : String(err)
}

export class ToastQueue {
  items = $state<Toast[]>([])
  #next = 1
  // Timer handles are bookkeeping, not state anything renders.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #handles = new Map<number, unknown>()

  constructor(
    private readonly timers: Timers = realTimers,
    private readonly resultMs = 6000,
    private readonly max = 5
  ) {}

  success(title: string, detail?: string): number {
    const id = this.#push({ kind: 'success', title, ...(detail ? { detail } : {}) })
    this.#handles.set(
      id,
      this.timers.set(() => this.dismiss(id), this.resultMs)
    )
    return id
  }

  /** An error stays until dismissed. */
  error(title: string, err: unknown): number {
    return this.#push({ kind: 'error', title, detail: describeError(err) })
  }

  dismiss(id: number): void {
    const handle = this.#handles.get(id)
    if (handle !== undefined) this.timers.clear(handle)
    this.#handles.delete(id)
    this.items = this.items.filter((t) => t.id !== id)
  }

  #push(toast: Omit<Toast, 'id'>): number {
    const id = this.#next++
    const items = [...this.items, { id, ...toast }]
    while (items.length > this.max) {
      const dropped = items.shift()!
      const handle = this.#handles.get(dropped.id)
      if (handle !== undefined) this.timers.clear(handle)
      this.#handles.delete(dropped.id)
    }
    this.items = items
    return id
  }
}
