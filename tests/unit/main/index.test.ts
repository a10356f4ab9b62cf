// The main process's wiring (src/main/index.ts) against a stand-in `electron` module: what is
// installed before the app is ready, what after, and that the window, the session, the app://
// protocol and IPC all carry the rules tested one by one in security.test.ts and ipc.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp'
import { fakeElectron, FakeTray, FakeWebContents, type FakeElectron } from './fake-electron'

let electron: FakeElectron
let dataDir: string

async function startMain({ lock = true } = {}): Promise<FakeElectron> {
  vi.resetModules()
  electron = fakeElectron()
  electron.app.hasLock = lock
  dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-main-'))
  vi.stubEnv('LANEWATCH_DATA_DIR', dataDir)
  vi.doMock('electron', () => electron)
  await import('../../../src/main/index')
  return electron
}

afterEach(() => {
  electron.app.emit('will-quit')
  vi.doUnmock('electron')
  vi.unstubAllEnvs()
})

const windows = () => electron.BrowserWindow.getAllWindows()
const call = (channel: string, payload: unknown, sender = windows()[0]!.webContents) =>
  electron.ipcMain.invoke(channel, sender.invokeEvent(), payload)

// The first import transforms the whole main process: slow on a busy machine.
describe('the main process', { timeout: 30_000 }, () => {
  it('quits at once when another instance holds the lock, installing nothing', async () => {
    await startMain({ lock: false })
    expect(electron.app.quitCalls).toBe(1)
    expect(electron.protocol.privileged).toEqual([])
    expect(electron.app.listenerCount('web-contents-created')).toBe(0)
    await electron.app.ready()
    expect(electron.ipcMain.handlers.size).toBe(0)
    expect(windows()).toEqual([])
  })

  it('before ready: uses LANEWATCH_DATA_DIR, registers app:// and hardens every web contents', async () => {
    await startMain()
    expect(electron.app.getPath('userData')).toBe(dataDir)
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }
    ])
    const contents = new FakeWebContents()
    electron.app.emit('web-contents-created', {}, contents)
    expect(contents.attempt('will-navigate', 'https://evil.example')).toBe(true)
    expect(contents.windowOpenHandler!({ url: 'https://onedata.org/x' })).toEqual({
      action: 'deny'
    })
    expect(electron.shell.opened).toEqual(['https://onedata.org/x'])
    expect(electron.ipcMain.handlers.size).toBe(0)
    expect(windows()).toEqual([])
  })

  it('when ready: one secure window on app://, permissions denied, the renderer served', async () => {
    await startMain()
    await electron.app.ready()
    expect(windows()).toHaveLength(1)
    const win = windows()[0]!
    expect(win.loadedUrl).toBe('app://lanewatch/index.html')
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: join(__dirname, '../../../src/preload/index.js')
    })
    expect(win.webContents.attempt('will-navigate', 'app://lanewatch/x')).toBe(true)

    const denied: boolean[] = []
    electron.session.defaultSession.requestHandler!({}, 'media', (g) => denied.push(g))
    expect(denied).toEqual([false])
    expect(electron.session.defaultSession.checkHandler!({}, 'media')).toBe(false)

    // The renderer folder beside main (src/renderer here, out/renderer when built).
    const serve = electron.protocol.handlers.get('app')!
    const page = await serve({ url: 'app://lanewatch/index.html' })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect((await serve({ url: 'app://lanewatch/..%2Fmain%2Findex.ts' })).status).toBe(404)
  })

  it("answers the app window's IPC with the real service, and no other sender", async () => {
    await startMain()
    await electron.app.ready()
    expect(await call('accounts.list', {})).toEqual({ ok: true, value: [] })
    expect(await call('accounts.list', {}, new FakeWebContents())).toMatchObject({
      ok: false,
      error: { id: 'ipc.forbidden' }
    })
  })

  it('opens links from the app.openExternal channel only after parsing them', async () => {
    await startMain()
    await electron.app.ready()
    expect(await call('app.openExternal', { url: 'https://onedata.org/a b' })).toEqual({
      ok: true,
      value: { opened: true }
    })
    expect(await call('app.openExternal', { url: 'file:///etc/passwd' })).toMatchObject({
      ok: false,
      error: { id: 'app.urlRefused' }
    })
    expect(electron.shell.opened).toEqual(['https://onedata.org/a%20b'])
  })

  it('starts the demo provider on request, and stops it on quit', async () => {
    await startMain()
    await electron.app.ready()
    const started = (await call('demo.start', {})) as {
      ok: boolean
      value: { providerUrl: string }
    }
    expect(started).toMatchObject({ ok: true, value: { id: 'demo', demo: true } })
    const url = started.value.providerUrl
    expect((await fetch(`${url}/api/v3/oneprovider/configuration`)).status).toBe(200)
    electron.app.emit('will-quit')
    await vi.waitFor(() => expect(fetch(url)).rejects.toThrow(), { timeout: 10_000 })
  })

  it('a second start focuses the window, or opens a new one when it was closed', async () => {
    await startMain()
    await electron.app.ready()
    const first = windows()[0]!
    first.minimized = true
    electron.app.emit('second-instance')
    expect(first).toMatchObject({ minimized: false, focused: 1 })
    first.destroy()
    electron.app.emit('second-instance')
    expect(windows()).toHaveLength(1)
    expect(windows()[0]).not.toBe(first)
    expect(windows()[0]!.focused).toBe(1)
  })

  it('File → Open and a second launch with a file open the snapshot in the window', async () => {
    await startMain()
    await electron.app.ready()
    const win = windows()[0]!
    win.webContents.emit('did-finish-load')
    const navigated = () => win.webContents.sent.filter(([channel]) => channel === 'navigate')
    const file = join(dataDir, 'run.lanewatch')
    writeFileSync(file, 'x')
    const menu = electron.Menu.application!.template as { label?: string; submenu?: unknown }[]
    const open = (menu.find((m) => m.label === 'File')!.submenu as { click: () => void }[])[0]!
    electron.dialog.nextOpen = file
    open.click()
    await vi.waitFor(() => expect(navigated()).toHaveLength(1))
    expect(navigated()[0]![1]).toMatchObject({ view: 'snapshot', fileName: 'run.lanewatch' })
    electron.app.emit('second-instance', {}, ['lanewatch', join(dataDir, 'accounts.json')], '/')
    electron.app.emit('second-instance', {}, ['lanewatch', join(dataDir, 'gone.lanewatch')], '/')
    await vi.waitFor(() => expect(electron.dialog.errors).toHaveLength(1))
    expect(electron.dialog.errors[0]!.content).toMatch(/gone\.lanewatch cannot be opened/)
    expect(navigated()).toHaveLength(1)
    // Show in folder goes to the system's file manager, for files in the history only.
    expect(await call('snapshots.reveal', { file: 'run.lanewatch' })).toEqual({
      ok: true,
      value: { shown: true }
    })
    expect(electron.shell.shownInFolder).toEqual([join(dataDir, 'snapshots', 'run.lanewatch')])
    expect(await call('snapshots.reveal', { file: '../accounts.lanewatch' })).toMatchObject({
      ok: false,
      error: { id: 'snapshot.badName' }
    })
  })

  it('reopens a window on activate when none is open; closing it keeps monitoring in the tray', async () => {
    await startMain()
    await electron.app.ready()
    electron.app.emit('activate')
    expect(windows()).toHaveLength(1)
    windows()[0]!.destroy()
    electron.app.emit('activate')
    expect(windows()).toHaveLength(1)
    windows()[0]!.destroy()
    electron.app.emit('window-all-closed')
    expect(electron.app.quitCalls).toBe(0)
    expect(FakeTray.created).toHaveLength(1)
    expect(FakeTray.created[0]!.tooltip).toMatch(/^Lanewatch: nothing running/)
    // With the window gone the monitor reads at the tray's slower pace, until a page is shown.
    electron.app.emit('activate')
    expect(await call('monitor.overview', {})).toMatchObject({
      ok: true,
      value: { visible: false }
    })
    // With the setting off, closing the last window quits (but on macOS).
    expect(await call('settings.set', { closeToTray: false }, new FakeWebContents())).toMatchObject(
      { ok: false }
    )
    electron.app.emit('activate')
    expect(await call('settings.set', { closeToTray: false })).toMatchObject({ ok: true })
    windows()[0]!.destroy()
    electron.app.emit('window-all-closed')
    expect(electron.app.quitCalls).toBe(process.platform === 'darwin' ? 0 : 1)
  })

  it('the tray reopens a closed window and pauses the monitor', async () => {
    await startMain()
    await electron.app.ready()
    windows()[0]!.destroy()
    const menu = () => FakeTray.created[0]!.menu!.template
    menu().find((m) => m.label === 'Open Lanewatch')!.click!()
    expect(windows()).toHaveLength(1)
    menu().find((m) => m.label === 'Pause monitoring')!.click!()
    expect(await call('monitor.overview', {})).toMatchObject({ ok: true, value: { paused: true } })
  })
})
