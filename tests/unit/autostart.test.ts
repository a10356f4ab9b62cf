import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  autostartPath,
  desktopEntry,
  isLinuxAutostartEnabled,
  quoteExecArg,
  setLinuxAutostart
} from '../../src/core/autostart'
import { NavigationQueue } from '../../src/core/navigation'

describe('the XDG autostart entry', () => {
  it('lives in $XDG_CONFIG_HOME/autostart, or ~/.config/autostart', () => {
    expect(autostartPath({ env: { XDG_CONFIG_HOME: '/x' } })).toBe('/x/autostart/lanewatch.desktop')
    expect(autostartPath({ env: {}, home: '/home/ada' })).toBe(
      '/home/ada/.config/autostart/lanewatch.desktop'
    )
  })

  it('starts Lanewatch hidden in the tray, arguments quoted as the specification asks', () => {
    expect(quoteExecArg('/usr/bin/lanewatch')).toBe('/usr/bin/lanewatch')
    expect(quoteExecArg('/home/ada/My Apps/Lanewatch.AppImage')).toBe(
      '"/home/ada/My Apps/Lanewatch.AppImage"'
    )
    expect(quoteExecArg('a"b$c`d\\e')).toBe('"a\\"b\\$c\\`d\\\\e"')
    expect(quoteExecArg('100%')).toBe('"100%%"')
    expect(desktopEntry({ execPath: '/opt/Lanewatch/lanewatch' })).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Lanewatch',
        'Comment=Monitor Onedata automation workflow executions',
        'Exec=/opt/Lanewatch/lanewatch --hidden',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        ''
      ].join('\n')
    )
  })

  it('is written and removed', () => {
    const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'lanewatch-xdg-')) }
    expect(isLinuxAutostartEnabled({ env })).toBe(false)
    setLinuxAutostart(true, { execPath: '/opt/x y/lanewatch', env })
    expect(isLinuxAutostartEnabled({ env })).toBe(true)
    expect(readFileSync(autostartPath({ env }), 'utf8')).toContain(
      'Exec="/opt/x y/lanewatch" --hidden'
    )
    expect(statSync(autostartPath({ env })).mode & 0o777).toBe(0o644)
    setLinuxAutostart(false, { execPath: '/opt/x y/lanewatch', env })
    expect(isLinuxAutostartEnabled({ env })).toBe(false)
    setLinuxAutostart(false, { execPath: '/opt/x y/lanewatch', env })
  })
})

describe('navigation from a notification or the tray', () => {
  it('waits for the page, then delivers the latest target; a reload holds them again', () => {
    const q = new NavigationQueue()
    const got: string[] = []
    q.navigate({ view: 'execution', accountId: 'a', executionId: 'old' })
    q.navigate({ view: 'execution', accountId: 'a', executionId: 'w1' })
    q.ready((t) =>
      got.push(t.view === 'execution' ? t.executionId : t.view === 'space' ? t.spaceId : t.handle)
    )
    q.navigate({ view: 'space', accountId: 'a', spaceId: 's1' })
    q.gone()
    q.navigate({ view: 'execution', accountId: 'a', executionId: 'w2' })
    expect(got).toEqual(['w1', 's1'])
    q.ready((t) =>
      got.push(t.view === 'execution' ? t.executionId : t.view === 'space' ? t.spaceId : t.handle)
    )
    expect(got).toEqual(['w1', 's1', 'w2'])
  })
})
