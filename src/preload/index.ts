// The renderer's only door: domain methods generated from the contract, and `on` for events.
// Nothing raw (no ipcRenderer, no generic invoke) is exposed. One addition: the path of a file
// dropped on the window (contextIsolation hides it from the page), for a dropped snapshot; main
// checks it before anything reads it.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { buildApi } from '../shared/ipc'

const api = buildApi(
  (channel, request) => ipcRenderer.invoke(channel, request),
  (event, listener) => {
    const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(event, handler)
    return () => void ipcRenderer.removeListener(event, handler)
  }
)

/** The path of a dropped File; '' for anything else. */
const pathForFile = (file: unknown): string =>
  file instanceof File ? webUtils.getPathForFile(file) : ''

contextBridge.exposeInMainWorld('lanewatch', { ...api, pathForFile })
