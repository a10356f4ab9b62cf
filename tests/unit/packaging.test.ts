// The release packaging configuration (electron-builder.json): identity, hardening fuses,
// targets, icons and what goes into the app. The packaging itself is exercised by
// scripts/package-smoke.sh; this checks the parts a stub Electron cannot (fuses, installers).
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '../..')

interface PlatformOptions {
  target?: Array<string | { target: string }> | string
  icon?: string
  category?: string
  maintainer?: string
}
interface BuilderConfig extends PlatformOptions {
  appId?: string
  productName?: string
  directories?: { output?: string; buildResources?: string }
  files?: string[]
  asar?: boolean
  asarUnpack?: string[] | string
  electronFuses?: Record<string, unknown>
  fileAssociations?: { ext: string; name: string; mimeType?: string; role?: string }[]
  linux?: PlatformOptions
  mac?: PlatformOptions
  win?: PlatformOptions
}

const config = JSON.parse(
  readFileSync(join(root, 'electron-builder.json'), 'utf8')
) as BuilderConfig
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  author: { name: string; email: string }
}

function targets(options: PlatformOptions | undefined): string[] {
  const t = options?.target
  if (t === undefined) return []
  return (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? x : x.target))
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file)
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  if (!bytes.subarray(0, 8).equals(signature)) throw new Error(`${file} is not a PNG`)
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error(`${file} has no IHDR first`)
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

/** Resolves an icon path the way electron-builder does: build resources first, then the project. */
function resolveResource(p: string): string {
  const inResources = join(root, config.directories?.buildResources ?? 'build', p)
  return existsSync(inResources) ? inResources : join(root, p)
}

describe('electron-builder.json', () => {
  it('names the app and its output folders', () => {
    expect(config.appId).toBe('org.lanewatch.app')
    expect(config.productName).toBe('Lanewatch')
    expect(config.directories).toEqual({ output: 'dist', buildResources: 'build' })
  })

  it('opens .lanewatch snapshots from the system, as a viewer, with a MIME type for Linux', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({
        ext: 'lanewatch',
        name: 'Lanewatch snapshot',
        mimeType: 'application/x-lanewatch-snapshot',
        role: 'Viewer'
      })
    ])
  })

  describe('Electron fuses', () => {
    const expected: Record<string, boolean> = {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false
    }

    it.each(Object.entries(expected))('%s is %s', (fuse, value) => {
      // toBe: a missing fuse (undefined) keeps Electron's insecure default, so it must fail here.
      expect(config.electronFuses?.[fuse]).toBe(value)
    })

    it('uses only fuse names electron-builder knows (FuseOptionsV1)', () => {
      const dts = readFileSync(
        join(root, 'node_modules/app-builder-lib/out/configuration.d.ts'),
        'utf8'
      )
      const body = /export interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(dts)?.[1]
      expect(body, 'FuseOptionsV1 not found in app-builder-lib').toBeDefined()
      const known = [...body!.matchAll(/^\s*(\w+)\?:/gm)].map((m) => m[1])
      expect(known).toEqual(expect.arrayContaining(Object.keys(expected)))
      for (const key of Object.keys(config.electronFuses ?? {})) expect(known).toContain(key)
    })
  })

  it('builds AppImage and deb on Linux, dmg on macOS and nsis on Windows', () => {
    expect(targets(config.linux)).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(targets(config.mac)).toContain('dmg')
    expect(targets(config.win)).toContain('nsis')
    const known = ['AppImage', 'deb', 'rpm', 'snap', 'flatpak', 'dir', 'tar.gz', 'zip']
    const all = [...targets(config.linux), ...targets(config.mac), ...targets(config.win)]
    for (const t of all)
      expect([...known, 'dmg', 'pkg', 'mas', 'nsis', 'portable', 'msi']).toContain(t)
  })

  it('gives the deb package a category and the package.json author as maintainer', () => {
    expect(config.linux?.category).toBe('Development')
    expect(config.linux?.maintainer).toBe(`${pkg.author.name} <${pkg.author.email}>`)
  })

  it('packs only the built app and package.json, never sources, tests or out/node', () => {
    const files = config.files ?? []
    expect(files).toEqual(
      expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json'])
    )
    const included = files.filter((f) => !f.startsWith('!'))
    const catchAll = /^(\*\*(\/\*)?|out\/?(\*\*(\/\*)?)?|\.\/?\*\*.*)$/
    for (const f of included) {
      expect(f, `${f} would pack everything`).not.toMatch(catchAll)
      expect(f, `${f} packs sources, tests or tools`).not.toMatch(
        /^(\.\/)?(src|tests|bench|scripts|out\/node)(\/|$)/
      )
    }
    for (const excluded of ['!src/**', '!tests/**', '!out/node/**', '!bench/**']) {
      expect(files).toContain(excluded)
    }
  })

  it('keeps native modules (keytar) outside the asar archive', () => {
    expect(config.asar).not.toBe(false)
    const unpack = config.asarUnpack ?? []
    expect(Array.isArray(unpack) ? unpack : [unpack]).toContain('**/*.node')
  })
})

describe('app icons', () => {
  it('has the SVG source and a 512x512 PNG', () => {
    expect(existsSync(join(root, 'build/icon.svg'))).toBe(true)
    expect(pngSize(join(root, 'build/icon.png'))).toEqual({ width: 512, height: 512 })
  })

  it('points every platform at an icon that exists', () => {
    const icons = [config.icon, config.linux?.icon, config.mac?.icon, config.win?.icon]
    for (const icon of icons) {
      expect(icon).toEqual(expect.any(String))
      expect(existsSync(resolveResource(icon!)), `${icon} is missing`).toBe(true)
    }
  })

  it('has a Linux icon set whose file names match their sizes', () => {
    const dir = resolveResource(config.linux?.icon ?? 'icons')
    const pngs = readdirSync(dir).filter((f) => f.endsWith('.png'))
    expect(pngs).toEqual(expect.arrayContaining(['256x256.png', '512x512.png']))
    for (const f of pngs) {
      const [, w, h] = /^(\d+)x(\d+)\.png$/.exec(f) ?? []
      expect(w, `${f} does not name its size`).toBeDefined()
      expect(pngSize(join(dir, f))).toEqual({ width: Number(w), height: Number(h) })
    }
  })
})
