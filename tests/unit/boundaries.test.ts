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

const ZONE = 'import-x/no-restricted-paths'
const IMPORT = '@typescript-eslint/no-restricted-imports'
const SYNTAX = 'no-restricted-syntax'
const importOf = (names: string, from: string) =>
  `import { ${names} } from '${from}'\nexport const a = ${names.includes(',') ? `[${names}]` : names}\n`

// [zone, sample file, forbidden import, rule that must catch it]
const FORBIDDEN: [string, string, string, string][] = [
  ['shared', 'src/shared/x.ts', uses('../core/log'), ZONE],
  ['shared', 'src/shared/x.ts', uses('node:path'), IMPORT],
  ['core', 'src/core/x.ts', uses('../simulator/server'), ZONE],
  [
    'core, five levels deep',
    'src/core/a/b/c/d/x.ts',
    uses('../../../../../simulator/demo-provider'),
    ZONE
  ],
  ['core', 'src/core/x.ts', uses('../cli/format'), ZONE],
  ['core', 'src/core/x.ts', uses('../harness/server'), ZONE],
  ['core', 'src/core/x.ts', uses('../main/security'), ZONE],
  ['core', 'src/core/x.ts', importOf('app', 'electron/main'), IMPORT],
  ['core', 'src/core/x.ts', "export const load = () => import('electron')\n", SYNTAX],
  ['core', 'src/core/x.ts', "import type { App } from 'electron'\nexport type A = App\n", IMPORT],
  ['main', 'src/main/x.ts', uses('../cli/format'), ZONE],
  ['main', 'src/main/x.ts', uses('../simulator/server'), ZONE],
  ['main', 'src/main/x.ts', uses('../renderer/src/lib/format'), ZONE],
  ['main', 'src/main/x.ts', uses('../harness/server'), ZONE],
  ['main, raw IPC outside ipc.ts', 'src/main/window.ts', importOf('ipcMain', 'electron'), IMPORT],
  ['main, raw IPC outside ipc.ts', 'src/main/x.ts', importOf('ipcMain', 'electron/main'), IMPORT],
  ['main, raw IPC outside ipc.ts', 'src/main/x.ts', uses('electron'), IMPORT],
  ['preload', 'src/preload/x.ts', uses('../core/log'), ZONE],
  ['preload', 'src/preload/x.ts', uses('../main/security'), ZONE],
  [
    'renderer, five levels deep',
    'src/renderer/src/components/a/b/x.svelte.ts',
    uses('../../../../../core/log'),
    ZONE
  ],
  ['renderer', 'src/renderer/src/x.ts', uses('../../preload/index'), ZONE],
  ['renderer', 'src/renderer/src/x.ts', uses('node:fs'), IMPORT],
  ['renderer', 'src/renderer/src/x.ts', uses('fs'), IMPORT],
  ['renderer', 'src/renderer/src/x.ts', uses('electron'), IMPORT],
  ['cli', 'src/cli/x.ts', uses('../simulator/server'), ZONE],
  ['cli', 'src/cli/x.ts', uses('../harness/server'), ZONE],
  ['cli', 'src/cli/x.ts', uses('../main/security'), ZONE],
  ['cli', 'src/cli/x.ts', uses('electron'), IMPORT],
  ['simulator', 'src/simulator/x.ts', uses('../core/log'), ZONE],
  ['simulator', 'src/simulator/x.ts', uses('../cli/format'), ZONE],
  ['simulator', 'src/simulator/x.ts', "const e = require('electron')\nexport default e\n", SYNTAX],
  ['harness', 'src/harness/x.ts', uses('../cli/format'), ZONE],
  ['harness', 'src/harness/x.ts', uses('../simulator/server'), ZONE],
  ['harness', 'src/harness/x.ts', uses('../main/security'), ZONE],
  ['harness shim', 'src/harness/shim.ts', uses('../core/ipc'), ZONE],
  ['harness shim', 'src/harness/shim.ts', uses('./server'), ZONE],
  ['harness shim', 'src/harness/shim.ts', uses('node:crypto'), IMPORT],
  ['bench', 'bench/x.ts', uses('../src/main/security'), ZONE],
  ['src → tests', 'src/core/x.ts', uses('../../tests/helpers/simulator'), ZONE],
  ['tests', 'tests/unit/x.test.ts', uses('electron'), IMPORT]
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
  ['src/main/x.ts', importOf('app, BrowserWindow', 'electron')],
  ['src/main/ipc.ts', importOf('ipcMain', 'electron')],
  ['src/preload/x.ts', importOf('contextBridge, ipcRenderer', 'electron')],
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
