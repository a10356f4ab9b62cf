// Builds the component gallery with Vite and serves it on a loopback port for a test file.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'

const ROOT = join(__dirname, '../..')
const OUT = join(ROOT, 'out/gallery')
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css'
}

export async function serveGallery(): Promise<{ url: string; stop(): void }> {
  const built = spawnSync('npx', ['vite', 'build', '--config', 'tests/gallery/vite.config.mts'], {
    cwd: ROOT,
    encoding: 'utf8'
  })
  if (built.status !== 0) throw new Error(`gallery build failed: ${built.stderr}`)
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '')
    const file = path || 'index.html'
    try {
      const body = readFileSync(join(OUT, file))
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      res.end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/`, stop: () => void server.close() }
}
