#!/usr/bin/env node
// `node scripts/mutation-check.mjs [--all] [FILE-PART]`: applies small breaking changes to main,
// the preload and the file-serving function one at a time, runs the tests that guard them (the
// whole unit project with --all; only the changes to files whose path contains FILE-PART when
// given), and lists each change with whether a test caught it. Every file is restored
// afterwards, also on Ctrl-C. Not part of `npm test`: it runs the tests many times.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const TESTS = [
  'tests/unit/main',
  'tests/unit/renderer-files.test.ts',
  'tests/unit/ipc.test.ts',
  'tests/integration/harness.test.ts'
]

// [file, text as it is, text after the breaking change, what the change does]
const MUTATIONS = [
  [
    'src/main/window.ts',
    'webPreferences: secureWebPreferences(preload)',
    'webPreferences: { ...secureWebPreferences(preload), sandbox: false }',
    'window overrides sandbox'
  ],
  [
    'src/main/window.ts',
    'webPreferences: secureWebPreferences(preload)',
    'webPreferences: { ...secureWebPreferences(preload), contextIsolation: false }',
    'window overrides context isolation'
  ],
  [
    'src/main/window.ts',
    'void win.loadURL(`${APP_ORIGIN}/index.html`)',
    "void win.loadURL('file:///index.html')",
    'window loads file:// instead of app://'
  ],
  [
    'src/main/window.ts',
    '  frames.add(win.webContents)\n',
    '',
    'window contents not registered as trusted'
  ],
  [
    'src/main/window.ts',
    "  win.once('ready-to-show', () => win.show())\n",
    '',
    'window never shown'
  ],
  [
    'src/main/window.ts',
    "contents.on('will-navigate', (e) => e.preventDefault())",
    "contents.on('will-navigate', () => {})",
    'navigation allowed'
  ],
  [
    'src/main/window.ts',
    "contents.on('will-frame-navigate', (e) => e.preventDefault())",
    '',
    'frame navigation allowed'
  ],
  [
    'src/main/window.ts',
    "contents.on('will-redirect', (e) => e.preventDefault())",
    '',
    'redirects allowed'
  ],
  [
    'src/main/window.ts',
    "contents.on('will-attach-webview', (e) => e.preventDefault())",
    '',
    'webviews allowed'
  ],
  [
    'src/main/window.ts',
    "      return { action: 'deny' }",
    "      return { action: 'allow' }",
    'window.open allowed'
  ],
  [
    'src/main/window.ts',
    'void shell.openExternal(external)',
    'void shell.openExternal(url)',
    'openExternal gets the raw URL'
  ],
  [
    'src/main/window.ts',
    'if (external) void shell.openExternal',
    'void shell.openExternal',
    'openExternal for any scheme'
  ],
  ['src/main/window.ts', 'callback(false))', 'callback(true))', 'permission requests granted'],
  [
    'src/main/window.ts',
    'setPermissionCheckHandler(() => false)',
    'setPermissionCheckHandler(() => true)',
    'permission checks granted'
  ],
  [
    'src/main/window.ts',
    '  session.setDevicePermissionHandler(() => false)\n',
    '',
    'device permissions not handled'
  ],
  [
    'src/main/security.ts',
    'nodeIntegration: false,',
    'nodeIntegration: true,',
    'node integration on'
  ],
  ['src/main/security.ts', 'webSecurity: true,', 'webSecurity: false,', 'web security off'],
  [
    'src/main/security.ts',
    'nodeIntegrationInSubFrames: false,',
    '',
    'subframe node integration left to the default'
  ],
  ['src/main/security.ts', ' && url.host === APP_HOST', '', 'any app:// host is the app origin'],
  [
    'src/main/security.ts',
    ' || !this.#contents.has(event.sender.id)',
    '',
    'sender check ignores unknown web contents'
  ],
  [
    'src/main/security.ts',
    'return isMain && isAppUrl(frame.url)',
    'return isAppUrl(frame.url)',
    'sender check accepts subframes'
  ],
  [
    'src/main/security.ts',
    'return isMain && isAppUrl(frame.url)',
    'return isMain',
    'sender check ignores the origin'
  ],
  [
    'src/main/security.ts',
    "    contents.once('destroyed', () => this.#contents.delete(id))\n",
    '',
    'destroyed windows stay trusted'
  ],
  [
    'src/main/protocol.ts',
    'standard: true, secure: true, supportFetchAPI: true',
    'standard: true, secure: true, supportFetchAPI: true, bypassCSP: true',
    'app:// bypasses the CSP'
  ],
  [
    'src/main/protocol.ts',
    'standard: true, secure: true, supportFetchAPI: true',
    'standard: true, secure: true, supportFetchAPI: true, corsEnabled: true',
    'app:// CORS-enabled'
  ],
  [
    'src/main/protocol.ts',
    "    if (!isAppUrl(request.url)) return new Response('Not found', { status: 404 })\n",
    '',
    'app:// serves any host'
  ],
  ['src/main/protocol.ts', 'headers: answer.headers', 'headers: {}', 'app:// drops the CSP header'],
  [
    'src/main/ipc.ts',
    'frames.isAppMainFrame(event) ? dispatch(service.handlers, channel, payload) : FORBIDDEN',
    'dispatch(service.handlers, channel, payload)',
    'IPC without sender check'
  ],
  [
    'src/main/ipc.ts',
    'dispatch(service.handlers, channel, payload) : FORBIDDEN',
    '(service.handlers[channel] as (p: unknown) => unknown)(payload) : FORBIDDEN',
    'IPC payload not validated'
  ],
  [
    'src/main/ipc.ts',
    'service.on(event, (payload) => forwardEvent(event, payload, send, log))',
    'void event',
    'events not forwarded'
  ],
  [
    'src/main/ipc.ts',
    'forwardEvent(event, payload, send, log)',
    'send(event, payload)',
    'events not checked as replies are'
  ],
  ['src/main/index.ts', '  registerAppScheme(protocol)\n', '', 'scheme not registered'],
  ['src/main/index.ts', '  hardenContents(app, shell)\n', '', 'web contents not hardened'],
  [
    'src/main/index.ts',
    '    denyPermissions(session.defaultSession)\n',
    '',
    'permissions not denied'
  ],
  ['src/main/index.ts', '      startDemo: startDemoProvider,\n', '', 'demo provider not injected'],
  ['src/main/index.ts', '  app.quit()\n} else {', '} {', 'second instance keeps running'],
  ['src/main/index.ts', '    mainWindow.focus()\n', '', 'second start does not focus'],
  ['src/main/index.ts', '      void service.close()\n', '', 'service not closed on quit'],
  [
    'src/preload/index.ts',
    "contextBridge.exposeInMainWorld('lanewatch', api)",
    "contextBridge.exposeInMainWorld('lanewatch', { ...api, ipcRenderer })",
    'preload exposes ipcRenderer'
  ],
  [
    'src/preload/index.ts',
    "contextBridge.exposeInMainWorld('lanewatch', api)",
    "contextBridge.exposeInMainWorld('lanewatch', api)\ncontextBridge.exposeInMainWorld('ipc', ipcRenderer)",
    'preload exposes a second object'
  ],
  [
    'src/preload/index.ts',
    'listener(payload)',
    'listener(_e as never)',
    'listeners get the IPC event'
  ],
  [
    'src/core/renderer-files.ts',
    "  if (!path.startsWith('/')) return undefined\n",
    '',
    'a target that is not a path is resolved'
  ],
  [
    'src/core/renderer-files.ts',
    "relative(base, file).startsWith('..') ? undefined : file",
    'file',
    'no containment check'
  ],
  [
    'src/core/renderer-files.ts',
    '`.${decoded}`',
    'decoded',
    'absolute path after decoding not kept inside'
  ],
  ['src/core/renderer-files.ts', 'target.split(/[?#]/, 1)[0]!', 'target', 'query not stripped'],
  [
    'src/core/renderer-files.ts',
    "return 'malformed'",
    'return undefined',
    'bad encoding answered as not found'
  ],
  [
    'src/core/renderer-files.ts',
    "        'content-security-policy': CONTENT_SECURITY_POLICY,\n",
    '',
    'files served without the CSP'
  ]
]

const originals = new Map()
const restore = () => {
  for (const [file, text] of originals) writeFileSync(join(root, file), text)
}
process.on('SIGINT', () => {
  restore()
  process.exit(130)
})

const all = process.argv.includes('--all')
const only = process.argv.slice(2).find((a) => !a.startsWith('--'))
const chosen = MUTATIONS.filter(([file]) => !only || file.includes(only))
const run = () =>
  spawnSync(
    'npx',
    all
      ? [
          'vitest',
          'run',
          '--project',
          'unit',
          '--project',
          'integration',
          'tests/unit',
          'tests/integration/harness.test.ts'
        ]
      : ['vitest', 'run', ...TESTS],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } }
  )

const baseline = run()
if (baseline.status !== 0) {
  process.stderr.write(`the tests fail before any change:\n${baseline.stdout.slice(-2000)}\n`)
  process.exit(1)
}

const rows = []
try {
  for (const [file, from, to, what] of chosen) {
    const path = join(root, file)
    const text = readFileSync(path, 'utf8')
    if (!originals.has(file)) originals.set(file, text)
    const at = text.indexOf(from)
    if (at < 0 || text.indexOf(from, at + 1) >= 0)
      throw new Error(`${file}: "${from}" must occur exactly once`)
    writeFileSync(path, text.slice(0, at) + to + text.slice(at + from.length))
    const result = run()
    writeFileSync(path, text)
    const caught = result.status !== 0
    rows.push({ file, what, caught })
    process.stdout.write(`${caught ? 'caught  ' : 'SURVIVED'}  ${file}: ${what}\n`)
  }
} finally {
  restore()
}
const survived = rows.filter((r) => !r.caught)
process.stdout.write(`\n${rows.length - survived.length} of ${rows.length} changes caught\n`)
process.exit(survived.length ? 1 : 0)
