// Electron glue: lifecycle, single instance, the app:// protocol, IPC and the main window. The
// logic lives in Electron-free modules (src/core, ./security) that are tested under Node.
import { app, BrowserWindow, session, shell } from 'electron'
import { join } from 'node:path'
import { KeychainVault } from '../core/accounts/vault'
import { startDemoProvider } from '../core/demo'
import { createFileLogger } from '../core/log'
import { createService } from '../core/service'
import { EVENT_NAMES } from '../shared/ipc'
import { chooseCaFile } from './dialogs'
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

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow()
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
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
    serveRenderer(join(__dirname, '../renderer'))
    bindContract(service)
    for (const event of EVENT_NAMES) {
      service.on(event, (payload) => {
        for (const win of BrowserWindow.getAllWindows()) win.webContents.send(event, payload)
      })
    }
    mainWindow = createMainWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow()
    })
    app.on('will-quit', () => void service.close())
    log.info('started', { version: app.getVersion() })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
