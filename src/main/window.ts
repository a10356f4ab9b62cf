// The main window and the rules every web contents follows: no navigation, no new windows
// (http(s) links go to the system browser after parsing), no webviews, no permissions. Electron's
// objects are passed in, so the handlers installed here are the ones the tests drive.
import type { App, BrowserWindow, Session, Shell } from 'electron'
import { join } from 'node:path'
import { safeExternalUrl } from '../shared/urls'
import { APP_ORIGIN, secureWebPreferences, type AppFrames } from './security'

/** Installs the rules on every web contents the app creates, windows and anything else. */
export function hardenContents(app: Pick<App, 'on'>, shell: Pick<Shell, 'openExternal'>): void {
  app.on('web-contents-created', (_event, contents) => {
    // The app is a single page: it never navigates, in its main frame or any other.
    contents.on('will-navigate', (e) => e.preventDefault())
    contents.on('will-frame-navigate', (e) => e.preventDefault())
    contents.on('will-redirect', (e) => e.preventDefault())
    contents.on('will-attach-webview', (e) => e.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      const external = safeExternalUrl(url)
      if (external) void shell.openExternal(external)
      return { action: 'deny' }
    })
  })
}

/** No web permission (camera, notifications from web content, devices …) is ever granted. */
export function denyPermissions(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

/** Built next to main by electron-vite. */
const PRELOAD = join(__dirname, '../preload/index.js')

/** Opens the app's window on app://lanewatch/ and trusts its contents for the app API. */
export function createMainWindow(
  Window: typeof BrowserWindow,
  frames: AppFrames,
  preload = PRELOAD
): BrowserWindow {
  const win = new Window({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Lanewatch',
    webPreferences: secureWebPreferences(preload)
  })
  frames.add(win.webContents)
  win.once('ready-to-show', () => win.show())
  void win.loadURL(`${APP_ORIGIN}/index.html`)
  return win
}
