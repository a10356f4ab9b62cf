// Runs benchmark pages in Chromium: serves out/bench-pages on a loopback port and opens them in
// Debian's Chromium with the same launch options as the e2e suite. Shared by every browser
// benchmark (the timeline's, the execution list's), with the median and table helpers.
import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname, extname, join, normalize } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import config from '../playwright.config'

/** The repository: the nearest folder above with a package.json (the build may put this module in a chunk folder). */
function repositoryRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'package.json'))) return dir
  throw new Error(`no package.json above ${from}`)
}
export const ROOT = repositoryRoot(__dirname)
export const PAGES = join(ROOT, 'out/bench-pages')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml'
}

/** Serves a folder on 127.0.0.1 (a random port); files only, nothing outside it. */
export async function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))
    if (path.includes('..')) return void res.writeHead(400).end()
    readFile(join(dir, path))
      .then((body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
        res.end(body)
      })
      .catch(() => res.writeHead(404).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ headless: true, ...config.use?.launchOptions })
}

/** Opens a page of out/bench-pages and waits until it says it is ready (`window.bench.ready`). */
export async function openPage(
  browser: Browser,
  base: string,
  path: string,
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}
): Promise<Page> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 }
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(`${base}/${path}`)
  await page.waitForFunction(() => (window as { bench?: { ready?: boolean } }).bench?.ready)
  if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`)
  return page
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line)
  ].join('\n')
}
