// The Electron glue that keeps monitoring with the window closed, against a real service and a
// stand-in for Electron (no Electron binary runs here): the tray renders the model and runs its
// actions, a desktop notification's click opens that execution once the page is ready, the badge
// counts unseen failures, and "start at login" writes the XDG autostart entry on Linux.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'

const electron = vi.hoisted(() => {
  const state = {
    trays: [] as {
      tooltip?: string
      menu?: MenuItemConstructorOptions[]
      images: number
      destroyed: boolean
      click?: () => void
    }[],
    notifications: [] as {
      title: string
      body: string
      silent: boolean
      shown: boolean
      click?: () => void
    }[],
    badge: -1,
    quit: 0,
    loginItem: undefined as unknown
  }
  class Tray {
    entry = { images: 1, destroyed: false } as (typeof state.trays)[number]
    constructor() {
      state.trays.push(this.entry)
    }
    on(_e: string, f: () => void) {
      this.entry.click = f
    }
    setImage() {
      this.entry.images += 1
    }
    setToolTip(t: string) {
      this.entry.tooltip = t
    }
    setContextMenu(m: { template: MenuItemConstructorOptions[] }) {
      this.entry.menu = m.template
    }
    destroy() {
      this.entry.destroyed = true
    }
  }
  class Notification {
    entry: (typeof state.notifications)[number]
    static isSupported = () => true
    constructor(o: { title: string; body: string; silent: boolean }) {
      this.entry = { ...o, shown: false }
      state.notifications.push(this.entry)
    }
    on(_e: string, f: () => void) {
      this.entry.click = f
    }
    show() {
      this.entry.shown = true
    }
  }
  return {
    state,
    module: {
      Tray,
      Notification,
      Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
      nativeImage: { createFromBuffer: (b: Buffer) => ({ png: b }) },
      app: {
        setBadgeCount: (n: number) => void (state.badge = n),
        quit: () => void (state.quit += 1),
        isPackaged: false,
        getAppPath: () => '/opt/lanewatch/app',
        setLoginItemSettings: (s: unknown) => void (state.loginItem = s)
      }
    }
  }
})
vi.mock('electron', () => electron.module)

import { MemoryVault } from '../../../src/core/accounts/vault'
import { NavigationQueue } from '../../../src/core/navigation'
import { createService, type Service } from '../../../src/core/service'
import { startBackground } from '../../../src/main/background'
import { menuTemplate } from '../../../src/main/tray-menu'
import { trayIconPng } from '../../../src/main/tray-icon'
import type { NavigateTarget } from '../../../src/shared/notifications'

let service: Service
let configHome: string
beforeEach(() => {
  electron.state.trays.length = 0
  electron.state.notifications.length = 0
  configHome = mkdtempSync(join(tmpdir(), 'lanewatch-xdg-'))
  vi.stubEnv('XDG_CONFIG_HOME', configHome)
  service = createService({
    dataDir: mkdtempSync(join(tmpdir(), 'lanewatch-main-')),
    vault: new MemoryVault()
  })
})
afterEach(async () => {
  vi.unstubAllEnvs()
  await service.close()
})

function start() {
  const navigation = new NavigationQueue()
  const openWindow = vi.fn(() => ({}) as never)
  const bg = startBackground(service, { openWindow, navigation, log: () => {} })
  return { bg, navigation, openWindow, tray: electron.state.trays[0]! }
}
const item = (menu: MenuItemConstructorOptions[] | undefined, label: string) =>
  menu!.find((m) => m.label === label)!

describe('the tray', () => {
  it('renders the model and runs every action of its menu', () => {
    const { bg, tray, openWindow } = start()
    expect(tray.tooltip).toBe('Lanewatch: nothing running')
    expect(tray.menu!.map((m) => m.label ?? m.type)).toEqual([
      'Nothing running',
      'separator',
      'Open Lanewatch',
      'Refresh now',
      'Pause monitoring',
      'Pause notifications for 1 hour',
      'separator',
      'Quit Lanewatch'
    ])
    expect(electron.state.badge).toBe(0)
    ;(item(tray.menu, 'Open Lanewatch').click as () => void)()
    expect(openWindow).toHaveBeenCalled()
    ;(item(tray.menu, 'Pause notifications for 1 hour').click as () => void)()
    expect(service.notifications.history().pausedUntil).toBeGreaterThan(Date.now() + 59 * 60_000)
    ;(item(tray.menu, 'Pause monitoring').click as () => void)()
    expect(service.monitor.isPaused()).toBe(true)
    const refresh = vi.spyOn(service.monitor, 'refresh')
    ;(item(tray.menu, 'Refresh now').click as () => void)()
    expect(refresh).toHaveBeenCalledWith()
    const quits = electron.state.quit
    ;(item(tray.menu, 'Quit Lanewatch').click as () => void)()
    expect(electron.state.quit).toBe(quits + 1)
    tray.click!()
    expect(openWindow).toHaveBeenCalledTimes(2)
    bg.stop()
    expect(tray.destroyed).toBe(true)
  })

  it('the menu template disables headers and wires items', () => {
    const act = vi.fn()
    const template = menuTemplate(
      {
        state: 'running',
        tooltip: '',
        badge: 0,
        menu: [
          { kind: 'header', label: 'Running (1)' },
          {
            kind: 'item',
            label: 'wf — active',
            action: { type: 'openExecution', accountId: 'a', executionId: 'e' }
          },
          { kind: 'separator' }
        ]
      },
      act
    )
    expect(template[0]).toEqual({ label: 'Running (1)', enabled: false })
    ;(template[1]!.click as () => void)()
    expect(act).toHaveBeenCalledWith({ type: 'openExecution', accountId: 'a', executionId: 'e' })
    expect(template[2]).toEqual({ type: 'separator' })
  })

  it('draws a disc in the colour of each state', () => {
    const centre = (state: Parameters<typeof trayIconPng>[0]) => {
      const png = trayIconPng(state, 16)
      expect(png.subarray(1, 4).toString()).toBe('PNG')
      // Signature, IHDR (25 bytes), then IDAT's length and type; its CRC and IEND close it.
      const raw = inflateSync(png.subarray(41, png.length - 16))
      const row = 8 * (1 + 16 * 4)
      return [...raw.subarray(row + 1 + 8 * 4, row + 1 + 8 * 4 + 4)]
    }
    expect(centre('failing')).toEqual([220, 38, 38, 255])
    expect(centre('running')).toEqual([37, 99, 235, 255])
    expect(new Set([centre('idle').join(), centre('unreachable').join()]).size).toBe(2)
  })
})

describe('desktop notifications', () => {
  it('a click opens the window and that execution once the page is ready, and marks it read', async () => {
    const { bg, navigation, openWindow } = start()
    const markRead = vi.spyOn(service.notifications, 'markRead')
    const target: NavigateTarget = { view: 'execution', accountId: 'acc', executionId: 'w1' }
    bg.notify({
      id: 'acc-1',
      at: 0,
      kind: 'failures',
      title: 'Lane run failed',
      body: 'x',
      accountId: 'acc',
      target,
      count: 1,
      read: false,
      shown: true
    })
    const note = electron.state.notifications[0]!
    expect(note).toMatchObject({ title: 'Lane run failed', body: 'x', silent: false, shown: true })
    note.click!()
    expect(openWindow).toHaveBeenCalled()
    expect(markRead).toHaveBeenCalledWith(['acc-1'])
    const delivered: NavigateTarget[] = []
    navigation.ready((t) => delivered.push(t))
    expect(delivered).toEqual([target])
    bg.stop()
  })
})

describe('start at login', () => {
  it('writes and removes the XDG autostart entry on Linux as the setting changes', () => {
    if (process.platform !== 'linux') return
    const { bg } = start()
    const entry = join(configHome, 'autostart', 'lanewatch.desktop')
    expect(existsSync(entry)).toBe(false)
    service.preferences.set({ startAtLogin: true })
    expect(readFileSync(entry, 'utf8')).toContain(
      `Exec=${process.execPath} /opt/lanewatch/app --hidden`
    )
    service.preferences.set({ startAtLogin: false })
    expect(existsSync(entry)).toBe(false)
    bg.stop()
  })

  it('sets the login item on macOS and Windows, started hidden, and writes no XDG entry', () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!
    for (const os of ['darwin', 'win32']) {
      Object.defineProperty(process, 'platform', { ...platform, value: os })
      try {
        electron.state.loginItem = undefined
        service.preferences.set({ startAtLogin: false })
        const { bg } = start()
        expect(electron.state.loginItem).toBeUndefined()
        service.preferences.set({ startAtLogin: true })
        expect(electron.state.loginItem).toEqual({ openAtLogin: true, args: ['--hidden'] })
        service.preferences.set({ startAtLogin: false })
        expect(electron.state.loginItem).toEqual({ openAtLogin: false, args: ['--hidden'] })
        expect(existsSync(join(configHome, 'autostart'))).toBe(false)
        bg.stop()
      } finally {
        Object.defineProperty(process, 'platform', platform)
      }
    }
  })
})
