// The renderer's built files, served by one function for main's app:// protocol and for the
// browser harness, so both refuse the same requests: nothing outside the renderer folder, with
// the content security policy on every answer.
import { readFile } from 'node:fs/promises'
import { extname, relative, resolve } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../shared/csp'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

export interface RendererResponse {
  status: 200 | 400 | 404
  headers: Record<string, string>
  body: Buffer | string
  /** The file served (200 only). */
  file?: string
}

/**
 * The file a request path maps to inside `root`, `undefined` when it lies outside (dot segments,
 * encoded or not), or 'malformed' when it cannot be decoded.
 * `target` is the path as sent, un-normalised; a query or fragment is ignored.
 */
export function resolveRendererFile(
  root: string,
  target: string
): string | undefined | 'malformed' {
  const path = target.split(/[?#]/, 1)[0]!
  if (!path.startsWith('/')) return undefined
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return 'malformed'
  }
  // Kept relative to the folder ('.' first), so only dot segments can lead out of it.
  const base = resolve(root)
  const file = resolve(base, decoded === '/' ? 'index.html' : `.${decoded}`)
  return relative(base, file).startsWith('..') ? undefined : file
}

const PLAIN = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }

/** Reads the file for a request path; never throws. */
export async function readRendererFile(root: string, target: string): Promise<RendererResponse> {
  const file = resolveRendererFile(root, target)
  if (file === 'malformed') return { status: 400, headers: PLAIN, body: 'Bad request' }
  if (!file) return { status: 404, headers: PLAIN, body: 'Not found' }
  try {
    const body = await readFile(file)
    return {
      status: 200,
      file,
      body,
      headers: {
        'content-type': contentTypeOf(file),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff'
      }
    }
  } catch {
    return { status: 404, headers: PLAIN, body: 'Not found' }
  }
}
