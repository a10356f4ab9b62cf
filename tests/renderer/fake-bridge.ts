// A window.lanewatch for component tests: answers per channel, records every call, and pushes
// events as main would.
import { vi } from 'vitest'
import {
  buildApi,
  type Channel,
  type EventName,
  type Events,
  type Responses
} from '../../src/shared/ipc'

type Answer = { [C in Channel]?: (request: never) => Responses[C] | Promise<Responses[C]> }

export function installBridge(answers: Answer) {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>()
  const calls: { channel: Channel; request: unknown }[] = []
  const api = buildApi(
    async (channel, request) => {
      calls.push({ channel, request })
      const answer = answers[channel] as ((r: unknown) => unknown) | undefined
      if (!answer)
        return {
          ok: false,
          error: { id: 'test.unanswered', description: `no answer for ${channel}` }
        }
      try {
        return { ok: true, value: await answer(request) }
      } catch (err) {
        return { ok: false, error: { id: 'test.failed', description: (err as Error).message } }
      }
    },
    (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => void set.delete(listener)
    }
  )
  ;(window as unknown as { lanewatch: unknown }).lanewatch = api
  return {
    calls,
    /** Calls of one channel so far. */
    of: (channel: Channel) => calls.filter((c) => c.channel === channel),
    emit<E extends EventName>(event: E, payload: Events[E]) {
      for (const l of listeners.get(event) ?? []) l(payload)
    },
    settle: () => vi.waitFor(() => Promise.resolve())
  }
}

export function removeBridge() {
  delete (window as unknown as { lanewatch?: unknown }).lanewatch
}
