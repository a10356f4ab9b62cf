// Electron glue: lifecycle, single instance, the app:// protocol, IPC, the main window, and the
// tray and notifications that keep monitoring with the window closed. The logic lives in
// Electron-free modules (src/core) and in modules that take Electron's objects as arguments
// (./window, ./protocol), which are tested under Node.
import { app, BrowserWindow, dialog, Menu, protocol, session, shell } from 'electron'
import { join } from 'node:path'
import { KeychainVault } from '../core/accounts/vault'
import { HIDDEN_ARG } from '../core/autostart'
import { createFileLogger } from '../core/log'
import { NavigationQueue } from '../core/navigation'
import { createService } from '../core/service'
import type { AppNotification } from '../shared/notifications'
import { startDemoProvider } from '../simulator/demo-provider'
import { startBackground, type Background } from './background'
import { chooseCaFile, chooseSnapshotFile, chooseSnapshotTarget } from './dialogs'
import { bindContract } from './ipc'
import { registerAppScheme, serveRenderer } from './protocol'
import { AppFrames } from './security'
import { menuTemplate, SnapshotOpening, snapshotPathsIn } from './snapshot-opening'
import { createMainWindow, denyPermissions, hardenContents } from './window'

if (process.env.LANEWATCH_DATA_DIR) app.setPath('userData', process.env.LANEWATCH_DATA_DIR)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppScheme(protocol)
  hardenContents(app, shell)
  const frames = new AppFrames()
  let mainWindow: BrowserWindow | undefined
  let background: Background | undefined
  const navigation = new NavigationQueue()
  let navigate: (target: Parameters<NavigationQueue['navigate']>[0]) => void = () => {}

  /**
   * The window, created if it was closed (closing destroys it: the tray keeps monitoring), and
   * brought forward when the user asked for it.
   */
  const openWindow = (asked = true): BrowserWindow => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      // A new window shows itself once ready (createMainWindow); a click that opened it is
      // delivered when its page has loaded.
      const win = createMainWindow(BrowserWindow, frames)
      mainWindow = win
      win.webContents.on('did-finish-load', () => navigation.ready(navigate))
      win.webContents.on('did-start-loading', () => navigation.gone())
      win.on('closed', () => navigation.gone())
      if (asked) win.focus()
      return win
    }
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
    return mainWindow
  }

  // Snapshot files from the system: a second launch's argv and macOS's open-file (which may
  // come before ready: held until the service is up).
  const snapshotFiles = new SnapshotOpening()
  snapshotFiles.install(app, () => void openWindow())

  void app.whenReady().then(() => {
    const dataDir = app.getPath('userData')
    const log = createFileLogger(dataDir)
    const service = createService({
      dataDir,
      vault: new KeychainVault(),
      log,
      openExternal: (url) => shell.openExternal(url),
      startDemo: startDemoProvider,
      chooseCaFile,
      chooseSnapshotFile,
      chooseSnapshotTarget,
      showInFolder: (path) => shell.showItemInFolder(path),
      showNotification: (n: AppNotification) => background?.notify(n)
    })
    navigate = (target) => service.emit('navigate', target)
    denyPermissions(session.defaultSession)
    serveRenderer(protocol, join(__dirname, '../renderer'))
    bindContract(service, frames, (m) => log.warn(m))
    background = startBackground(service, {
      openWindow,
      navigation,
      log: (m) => log.warn(m)
    })
    snapshotFiles.ready({
      admit: (path) => service.snapshots.outside.admit(path),
      navigate: (target) => navigation.navigate(target),
      openWindow: () => void openWindow(),
      choose: chooseSnapshotFile,
      report: (message) => dialog.showErrorBox('The snapshot cannot be opened', message)
    })
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(process.platform, () => void snapshotFiles.openFromDialog())
      )
    )
    // Started at login: only the tray until the user opens the window.
    if (!process.argv.includes(HIDDEN_ARG)) openWindow(false)
    // Started by opening a .lanewatch file (Windows, Linux).
    for (const path of snapshotPathsIn(process.argv.slice(1))) void snapshotFiles.open(path)
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
