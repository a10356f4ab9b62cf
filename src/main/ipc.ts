// Binds the contract to the service in both directions. Only the main frame of the app's own
// window may call (see AppFrames); the payload is validated by the dispatcher, so bad input gets
// a typed error result, never an exception. Events go to the app's windows, checked as replies
// are. The one place in main that touches ipcMain.
import { ipcMain } from 'electron'
import { dispatch, forwardEvent } from '../core/ipc'
import type { Service } from '../core/service'
import { CHANNELS, EVENT_NAMES, type IpcResult } from '../shared/ipc'
import type { AppFrames } from './security'

const FORBIDDEN: IpcResult<never> = {
  ok: false,
  error: { id: 'ipc.forbidden', description: 'This window may not use the app API.' }
}

export function bindContract(
  service: Service,
  frames: AppFrames,
  log: (line: string) => void = () => {}
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      frames.isAppMainFrame(event) ? dispatch(service.handlers, channel, payload) : FORBIDDEN
    )
  }
  const send = (event: string, payload: unknown) => frames.send(event, payload)
  for (const event of EVENT_NAMES)
    service.on(event, (payload) => forwardEvent(event, payload, send, log))
}
