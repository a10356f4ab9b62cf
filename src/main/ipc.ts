// Binds every channel of the contract to the service: the sender is checked (only the app's own
// windows) and the payload validated; bad input gets a typed error result, never an exception.
import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { dispatch } from '../core/ipc'
import type { Service } from '../core/service'
import { CHANNELS } from '../shared/ipc'
import { isTrustedSender } from './security'

export function bindContract(service: Service): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url))
        return {
          ok: false,
          error: { id: 'ipc.forbidden', description: 'This window may not use the app API.' }
        }
      return dispatch(service.handlers, channel, payload)
    })
  }
}
