// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), item by
// item, each on the code main really runs: the options createMainWindow hands to the BrowserWindow
// constructor, and the handlers hardenContents, denyPermissions, registerAppScheme and
// serveRenderer install on Electron's objects (stand-ins here: there is no Electron binary).
// The sender check is in ipc.test.ts, the preload in preload.test.ts, the wiring in index.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { App, BrowserWindow, Protocol, Session, Shell } from 'electron'
import { beforeEach, describe, expect, it } from 'vitest'
import { registerAppScheme, serveRenderer } from '../../../src/main/protocol'
import { AppFrames } from '../../../src/main/security'
import { createMainWindow, denyPermissions, hardenContents } from '../../../src/main/window'
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META } from '../../../src/shared/csp'
import {
  FakeApp,
  FakeProtocol,
  FakeSession,
  FakeShell,
  FakeWebContents,
  fakeWindowClass,
  type FakeWindowClass
} from './fake-electron'

const root = join(__dirname, '../../..')

/** The window main opens, built through a fake BrowserWindow constructor. */
function openWindow(Window: FakeWindowClass = fakeWindowClass()) {
  const frames = new AppFrames()
  createMainWindow(Window as unknown as typeof BrowserWindow, frames, '/app/out/preload/index.js')
  const [win] = Window.created
  return { win: win!, frames, prefs: win!.options.webPreferences! }
}

/** A web contents with the rules hardenContents installs, and the shell it opens links with. */
function hardenedContents() {
  const app = new FakeApp()
  const shell = new FakeShell()
  hardenContents(app as unknown as App, shell as unknown as Shell)
  const contents = new FakeWebContents()
  app.emit('web-contents-created', {}, contents)
  return { contents, shell }
}

/** A renderer folder with a file next to it that must never be served. */
function rendererFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanewatch-app-'))
  mkdirSync(join(dir, 'renderer/assets'), { recursive: true })
  writeFileSync(join(dir, 'renderer/index.html'), '<!doctype html><head></head>')
  writeFileSync(join(dir, 'renderer/assets/app.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.txt'), 'SECRET')
  return join(dir, 'renderer')
}

/** Fetches an app:// URL through the handler serveRenderer installs. */
function appProtocol(rendererDir = rendererFolder()) {
  const protocol = new FakeProtocol()
  serveRenderer(protocol as unknown as Protocol, rendererDir)
  const handler = protocol.handlers.get('app')!
  return async (url: string) => {
    const res = await handler({ url })
    return { status: res.status, headers: res.headers, text: await res.text() }
  }
}

describe('Electron security checklist', () => {
  let prefs: ReturnType<typeof openWindow>['prefs']
  beforeEach(() => void ({ prefs } = openWindow()))

  it('1. only secure content: the window loads app://lanewatch/ and the CSP allows no remote source', () => {
    const { win } = openWindow()
    expect(win.loadedUrl).toBe('app://lanewatch/index.html')
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|ws:/)
  })

  it('2. no Node.js integration, in workers and subframes neither', () => {
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
  })

  it('3. context isolation is on', () => {
    expect(prefs.contextIsolation).toBe(true)
  })

  it('4. the renderer is sandboxed, and the preload is one bundled file a sandbox can load', async () => {
    expect(prefs.sandbox).toBe(true)
    expect(prefs.preload).toBe('/app/out/preload/index.js')
    const config = (await import('../../../electron.vite.config')).default as {
      preload: { build: { externalizeDeps: boolean } }
    }
    expect(config.preload.build.externalizeDeps).toBe(false)
  })

  it('5. every permission request and check is denied, devices included', () => {
    const session = new FakeSession()
    denyPermissions(session as unknown as Session)
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'hid']) {
      const answers: boolean[] = []
      session.requestHandler!({}, permission, (granted) => answers.push(granted))
      expect(answers, permission).toEqual([false])
      expect(session.checkHandler!({}, permission), permission).toBe(false)
    }
    expect(session.deviceHandler!({ deviceType: 'usb' })).toBe(false)
  })

  it('6. webSecurity stays on', () => {
    expect(prefs.webSecurity).toBe(true)
  })

  it('7. a strict content security policy, sent as a header and repeated in the page', async () => {
    const res = await appProtocol()('app://lanewatch/index.html')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    const policy = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name!, values]
      })
    )
    expect(policy['default-src']).toEqual(["'none'"])
    expect(policy['script-src']).toEqual(["'self'"])
    expect(policy['object-src']).toEqual(["'none'"])
    expect(policy['frame-ancestors']).toEqual(["'none'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/)
    // The page's own <meta> carries the same policy (frame-ancestors cannot be set there).
    const page = readFileSync(join(root, 'src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(page)
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

  it('11–12. webviews: the tag is off and any attempt to attach one is refused', () => {
    expect(prefs.webviewTag).toBe(false)
    const { contents } = hardenedContents()
    expect(contents.attempt('will-attach-webview', {}, { src: 'https://evil.example' })).toBe(true)
  })

  it('13. navigation is refused, to any URL, in every frame and on redirects', () => {
    const { contents } = hardenedContents()
    for (const url of [
      'https://evil.example',
      'app://lanewatch/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)'
    ]) {
      expect(contents.attempt('will-navigate', url), url).toBe(true)
      expect(contents.attempt('will-frame-navigate', url), url).toBe(true)
      expect(contents.attempt('will-redirect', url), url).toBe(true)
    }
  })

  it('14. new windows are never created; http(s) links go to the system browser', () => {
    const { contents, shell } = hardenedContents()
    const open = (url: string) => contents.windowOpenHandler!({ url })
    expect(open('https://onedata.org/docs')).toEqual({ action: 'deny' })
    expect(open('app://lanewatch/other.html')).toEqual({ action: 'deny' })
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' })
    expect(shell.opened).toEqual(['https://onedata.org/docs'])
  })

  it('15. shell.openExternal gets only the parsed http(s) URL', () => {
    const { contents, shell } = hardenedContents()
    for (const url of [
      'https://onedata.org/a b',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'vscode://x',
      'https://user:pw@host.org',
      'not a url',
      'http://'
    ])
      contents.windowOpenHandler!({ url })
    expect(shell.opened).toEqual(['https://onedata.org/a%20b'])
  })

  it('16. a current Electron', () => {
    const electron = JSON.parse(
      readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')
    ) as { version: string }
    expect(Number(electron.version.split('.')[0])).toBeGreaterThanOrEqual(45)
  })

  it('18. no file://: app:// has only the privileges it needs and serves only the renderer folder', async () => {
    const protocol = new FakeProtocol()
    registerAppScheme(protocol as unknown as Protocol)
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }
    ])
    const get = appProtocol()
    expect(await get('app://lanewatch/')).toMatchObject({
      status: 200,
      text: expect.stringContaining('<head>')
    })
    expect(await get('app://lanewatch/assets/app.js')).toMatchObject({
      status: 200,
      text: 'console.log(1)'
    })
    expect((await get('app://lanewatch/assets/app.js')).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8'
    )
    // Chromium normalises dot segments in app:// URLs; encoded separators and other hosts are ours.
    for (const url of [
      'app://lanewatch/..%2Fsecret.txt',
      'app://lanewatch/assets/..%2F..%2Fsecret.txt',
      'app://lanewatch/%2e%2e%2fsecret.txt',
      'app://other/index.html',
      'file:///index.html'
    ]) {
      const res = await get(url)
      expect(res.status, url).toBe(404)
      expect(res.text, url).not.toContain('SECRET')
    }
    expect((await get('app://lanewatch/%E0%A4%A')).status).toBe(400)
  })

  it('19. fuses: RunAsNode, NODE_OPTIONS and inspect arguments off, app only from an integrity-checked asar', () => {
    // Checked fuse by fuse in tests/unit/packaging.test.ts against electron-builder.json.
    const fuses = JSON.parse(
      readFileSync(join(root, 'electron-builder.json'), 'utf8')
    ).electronFuses
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true
    })
  })
})

describe('the main window', () => {
  it('is shown only when ready, and its contents are trusted until destroyed', () => {
    const { win, frames } = openWindow()
    expect(win.visible).toBe(false)
    win.emit('ready-to-show')
    expect(win.visible).toBe(true)
    expect(frames.isAppMainFrame(win.webContents.invokeEvent())).toBe(true)
    win.destroy()
    expect(frames.isAppMainFrame(win.webContents.invokeEvent())).toBe(false)
  })
})
