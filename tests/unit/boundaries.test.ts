// The import boundaries of design §2, checked through the project's own ESLint configuration:
// a sample file placed in each zone with a forbidden import must fail lint, and the imports the
// architecture allows must pass. Imports name real files, as the zone rule works on resolved paths.
import { ESLint } from 'eslint'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '../..')
const eslint = new ESLint({ cwd: root })

// no-unresolved too: the zone rule skips what it cannot resolve, so a sample must resolve.
const BOUNDARY_RULES = [
  'import-x/no-unresolved',
  'import-x/no-restricted-paths',
  '@typescript-eslint/no-restricted-imports',
  'no-restricted-syntax'
]

/** The boundary rules a sample breaks when placed at `file`. */
async function broken(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) })
  const fatal = result!.messages.filter((m) => m.fatal)
  if (fatal.length) throw new Error(`${file}: ${fatal[0]!.message}`)
  return result!.messages
    .filter((m) => BOUNDARY_RULES.includes(m.ruleId ?? ''))
    .map((m) => m.ruleId!)
}

const uses = (specifier: string) => `import * as m from '${specifier}'\nexport const a = m\n`

// [zone, sample file, forbidden import, rule that must catch it]
const FORBIDDEN: [string, string, string, string][] = [
  ['shared', 'src/shared/x.ts', uses('../core/log'), 'import-x/no-restricted-paths'],
  ['shared', 'src/shared/x.ts', uses('node:path'), '@typescript-eslint/no-restricted-imports'],
  ['core', 'src/core/x.ts', uses('../simulator/server'), 'import-x/no-restricted-paths'],
  [
    'core, five levels deep',
    'src/core/a/b/c/d/x.ts',
    uses('../../../../../simulator/demo-provider'),
    'import-x/no-restricted-paths'
  ],
  ['core', 'src/core/x.ts', uses('../cli/format'), 'import-x/no-restricted-paths'],
  ['core', 'src/core/x.ts', uses('../harness/server'), 'import-x/no-restricted-paths'],
  ['core', 'src/core/x.ts', uses('../main/security'), 'import-x/no-restricted-paths'],
  [
    'core',
    'src/core/x.ts',
    "import { app } from 'electron/main'\nexport const a = app\n",
    '@typescript-eslint/no-restricted-imports'
  ],
  [
    'core',
    'src/core/x.ts',
    "export const load = () => import('electron')\n",
    'no-restricted-syntax'
  ],
  [
    'core',
    'src/core/x.ts',
    "import type { App } from 'electron'\nexport type A = App\n",
    '@typescript-eslint/no-restricted-imports'
  ],
  ['main', 'src/main/x.ts', uses('../cli/format'), 'import-x/no-restricted-paths'],
  ['main', 'src/main/x.ts', uses('../simulator/server'), 'import-x/no-restricted-paths'],
  ['main', 'src/main/x.ts', uses('../renderer/src/lib/format'), 'import-x/no-restricted-paths'],
  ['main', 'src/main/x.ts', uses('../harness/server'), 'import-x/no-restricted-paths'],
  [
    'main, raw IPC outside ipc.ts',
    'src/main/window.ts',
    "import { ipcMain } from 'electron'\nexport const a = ipcMain\n",
    '@typescript-eslint/no-restricted-imports'
  ],
  [
    'main, raw IPC outside ipc.ts',
    'src/main/x.ts',
    "import { ipcMain } from 'electron/main'\nexport const a = ipcMain\n",
    '@typescript-eslint/no-restricted-imports'
  ],
  [
    'main, raw IPC outside ipc.ts',
    'src/main/x.ts',
    uses('electron'),
    '@typescript-eslint/no-restricted-imports'
  ],
  ['preload', 'src/preload/x.ts', uses('../core/log'), 'import-x/no-restricted-paths'],
  ['preload', 'src/preload/x.ts', uses('../main/security'), 'import-x/no-restricted-paths'],
  [
    'renderer, five levels deep',
    'src/renderer/src/components/a/b/x.svelte.ts',
    uses('../../../../../core/log'),
    'import-x/no-restricted-paths'
  ],
  [
    'renderer',
    'src/renderer/src/x.ts',
    uses('../../preload/index'),
    'import-x/no-restricted-paths'
  ],
  [
    'renderer',
    'src/renderer/src/x.ts',
    uses('node:fs'),
    '@typescript-eslint/no-restricted-imports'
  ],
  ['renderer', 'src/renderer/src/x.ts', uses('fs'), '@typescript-eslint/no-restricted-imports'],
  [
    'renderer',
    'src/renderer/src/x.ts',
    uses('electron'),
    '@typescript-eslint/no-restricted-imports'
  ],
  ['cli', 'src/cli/x.ts', uses('../simulator/server'), 'import-x/no-restricted-paths'],
  ['cli', 'src/cli/x.ts', uses('../harness/server'), 'import-x/no-restricted-paths'],
  ['cli', 'src/cli/x.ts', uses('../main/security'), 'import-x/no-restricted-paths'],
  ['cli', 'src/cli/x.ts', uses('electron'), '@typescript-eslint/no-restricted-imports'],
  ['simulator', 'src/simulator/x.ts', uses('../core/log'), 'import-x/no-restricted-paths'],
  ['simulator', 'src/simulator/x.ts', uses('../cli/format'), 'import-x/no-restricted-paths'],
  [
    'simulator',
    'src/simulator/x.ts',
    "const e = require('electron')\nexport default e\n",
    'no-restricted-syntax'
  ],
  ['harness', 'src/harness/x.ts', uses('../cli/format'), 'import-x/no-restricted-paths'],
  ['harness', 'src/harness/x.ts', uses('../simulator/server'), 'import-x/no-restricted-paths'],
  ['harness', 'src/harness/x.ts', uses('../main/security'), 'import-x/no-restricted-paths'],
  ['harness shim', 'src/harness/shim.ts', uses('../core/ipc'), 'import-x/no-restricted-paths'],
  ['harness shim', 'src/harness/shim.ts', uses('./server'), 'import-x/no-restricted-paths'],
  [
    'harness shim',
    'src/harness/shim.ts',
    uses('node:crypto'),
    '@typescript-eslint/no-restricted-imports'
  ],
  ['bench', 'bench/x.ts', uses('../src/main/security'), 'import-x/no-restricted-paths'],
  [
    'src → tests',
    'src/core/x.ts',
    uses('../../tests/helpers/simulator'),
    'import-x/no-restricted-paths'
  ],
  ['tests', 'tests/unit/x.test.ts', uses('electron'), '@typescript-eslint/no-restricted-imports']
]

// [sample file, allowed import]
const ALLOWED: [string, string][] = [
  [
    'src/shared/x.ts',
    "import { z } from 'zod'\nimport { PHASES } from './statuses'\nexport const a = [z, PHASES]\n"
  ],
  ['src/core/a/b/c/d/x.ts', uses('../../../../../shared/statuses')],
  ['src/core/x.ts', uses('node:fs')],
  ['src/main/x.ts', uses('../core/log')],
  ['src/main/x.ts', uses('../simulator/demo-provider')],
  [
    'src/main/x.ts',
    "import { app, BrowserWindow } from 'electron'\nexport const a = [app, BrowserWindow]\n"
  ],
  ['src/main/ipc.ts', "import { ipcMain } from 'electron'\nexport const a = ipcMain\n"],
  [
    'src/preload/x.ts',
    "import { contextBridge, ipcRenderer } from 'electron'\nexport const a = [contextBridge, ipcRenderer]\n"
  ],
  ['src/preload/x.ts', uses('../shared/ipc')],
  ['src/renderer/src/components/a/b/x.svelte.ts', uses('../../../../../shared/ipc')],
  ['src/cli/x.ts', uses('../core/log')],
  ['src/simulator/x.ts', uses('../shared/statuses')],
  ['src/harness/x.ts', uses('../simulator/demo-provider')],
  ['src/harness/x.ts', uses('../core/ipc')],
  ['src/harness/shim.ts', uses('./messages')],
  ['bench/x.ts', uses('../src/simulator/server')],
  ['tests/unit/x.test.ts', "import type { App } from 'electron'\nexport type A = App\n"],
  ['tests/unit/x.test.ts', uses('../../src/main/security')]
]

describe('import boundaries', { timeout: 120_000 }, () => {
  it.each(FORBIDDEN)(
    '%s: %s with a forbidden import fails lint',
    async (_zone, file, code, rule) => {
      expect(await broken(file, code), code).toContain(rule)
    }
  )

  it('every folder of src/ has a forbidden-import sample', () => {
    const zones = new Set(FORBIDDEN.map(([, file]) => file.split('/').slice(0, 2).join('/')))
    for (const folder of [
      'shared',
      'core',
      'main',
      'preload',
      'renderer',
      'cli',
      'simulator',
      'harness'
    ])
      expect(zones, folder).toContain(`src/${folder}`)
  })

  it('an import that does not resolve fails lint, so no zone can be skipped', async () => {
    expect(await broken('src/core/x.ts', uses('../simulator/no-such-file'))).toEqual([
      'import-x/no-unresolved'
    ])
  })

  it.each(ALLOWED)('%s may import what the architecture allows', async (file, code) => {
    expect(await broken(file, code), code).toEqual([])
  })
})
