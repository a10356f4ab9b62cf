// The built harness's --control option: the first demo provider's control API for browser
// tests, on 127.0.0.1 only, printed only when asked for; --virtual-clock freezes its clock.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'

const entry = join(__dirname, '../../out/node/harness.js')

async function run(args: string[]) {
  if (!existsSync(entry)) throw new Error('out/node/harness.js is missing: run `npm run build`')
  const child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (c) => (stderr += c))
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`harness exited with ${code}: ${stderr}`)))
    createInterface({ input: child.stdout }).once('line', resolve)
  })
  return {
    printed: JSON.parse(line) as { url: string; control?: string },
    stop: () => child.kill('SIGTERM')
  }
}

describe('harness --control', () => {
  it('prints the demo provider’s control API on 127.0.0.1; --virtual-clock stands its clock still', async () => {
    const h = await run(['--control', '--virtual-clock'])
    try {
      const control = new URL(h.printed.control!)
      expect(control.hostname).toBe('127.0.0.1')
      const state = (await (await fetch(`${h.printed.control}state`)).json()) as { now: number }
      const later = (await (await fetch(`${h.printed.control}state`)).json()) as { now: number }
      expect(later.now).toBe(state.now)
      const moved = await fetch(`${h.printed.control}clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ms: 60_000 })
      })
      expect(moved.ok).toBe(true)
      const after = (await (await fetch(`${h.printed.control}state`)).json()) as { now: number }
      expect(after.now).toBe(state.now + 60_000)
    } finally {
      h.stop()
    }
  })

  it('is off by default: no control URL is printed', async () => {
    const h = await run([])
    try {
      expect(h.printed.control).toBeUndefined()
    } finally {
      h.stop()
    }
  })

  it('refuses --virtual-clock without --control', async () => {
    await expect(run(['--virtual-clock'])).rejects.toThrow(/--virtual-clock needs --control/)
  })
})
