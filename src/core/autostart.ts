// "Start at login" on Linux: an XDG autostart entry (~/.config/autostart/lanewatch.desktop) that
// starts Lanewatch in the tray. macOS and Windows use Electron's login-item setting instead.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { writeFileAtomic } from './accounts/atomic-write'
import { PRODUCT_NAME } from './paths'

/** Started at login: no window, just the tray. */
export const HIDDEN_ARG = '--hidden'

export interface AutostartTarget {
  /** The program to run (for an AppImage, the AppImage itself). */
  execPath: string
  args?: string[]
  env?: Record<string, string | undefined>
  home?: string
}

/** `$XDG_CONFIG_HOME/autostart/lanewatch.desktop`. */
export function autostartPath(t: Pick<AutostartTarget, 'env' | 'home'> = {}): string {
  const env = t.env ?? process.env
  const config = env.XDG_CONFIG_HOME || join(t.home ?? homedir(), '.config')
  return join(config, 'autostart', 'lanewatch.desktop')
}

/** One argument of an Exec line, quoted as the Desktop Entry specification asks. */
export function quoteExecArg(arg: string): string {
  if (arg !== '' && !/[\s"'\\><~|&;$*?#()`%=]/.test(arg)) return arg
  return `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`).replace(/%/g, '%%')}"`
}

export function desktopEntry(t: AutostartTarget): string {
  const exec = [t.execPath, ...(t.args ?? []), HIDDEN_ARG].map(quoteExecArg).join(' ')
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${PRODUCT_NAME}`,
    'Comment=Monitor Onedata automation workflow executions',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    ''
  ].join('\n')
}

/** Writes or removes the entry; returns whether Lanewatch now starts at login. */
export function setLinuxAutostart(enabled: boolean, t: AutostartTarget): boolean {
  const path = autostartPath(t)
  if (enabled) writeFileAtomic(path, desktopEntry(t), 0o644)
  else rmSync(path, { force: true })
  return enabled
}

export function isLinuxAutostartEnabled(t: Pick<AutostartTarget, 'env' | 'home'> = {}): boolean {
  const path = autostartPath(t)
  return existsSync(path) && /^Exec=/m.test(readFileSync(path, 'utf8'))
}
