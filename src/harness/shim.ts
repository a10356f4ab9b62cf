// Installs window.lanewatch in a plain browser, from the same contract as the preload, carried
// over the harness's loopback WebSocket. Loaded before the app's own script.
import { buildApi, type Channel, type EventName, type IpcResult } from '../shared/ipc'
import {
  SECRET_KEY,
  SOCKET_PATH,
  type CallMessage,
  type EventMessage,
  type ResultMessage
} from './messages'

// The secret comes in the URL the harness prints; kept for reloads of the same tab.
const fromUrl = new URLSearchParams(location.search).get('secret')
if (fromUrl) sessionStorage.setItem(SECRET_KEY, fromUrl)
const secret = fromUrl ?? sessionStorage.getItem(SECRET_KEY) ?? ''

const pending = new Map<number, (result: IpcResult<unknown>) => void>()
const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
const queue: string[] = []
let nextId = 1

const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SOCKET_PATH}?secret=${encodeURIComponent(secret)}`
const socket = new WebSocket(socketUrl)

socket.addEventListener('open', () => {
  for (const message of queue.splice(0)) socket.send(message)
})
socket.addEventListener('message', (e: MessageEvent<string>) => {
  const message = JSON.parse(e.data) as ResultMessage | EventMessage
  if (message.type === 'result') {
    pending.get(message.id)?.(message.result)
    pending.delete(message.id)
  } else {
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload)
  }
})
socket.addEventListener('close', () => {
  const lost: IpcResult<unknown> = {
    ok: false,
    error: {
      id: 'harness.disconnected',
      description: 'The harness connection is closed (wrong secret, or the harness stopped).'
    }
  }
  for (const resolve of pending.values()) resolve(lost)
  pending.clear()
})

function invoke(channel: Channel, request: unknown): Promise<unknown> {
  const id = nextId++
  const message: CallMessage = { type: 'call', id, channel, request }
  const text = JSON.stringify(message)
  if (socket.readyState === WebSocket.OPEN) socket.send(text)
  else if (socket.readyState === WebSocket.CONNECTING) queue.push(text)
  else
    return Promise.resolve({
      ok: false,
      error: { id: 'harness.disconnected', description: 'The harness connection is closed.' }
    })
  return new Promise((resolve) => pending.set(id, resolve))
}

function subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
  const set = listeners.get(event) ?? new Set()
  listeners.set(event, set)
  set.add(listener)
  return () => void set.delete(listener)
}

Object.defineProperty(window, 'lanewatch', {
  value: Object.freeze(buildApi(invoke, subscribe)),
  writable: false
})
