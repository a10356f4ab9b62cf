import type { LanewatchApi } from '../shared/ipc'

declare global {
  interface Window {
    lanewatch: LanewatchApi
  }
}
