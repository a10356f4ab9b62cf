// What keeps Lanewatch useful with its window closed: the tray, desktop notifications (a click
// opens that execution, once the window's page is ready), the badge of unseen failures, and
// "start at login". Every decision is made in core; this only connects it to Electron.
import { app, Notification, type BrowserWindow } from 'electron'
import { HIDDEN_ARG, setLinuxAutostart } from '../core/autostart'
import type { NavigationQueue } from '../core/navigation'
import type { Service } from '../core/service'
import { trayModel, type TrayAction } from '../core/tray/model'
import type { AppNotification } from '../shared/notifications'
import { TrayView } from './tray'

const HOUR = 60 * 60_000

export interface Background {
  notify(n: AppNotification): void
  stop(): void
}

export function startBackground(
  service: Service,
  opts: { openWindow(): BrowserWindow; navigation: NavigationQueue; log: (m: string) => void }
): Background {
  const act = (action: TrayAction) => {
    switch (action.type) {
      case 'openWindow':
        return void opts.openWindow()
      case 'openExecution':
        opts.openWindow()
        return opts.navigation.navigate({
          view: 'execution',
          accountId: action.accountId,
          executionId: action.executionId
        })
      case 'refreshNow':
        return service.monitor.refresh()
      case 'pauseMonitoring':
      case 'resumeMonitoring':
        return service.monitor.setPaused(action.type === 'pauseMonitoring')
      case 'pauseNotifications':
        return service.notifications.pause(HOUR)
      case 'resumeNotifications':
        return service.notifications.pause(null)
      case 'quit':
        return app.quit()
    }
  }
  const tray = new TrayView(act)
  let scheduled: NodeJS.Timeout | undefined
  const update = () => {
    scheduled = undefined
    const model = trayModel(service.monitor.overview(), service.notifications.history())
    tray.render(model)
    app.setBadgeCount(model.badge)
  }
  // At most one redraw a second however often the monitor changes; relative ages every 15 s.
  const soon = () => (scheduled ??= setTimeout(update, 1000))
  const offs = [service.on('monitor:changed', soon), service.on('notifications:changed', soon)]
  const ticker = setInterval(update, 15_000)
  update()

  const applyLogin = (enabled: boolean) => {
    try {
      if (process.platform === 'linux')
        setLinuxAutostart(enabled, {
          execPath: process.env.APPIMAGE ?? process.execPath,
          args: app.isPackaged ? [] : [app.getAppPath()]
        })
      else app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] })
    } catch (err) {
      opts.log(`start at login could not be set: ${(err as Error).message}`)
    }
  }
  // At start only to refresh an enabled entry (the program may have moved); off needs nothing.
  let login = service.preferences.get().startAtLogin
  if (login) applyLogin(true)
  const offPrefs = service.preferences.onChange((p) => {
    if (p.startAtLogin !== login) applyLogin((login = p.startAtLogin))
  })

  return {
    notify(n) {
      if (!Notification.isSupported()) return
      const note = new Notification({ title: n.title, body: n.body, silent: n.kind !== 'failures' })
      note.on('click', () => {
        opts.openWindow()
        if (n.target) opts.navigation.navigate(n.target)
        service.notifications.markRead([n.id])
      })
      note.show()
    },
    stop() {
      offs.forEach((off) => off())
      offPrefs()
      clearInterval(ticker)
      if (scheduled) clearTimeout(scheduled)
      tray.destroy()
    }
  }
}
