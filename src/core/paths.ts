// Where Lanewatch keeps its files: the same folder Electron's app.getPath('userData') gives for
// the product name, so the CLI and the app share accounts. LANEWATCH_DATA_DIR overrides it.
import { homedir } from 'node:os'
import { join } from 'node:path'

export const PRODUCT_NAME = 'Lanewatch'

export function defaultDataDir(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir()
): string {
  if (env.LANEWATCH_DATA_DIR) return env.LANEWATCH_DATA_DIR
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME)
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME)
}
