// The one function that serves the renderer's files for app:// and the harness: request paths as
// a client may write them, un-normalised, never reach a file outside the renderer folder.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readRendererFile, resolveRendererFile } from '../../src/core/renderer-files'
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp'

let root: string
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'lanewatch-files-'))
  root = join(dir, 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html>')
  writeFileSync(join(root, 'assets/app.js'), 'ok()')
  writeFileSync(join(root, 'assets/logo.SVG'), '<svg/>')
  writeFileSync(join(dir, 'secret.txt'), 'SECRET')
})

describe('resolveRendererFile', () => {
  it('maps paths inside the folder, / to index.html, and ignores a query', () => {
    expect(resolveRendererFile(root, '/')).toBe(join(root, 'index.html'))
    expect(resolveRendererFile(root, '/?secret=x')).toBe(join(root, 'index.html'))
    expect(resolveRendererFile(root, '/assets/app.js#top')).toBe(join(root, 'assets/app.js'))
    expect(resolveRendererFile(root, '/assets/../index.html')).toBe(join(root, 'index.html'))
    expect(resolveRendererFile(root, '//assets/app.js')).toBe(join(root, 'assets/app.js'))
  })

  it('refuses every way out of the folder', () => {
    for (const target of [
      '/..',
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/.%2e/secret.txt',
      'secret.txt',
      '',
      '../secret.txt',
      'http://127.0.0.1/../secret.txt'
    ])
      expect(resolveRendererFile(root, target), target).toBeUndefined()
  })

  it('calls a path that cannot be decoded malformed', () => {
    expect(resolveRendererFile(root, '/%E0%A4%A')).toBe('malformed')
    expect(resolveRendererFile(root, '/%')).toBe('malformed')
  })
})

describe('readRendererFile', () => {
  it('serves a file with its type, the CSP and nosniff', async () => {
    const res = await readRendererFile(root, '/assets/app.js')
    expect(res).toMatchObject({ status: 200, file: join(root, 'assets/app.js') })
    expect(res.body.toString()).toBe('ok()')
    expect(res.headers).toEqual({
      'content-type': 'text/javascript; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff'
    })
    expect((await readRendererFile(root, '/')).headers['content-type']).toBe(
      'text/html; charset=utf-8'
    )
    expect((await readRendererFile(root, '/assets/logo.SVG')).headers['content-type']).toBe(
      'image/svg+xml'
    )
  })

  it('answers 404 for what is outside, missing, a folder or not a file name, 400 for bad encoding', async () => {
    for (const target of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/missing.js',
      '/assets',
      '/assets/',
      '/%00',
      '/..%5csecret.txt',
      '/..\\secret.txt'
    ]) {
      const res = await readRendererFile(root, target)
      expect(res.status, target).toBe(404)
      expect(String(res.body), target).not.toContain('SECRET')
      expect(res.file).toBeUndefined()
    }
    expect((await readRendererFile(root, '/%E0%A4%A')).status).toBe(400)
  })
})
