// Electron glue: lifecycle, single instance, the app:// protocol, IPC, the main window, and the
// tray and notifications that keep monitoring with the window closed. The logic lives in
// Electron-free modules (src/core, ./security) that are tested under Node.
import { app, BrowserWindow, session, shell } from 'electron'
import { join } from 'node:path'
import { KeychainVault } from '../core/accounts/vault'
import { HIDDEN_ARG } from '../core/autostart'
import { startDemoProvider } from '../core/demo'
import { createFileLogger } from '../core/log'
import { NavigationQueue } from '../core/navigation'
import { createService } from '../core/service'
import { EVENT_NAMES } from '../shared/ipc'
import type { AppNotification } from '../shared/notifications'
import { startBackground, type Background } from './background'
import { bindContract } from './ipc'
import { registerAppScheme, serveRenderer } from './protocol'
import { createMainWindow, denyPermissions, hardenContents } from './window'

if (process.env.LANEWATCH_DATA_DIR) app.setPath('userData', process.env.LANEWATCH_DATA_DIR)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppScheme()
  hardenContents()
  let mainWindow: BrowserWindow | undefined
  let background: Background | undefined
  const navigation = new NavigationQueue()

  /** The window, created if it was closed (closing destroys it: the tray keeps monitoring). */
  const openWindow = (): BrowserWindow => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      // A new window shows itself once ready (createMainWindow).
      const win = createMainWindow()
      mainWindow = win
      win.webContents.on('did-finish-load', () =>
        navigation.ready((target) => win.webContents.send('navigate', target))
      )
      win.webContents.on('did-start-loading', () => navigation.gone())
      win.on('closed', () => navigation.gone())
      return win
    }
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
    return mainWindow
  }

  app.on('second-instance', () => void openWindow())

  void app.whenReady().then(() => {
    const dataDir = app.getPath('userData')
    const log = createFileLogger(dataDir)
    const service = createService({
      dataDir,
      vault: new KeychainVault(),
      log,
      openExternal: (url) => shell.openExternal(url),
      startDemo: startDemoProvider,
      showNotification: (n: AppNotification) => background?.notify(n)
    })
    denyPermissions(session.defaultSession)
    serveRenderer(join(__dirname, '../renderer'))
    bindContract(service)
    for (const event of EVENT_NAMES) {
      if (event === 'navigate') continue // sent through the navigation queue
      service.on(event, (payload) => {
        for (const win of BrowserWindow.getAllWindows()) win.webContents.send(event, payload)
      })
    }
    background = startBackground(service, {
      openWindow,
      navigation,
      log: (m) => log.warn(m)
    })
    // Started at login: only the tray until the user opens the window.
    if (!process.argv.includes(HIDDEN_ARG)) openWindow()
    app.on('activate', () => void openWindow())
    app.on('window-all-closed', () => {
      // The window is gone, the renderer with it; the monitor slows down for the tray.
      service.monitor.setView({ visible: false, focus: null })
      if (!service.preferences.get().closeToTray && process.platform !== 'darwin') app.quit()
    })
    app.on('will-quit', () => {
      background?.stop()
      void service.close()
    })
    log.info('started', { version: app.getVersion() })
  })
}
