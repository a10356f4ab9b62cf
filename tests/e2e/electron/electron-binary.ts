// Finds the Electron executable without `require('electron')`: that require downloads the binary
// when it is missing, which fails (and hangs on retries) on a machine without GitHub access.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const root = join(__dirname, '../../..')

export type ElectronBinary =
  { path: string; reason?: undefined } | { path?: undefined; reason: string }

export function findElectronBinary(): ElectronBinary {
  const pkgDir = join(root, 'node_modules/electron')
  const pathFile = join(pkgDir, 'path.txt')
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (!existsSync(join(pkgDir, 'package.json'))) {
    return { reason: 'the electron package is not installed (node_modules/electron)' }
  }
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined
  if (override) {
    const path = join(override, relative || 'electron')
    return existsSync(path)
      ? { path }
      : { reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${path} does not exist` }
  }
  if (!relative) {
    return {
      reason:
        'node_modules/electron/path.txt is missing: the Electron binary was never downloaded ' +
        '(it cannot be on this machine; set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron)'
    }
  }
  const path = join(pkgDir, 'dist', relative)
  return existsSync(path)
    ? { path }
    : {
        reason: `node_modules/electron/path.txt names ${relative}, but dist/${relative} is missing`
      }
}
