// The packaged app's behaviour end to end in real Electron: secure windows, the app:// renderer,
// the preload bridge and the demo provider. Skipped, with the reason, where no Electron binary
// exists (CI and this development machine cannot download one).
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CHANNELS } from '../../../src/shared/ipc'
import { findElectronBinary, root } from './electron-binary'

const binary = findElectronBinary()

test.describe.configure({ mode: 'serial' })

test.describe('Lanewatch in Electron', () => {
  // A describe-level skip marks every test below as skipped and keeps beforeAll from launching.
  test.skip(binary.path === undefined, `no Electron binary: ${binary.reason}`)

  let app: ElectronApplication
  let page: Page
  let dataDir: string
  const pageErrors: string[] = []

  test.beforeAll(async () => {
    if (!existsSync(join(root, 'out/main/index.js'))) {
      throw new Error('out/main/index.js is missing: run `npm run build` first')
    }
    dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-e2e-'))
    const asRoot = process.getuid?.() === 0
    app = await _electron.launch({
      executablePath: binary.path,
      args: ['out/main/index.js', ...(asRoot ? ['--no-sandbox'] : [])],
      cwd: root,
      env: { ...process.env, LANEWATCH_DATA_DIR: dataDir, NODE_ENV: 'production' }
    })
    page = await app.firstWindow()
    page.on('pageerror', (err) => pageErrors.push(err.message))
    await page.waitForLoadState('domcontentloaded')
  })

  test.afterAll(async () => {
    await app?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  test('every window runs with secure webPreferences', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => {
        // getLastWebPreferences is real but missing from electron.d.ts; it reports what the
        // window actually runs with, defaults included.
        const read: unknown = Reflect.get(w.webContents, 'getLastWebPreferences')
        if (typeof read !== 'function') return { error: 'getLastWebPreferences is missing' }
        const p = Reflect.apply(read, w.webContents, []) as Record<string, unknown> | null
        return {
          contextIsolation: p?.contextIsolation,
          sandbox: p?.sandbox,
          nodeIntegration: p?.nodeIntegration,
          webSecurity: p?.webSecurity
        }
      })
    )
    expect(prefs.length).toBeGreaterThan(0)
    for (const p of prefs) {
      expect(p).toEqual({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true
      })
    }
  })

  test('the window loads the renderer from app://', async () => {
    expect(page.url()).toMatch(/^app:\/\//)
    const urls = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => w.webContents.getURL())
    )
    for (const url of urls) expect(url).toMatch(/^app:\/\//)
  })

  test('the page sees window.lanewatch and no Node.js', async () => {
    const globals = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>
      return { lanewatch: typeof g.lanewatch, require: typeof g.require, process: typeof g.process }
    })
    expect(globals).toEqual({ lanewatch: 'object', require: 'undefined', process: 'undefined' })
  })

  test("window.lanewatch holds the contract's groups and `on`, nothing raw", async () => {
    const keys = await page.evaluate(() => {
      const api = (globalThis as unknown as { lanewatch: Record<string, unknown> }).lanewatch
      return Object.fromEntries(
        Object.entries(api).map(([k, v]) => [
          k,
          typeof v === 'object' ? Object.keys(v!).sort() : typeof v
        ])
      )
    })
    const expected: Record<string, string[] | string> = { on: 'function' }
    for (const channel of CHANNELS) {
      const [group, method] = channel.split('.') as [string, string]
      expected[group] = [...((expected[group] as string[] | undefined) ?? []), method].sort()
    }
    expect(keys).toEqual(expected)
  })

  test('the demo provider lists executions', async () => {
    await page.getByRole('button', { name: 'Try the demo provider' }).click()
    await expect(page.getByText(/\b(finished|failed|active)\b/i).first()).toBeVisible({
      timeout: 30_000
    })
    expect(pageErrors).toEqual([])
  })
})
