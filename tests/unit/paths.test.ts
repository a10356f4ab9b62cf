import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDataDir, PRODUCT_NAME } from '../../src/core/paths'

describe('the data folder', () => {
  it('is where Electron puts userData for this product, so the CLI and the app share accounts', () => {
    // Electron names the folder after package.json's productName.
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'))
    expect(pkg.productName).toBe(PRODUCT_NAME)
    expect(defaultDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/Lanewatch')
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/a')).toBe('/x/Lanewatch')
    expect(defaultDataDir({}, 'darwin', '/Users/a')).toBe(
      '/Users/a/Library/Application Support/Lanewatch'
    )
    expect(
      defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')
    ).toBe(join('C:\\Users\\a\\AppData\\Roaming', 'Lanewatch'))
    expect(defaultDataDir({ LANEWATCH_DATA_DIR: '/data' }, 'linux', '/home/a')).toBe('/data')
  })
})
