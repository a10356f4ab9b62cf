// Checklist item 17: the sender of every IPC call is checked and every payload validated, through
// the handlers bindContract installs on ipcMain (a stand-in `electron` module), wired to a real
// service. Only the main frame of a window main created, showing app://lanewatch, may call.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserWindow } from 'electron'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MemoryVault } from '../../../src/core/accounts/vault'
import { createService, type Service } from '../../../src/core/service'
import type { AppFrames } from '../../../src/main/security'
import { CHANNELS } from '../../../src/shared/ipc'
import { fakeElectron, FakeWebContents, type FakeElectron, type FakeWindow } from './fake-electron'

let electron: FakeElectron
let service: Service
let frames: AppFrames
let window: FakeWindow
let logged: string[]

beforeEach(async () => {
  vi.resetModules()
  electron = fakeElectron()
  vi.doMock('electron', () => electron)
  const { bindContract } = await import('../../../src/main/ipc')
  const { AppFrames } = await import('../../../src/main/security')
  const { createMainWindow } = await import('../../../src/main/window')
  service = createService({
    dataDir: mkdtempSync(join(tmpdir(), 'lanewatch-ipc-')),
    vault: new MemoryVault()
  })
  frames = new AppFrames()
  logged = []
  bindContract(service, frames, (line) => logged.push(line))
  createMainWindow(electron.BrowserWindow as unknown as typeof BrowserWindow, frames)
  window = electron.BrowserWindow.created[0]!
})
afterEach(async () => {
  vi.doUnmock('electron')
  await service.close()
})

const FORBIDDEN = { ok: false, error: { id: 'ipc.forbidden' } }

describe('the IPC sender check', () => {
  it('binds one handler per channel of the contract', () => {
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort())
  })

  it("answers the main frame of the app's own window", async () => {
    expect(
      await electron.ipcMain.invoke('accounts.list', window.webContents.invokeEvent(), {})
    ).toEqual({ ok: true, value: [] })
  })

  it('refuses a subframe of the app window, even one showing the app origin', async () => {
    const subframe = window.webContents.invokeEvent({ routingId: 2 })
    expect(await electron.ipcMain.invoke('accounts.list', subframe, {})).toMatchObject(FORBIDDEN)
    const otherProcess = window.webContents.invokeEvent({ processId: 9999 })
    expect(await electron.ipcMain.invoke('accounts.list', otherProcess, {})).toMatchObject(
      FORBIDDEN
    )
  })

  it('refuses a web contents main did not create, even at app://lanewatch', async () => {
    const stranger = new FakeWebContents()
    expect(
      await electron.ipcMain.invoke('accounts.list', stranger.invokeEvent(), {})
    ).toMatchObject(FORBIDDEN)
  })

  it('refuses the app window when its frame is not on the app origin, or is gone', async () => {
    for (const url of [
      'https://evil.example/',
      'app://evil/index.html',
      'file:///x/index.html',
      'http://127.0.0.1:5173/',
      'https://lanewatch/',
      '',
      'garbage'
    ]) {
      const event = window.webContents.invokeEvent({ url })
      expect(await electron.ipcMain.invoke('accounts.list', event, {}), url).toMatchObject(
        FORBIDDEN
      )
    }
    const noFrame = { sender: window.webContents, senderFrame: null }
    expect(await electron.ipcMain.invoke('accounts.list', noFrame, {})).toMatchObject(FORBIDDEN)
  })

  it('stops trusting a window once it is destroyed', async () => {
    const event = window.webContents.invokeEvent()
    window.destroy()
    expect(await electron.ipcMain.invoke('accounts.list', event, {})).toMatchObject(FORBIDDEN)
  })

  it('validates the payload of a trusted call and never throws', async () => {
    const event = window.webContents.invokeEvent()
    expect(await electron.ipcMain.invoke('executions.get', event, { accountId: 1 })).toMatchObject({
      ok: false,
      error: { id: 'ipc.badRequest' }
    })
    expect(
      await electron.ipcMain.invoke('accounts.remove', event, { accountId: 'a', extra: 1 })
    ).toMatchObject({ ok: false, error: { id: 'ipc.badRequest' } })
  })
})

describe('events from the service', () => {
  it("go to the app's own windows only", () => {
    const stranger = new FakeWebContents()
    const change = { accountId: 'a', spaceIds: [], executionIds: ['e'], provider: false }
    service.emit('monitor:changed', change)
    expect(window.webContents.sent).toEqual([['monitor:changed', change]])
    expect(stranger.sent).toEqual([])
    window.destroy()
    service.emit('navigate', { view: 'execution', accountId: 'a', executionId: 'e' })
    expect(window.webContents.sent).toHaveLength(1)
  })

  it('pass the check replies pass: one that cannot travel is logged and dropped, not thrown', () => {
    const change = { accountId: 'a', spaceIds: [], executionIds: ['e'], provider: false }
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown
    const emit = (payload: unknown) => service.emit('monitor:changed', payload as typeof change)
    expect(() => emit({ ...change, extra: () => 1 })).not.toThrow()
    expect(() => emit({ ...change, at: new Date(0) })).not.toThrow()
    expect(() => emit({ ...change, deep })).not.toThrow()
    expect(window.webContents.sent).toEqual([])
    expect(logged).toEqual([
      'the monitor:changed event was not sent: value.extra is a function',
      'the monitor:changed event was not sent: value.at is an object of type Date',
      expect.stringMatching(/^the monitor:changed event was not sent: .*deeper than 64 levels/)
    ])
    emit(change)
    expect(window.webContents.sent).toEqual([['monitor:changed', change]])
  })

  it('a window whose send throws does not break the emitter', () => {
    window.webContents.send = () => {
      throw new Error('Object has been destroyed')
    }
    expect(() => service.emit('notifications:changed', { unread: 1 })).not.toThrow()
    expect(logged).toEqual([
      'the notifications:changed event could not be sent: Object has been destroyed'
    ])
  })
})
