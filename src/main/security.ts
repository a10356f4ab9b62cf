// The main process's security decisions that need no Electron object: the window's
// webPreferences, the app's origin and which frames may use the app API. Only types come from
// electron here, so this module runs under plain Node.
import type { IpcMainInvokeEvent, WebContents, WebPreferences } from 'electron'

/** The renderer is served from app://lanewatch/, never from file://. */
export const APP_SCHEME = 'app'
const APP_HOST = 'lanewatch'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false
  }
}

/** True for a URL on the app's own origin (app://lanewatch/…). */
export function isAppUrl(raw: string | undefined | null): boolean {
  if (!raw) return false
  try {
    const url = new URL(raw)
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST
  } catch {
    return false
  }
}

type Frame = Pick<NonNullable<IpcMainInvokeEvent['senderFrame']>, 'url' | 'processId' | 'routingId'>

/** What the sender check reads from an IPC event. */
export interface SenderEvent {
  sender: { id: number; mainFrame: Pick<Frame, 'processId' | 'routingId'> }
  senderFrame: Frame | null
}

/**
 * The web contents main created for its own windows. The app API answers only the main frame of
 * one of them, showing a page of the app's origin: not a subframe, not another window, not a
 * page that merely has the same origin. Events go to these windows only.
 */
export class AppFrames {
  readonly #contents = new Map<number, Pick<WebContents, 'send'>>()

  /** Trusts a window's contents until they are destroyed. */
  add(contents: Pick<WebContents, 'id' | 'once' | 'send'>): void {
    const id = contents.id
    this.#contents.set(id, contents)
    contents.once('destroyed', () => this.#contents.delete(id))
  }

  isAppMainFrame(event: SenderEvent): boolean {
    const frame = event.senderFrame
    if (!frame || !this.#contents.has(event.sender.id)) return false
    const main = event.sender.mainFrame
    const isMain = frame.processId === main.processId && frame.routingId === main.routingId
    return isMain && isAppUrl(frame.url)
  }

  send(channel: string, payload: unknown): void {
    for (const contents of this.#contents.values()) contents.send(channel, payload)
  }
}
