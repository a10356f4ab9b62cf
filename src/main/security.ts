// Every security decision of the main process as plain functions, unit-tested against
// Electron's security checklist (tests/unit/main/security.test.ts). Only types come from
// electron here, so this module runs under plain Node.
import type { WebPreferences } from 'electron'
import { normalize, relative, resolve, sep } from 'node:path'
import { safeExternalUrl } from '../shared/urls'

export { CONTENT_SECURITY_POLICY } from '../shared/csp'
export { contentTypeOf } from '../core/content-type'

/** The renderer is served from app://lanewatch/, never from file://. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'lanewatch'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false
  }
}

/** IPC is answered only for frames loaded from the app's own origin. */
export function isTrustedSender(frameUrl: string | undefined | null): boolean {
  if (!frameUrl) return false
  try {
    const url = new URL(frameUrl)
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST
  } catch {
    return false
  }
}

/** The app is a single page: every navigation away from it is refused. */
export function isNavigationAllowed(_url: string): boolean {
  return false
}

/** New windows are never created; an http(s) link opens in the system browser instead. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally?: string } {
  const external = safeExternalUrl(url)
  return external ? { action: 'deny', openExternally: external } : { action: 'deny' }
}

/** No web permission (camera, notifications from web content, geolocation …) is ever granted. */
export function isPermissionGranted(_permission: string): boolean {
  return false
}

/**
 * The file an app:// request maps to inside `root`, or undefined for anything outside it
 * (another host, path traversal, encoded separators).
 */
export function resolveAppFile(requestUrl: string, root: string): string | undefined {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return undefined
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return undefined
  }
  if (path.includes('\0') || path.includes('\\')) return undefined
  const rel = normalize(path === '/' ? '/index.html' : path).replace(/^[/\\]+/, '')
  const base = resolve(root)
  const file = resolve(base, rel)
  const inside = relative(base, file)
  if (!inside || inside.startsWith('..') || inside.startsWith(sep)) return undefined
  return file
}
