// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), item by
// item. Where an item is about glue that only runs inside Electron, the wiring is checked in the
// source and the reason is written next to it; the Electron e2e suite checks it at run time.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  contentTypeOf,
  isNavigationAllowed,
  isPermissionGranted,
  isTrustedSender,
  resolveAppFile,
  secureWebPreferences,
  windowOpenDecision
} from '../../../src/main/security'
import { safeExternalUrl } from '../../../src/shared/urls'
import { CONTENT_SECURITY_POLICY_META } from '../../../src/shared/csp'

const root = join(__dirname, '../../..')
const source = (file: string) => readFileSync(join(root, file), 'utf8')
const prefs = secureWebPreferences('/app/out/preload/index.js')
const policy = Object.fromEntries(
  CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/)
    return [name!, values]
  })
)

describe('Electron security checklist', () => {
  it('1. only secure content: the renderer comes from app:// and the CSP allows no remote source', () => {
    expect(source('src/main/window.ts')).toContain('win.loadURL(`${APP_ORIGIN}/index.html`)')
    expect(APP_ORIGIN).toBe('app://lanewatch')
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|ws:/)
  })

  it('2. no Node.js integration, in workers and subframes neither', () => {
    expect(prefs).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false
    })
  })

  it('3. context isolation is on', () => {
    expect(prefs.contextIsolation).toBe(true)
  })

  it('4. the renderer is sandboxed (the preload is one bundled CommonJS file)', () => {
    expect(prefs.sandbox).toBe(true)
    expect(source('electron.vite.config.ts')).toMatch(
      /preload: \{ build: \{ externalizeDeps: false \} \}/
    )
  })

  it('5. permission requests and checks are denied', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'fullscreen',
      'unknown'
    ])
      expect(isPermissionGranted(p)).toBe(false)
    const wiring = source('src/main/window.ts')
    expect(wiring).toContain('setPermissionRequestHandler')
    expect(wiring).toContain('setPermissionCheckHandler')
    expect(source('src/main/index.ts')).toContain('denyPermissions(session.defaultSession)')
  })

  it('6. webSecurity stays on', () => {
    expect(prefs.webSecurity).toBe(true)
  })

  it('7. a strict content security policy, sent as a header and repeated in the page', () => {
    expect(policy['default-src']).toEqual(["'none'"])
    expect(policy['script-src']).toEqual(["'self'"])
    expect(policy['object-src']).toEqual(["'none'"])
    expect(policy['frame-ancestors']).toEqual(["'none'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/)
    expect(source('src/main/protocol.ts')).toContain(
      "'content-security-policy': CONTENT_SECURITY_POLICY"
    )
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
      source('src/renderer/index.html')
    )
    // frame-ancestors cannot be set by <meta>; it comes with the header.
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY_META)
    expect(CONTENT_SECURITY_POLICY_META).toBe(
      CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", '')
    )
  })

  it('8. insecure content is not allowed to run', () => {
    expect(prefs.allowRunningInsecureContent).toBe(false)
  })

  it('9. experimental features are off', () => {
    expect(prefs.experimentalFeatures).toBe(false)
  })

  it('10. no Blink features are enabled', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
  })

  it('11. <webview> allowpopups: webviews are disabled altogether', () => {
    expect(prefs.webviewTag).toBe(false)
    expect(source('src/main/window.ts')).toMatch(
      /'will-attach-webview', \(e\) => e\.preventDefault\(\)/
    )
  })

  it('12. <webview> options and params: nothing to verify, as no webview can be attached', () => {
    // Written reason: with webviewTag false and will-attach-webview refused (item 11) no webview
    // exists, so there are no webview options to check.
    expect(prefs.webviewTag).toBe(false)
  })

  it('13. navigation is refused, to any URL', () => {
    for (const url of [
      'https://evil.example',
      'app://lanewatch/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)'
    ])
      expect(isNavigationAllowed(url)).toBe(false)
    const wiring = source('src/main/window.ts')
    expect(wiring).toContain("contents.on('will-navigate'")
    expect(wiring).toContain("contents.on('will-redirect'")
  })

  it('14. new windows are never created; http(s) links go to the system browser', () => {
    expect(windowOpenDecision('https://onedata.org/docs')).toEqual({
      action: 'deny',
      openExternally: 'https://onedata.org/docs'
    })
    expect(windowOpenDecision('app://lanewatch/other.html')).toEqual({ action: 'deny' })
    expect(windowOpenDecision('file:///etc/passwd')).toEqual({ action: 'deny' })
    expect(source('src/main/window.ts')).toContain("return { action: 'deny' }")
  })

  it('15. shell.openExternal gets only parsed http(s) URLs', () => {
    expect(safeExternalUrl('https://onedata.org/a b')).toBe('https://onedata.org/a%20b')
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'vscode://x',
      'https://user:pw@host.org',
      'not a url',
      'http://'
    ])
      expect(safeExternalUrl(url), url).toBeUndefined()
  })

  it('16. a current Electron', () => {
    const pkg = JSON.parse(source('package.json')) as { devDependencies: Record<string, string> }
    expect(Number(pkg.devDependencies.electron!.split('.')[0])).toBeGreaterThanOrEqual(45)
  })

  it('17. the sender of every IPC message is checked, and every payload validated', () => {
    expect(isTrustedSender('app://lanewatch/index.html')).toBe(true)
    for (const url of [
      'app://evil/index.html',
      'file:///x/index.html',
      'http://127.0.0.1:5173/',
      'https://lanewatch',
      '',
      undefined,
      null,
      'garbage'
    ])
      expect(isTrustedSender(url), String(url)).toBe(false)
    const wiring = source('src/main/ipc.ts')
    expect(wiring).toContain('isTrustedSender(event.senderFrame?.url)')
    expect(wiring).toContain('dispatch(service.handlers, channel, payload)')
  })

  it('18. no file:// — a custom protocol that serves only files inside the renderer folder', () => {
    const rootDir = '/app/out/renderer'
    expect(resolveAppFile('app://lanewatch/', rootDir)).toBe('/app/out/renderer/index.html')
    expect(resolveAppFile('app://lanewatch/assets/index-1.js', rootDir)).toBe(
      '/app/out/renderer/assets/index-1.js'
    )
    // Dot segments, encoded or not, never lead outside the folder.
    for (const url of [
      'app://lanewatch/../../etc/passwd',
      'app://lanewatch/%2e%2e/%2e%2e/etc/passwd',
      'app://lanewatch/assets/..%2F..%2F..%2Fetc%2Fpasswd'
    ]) {
      const file = resolveAppFile(url, rootDir)
      expect(file === undefined || file.startsWith(`${rootDir}/`), `${url} → ${file}`).toBe(true)
    }
    for (const url of [
      'app://lanewatch/a%5C..%5C..%5Cb',
      'app://lanewatch/%00',
      'app://other/index.html',
      'file:///app/out/renderer/index.html',
      'app://lanewatch/%E0%A4%A'
    ])
      expect(resolveAppFile(url, rootDir), url).toBeUndefined()
    expect(contentTypeOf('x/index.html')).toBe('text/html; charset=utf-8')
    expect(contentTypeOf('x/a.js')).toBe('text/javascript; charset=utf-8')
  })

  it('19. fuses: RunAsNode, NODE_OPTIONS and inspect arguments off, app only from an integrity-checked asar', () => {
    // Checked fuse by fuse in tests/unit/packaging.test.ts against electron-builder.json.
    const fuses = JSON.parse(source('electron-builder.json')).electronFuses
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true
    })
  })

  it('20. no Electron API is exposed to the page: only window.lanewatch, built from the contract', () => {
    const preload = source('src/preload/index.ts')
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1)
    expect(preload).toContain("contextBridge.exposeInMainWorld('lanewatch', api)")
    expect(preload).toContain('const api = buildApi(')
  })
})
