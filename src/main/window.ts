// The main window and the rules every web contents follows: no navigation, no new windows
// (http(s) links go to the system browser), no webviews, no permissions.
import { app, BrowserWindow, shell, type Session } from 'electron'
import { join } from 'node:path'
import {
  APP_ORIGIN,
  isNavigationAllowed,
  isPermissionGranted,
  secureWebPreferences,
  windowOpenDecision
} from './security'

export function hardenContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e, url) => {
      if (!isNavigationAllowed(url)) e.preventDefault()
    })
    contents.on('will-redirect', (e, url) => {
      if (!isNavigationAllowed(url)) e.preventDefault()
    })
    contents.on('will-attach-webview', (e) => e.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      const decision = windowOpenDecision(url)
      if (decision.openExternally) void shell.openExternal(decision.openExternally)
      return { action: 'deny' }
    })
  })
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionGranted(permission))
  )
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission))
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Lanewatch',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js'))
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(`${APP_ORIGIN}/index.html`)
  return win
}
