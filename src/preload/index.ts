import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('lanewatch', {})
