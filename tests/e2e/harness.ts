// Starts the built harness for a test file and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Page } from '@playwright/test'

const ROOT = join(__dirname, '../..')

export interface Harness {
  url: string
  origin: string
  /** The demo provider's control API (`--control` only). */
  control?: string
  stop(): void
}

export async function startHarness(args: string[] = []): Promise<Harness> {
  const entry = join(ROOT, 'out/node/harness.js')
  if (!existsSync(entry))
    throw new Error('out/node/harness.js is missing: run `npm run build` first')
  const child: ChildProcess = spawn(process.execPath, [entry, ...args], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr!.on('data', (c) => (stderr += c))
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`harness exited with ${code}: ${stderr}`)))
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  const { url, control } = JSON.parse(line) as { url: string; control?: string }
  return {
    url,
    origin: new URL(url).origin,
    ...(control ? { control } : {}),
    stop: () => void child.kill('SIGTERM')
  }
}

/** Collects page errors and console errors (CSP violations among them) for a test to assert on. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
  })
  return problems
}
