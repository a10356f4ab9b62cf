// Electron glue: lifecycle, single instance, the app:// protocol, IPC and the main window. The
// logic lives in Electron-free modules (src/core) and in modules that take Electron's objects as
// arguments (./window, ./protocol), which are tested under Node.
import { app, BrowserWindow, protocol, session, shell } from 'electron'
import { join } from 'node:path'
import { KeychainVault } from '../core/accounts/vault'
import { createFileLogger } from '../core/log'
import { createService } from '../core/service'
import { chooseCaFile } from './dialogs'
import { startDemoProvider } from '../simulator/demo-provider'
import { bindContract } from './ipc'
import { registerAppScheme, serveRenderer } from './protocol'
import { AppFrames } from './security'
import { createMainWindow, denyPermissions, hardenContents } from './window'

if (process.env.LANEWATCH_DATA_DIR) app.setPath('userData', process.env.LANEWATCH_DATA_DIR)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppScheme(protocol)
  hardenContents(app, shell)
  const frames = new AppFrames()
  let mainWindow: BrowserWindow | undefined
  const openWindow = () => (mainWindow = createMainWindow(BrowserWindow, frames))

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) openWindow()
    if (mainWindow!.isMinimized()) mainWindow!.restore()
    mainWindow!.focus()
  })

  void app.whenReady().then(() => {
    const dataDir = app.getPath('userData')
    const log = createFileLogger(dataDir)
    const service = createService({
      dataDir,
      vault: new KeychainVault(),
      log,
      openExternal: (url) => shell.openExternal(url),
      startDemo: startDemoProvider,
      chooseCaFile
    })
    denyPermissions(session.defaultSession)
    serveRenderer(protocol, join(__dirname, '../renderer'))
    bindContract(service, frames)
    openWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow()
    })
    app.on('will-quit', () => void service.close())
    log.info('started', { version: app.getVersion() })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
