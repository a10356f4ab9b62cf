// The renderer's only door: domain methods generated from the contract, and `on` for events.
// Nothing raw (no ipcRenderer, no generic invoke) is exposed.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { buildApi } from '../shared/ipc'

const api = buildApi(
  (channel, request) => ipcRenderer.invoke(channel, request),
  (event, listener) => {
    const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(event, handler)
    return () => void ipcRenderer.removeListener(event, handler)
  }
)

contextBridge.exposeInMainWorld('lanewatch', api)
