// What travels over the harness's WebSocket: calls of the contract, their results, and events.
import type { EventName, IpcResult } from '../shared/ipc'

export interface CallMessage {
  type: 'call'
  id: number
  channel: string
  request: unknown
}

export interface ResultMessage {
  type: 'result'
  id: number
  result: IpcResult<unknown>
}

export interface EventMessage {
  type: 'event'
  event: EventName
  payload: unknown
}

export const HARNESS_PATH = '/__harness'
export const SHIM_PATH = `${HARNESS_PATH}/shim.js`
export const SOCKET_PATH = `${HARNESS_PATH}/ws`
export const SECRET_KEY = 'lanewatch-harness-secret'
