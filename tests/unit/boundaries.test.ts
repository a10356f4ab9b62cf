// The import boundaries of design §2, checked through the project's own ESLint configuration.
import { ESLint } from 'eslint'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '../..')
const eslint = new ESLint({ cwd: root })

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('import boundaries', () => {
  it('core never imports electron or the app layers', async () => {
    expect(
      await violations('src/core/x.ts', "import { app } from 'electron'\nexport const a = app\n")
    ).toHaveLength(1)
    expect(
      await violations(
        'src/core/monitor/x.ts',
        "import { a } from '../../main/y'\nexport const b = a\n"
      )
    ).toHaveLength(1)
    expect(
      await violations(
        'src/core/x.ts',
        "import { z } from 'zod'\nimport { a } from '../shared/statuses'\nexport const b = [a, z]\n"
      )
    ).toEqual([])
  })

  it('the renderer never imports Node modules, electron or core', async () => {
    expect(
      await violations(
        'src/renderer/src/x.ts',
        "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n"
      )
    ).toHaveLength(1)
    expect(
      await violations('src/renderer/src/x.ts', "import fs from 'fs'\nexport const a = fs\n")
    ).toHaveLength(1)
    expect(
      await violations(
        'src/renderer/src/lib/x.ts',
        "import { a } from '../../../core/service'\nexport const b = a\n"
      )
    ).toHaveLength(1)
  })

  it('shared imports nothing of ours and no platform API', async () => {
    expect(
      await violations(
        'src/shared/x.ts',
        "import { a } from '../core/onedata'\nexport const b = a\n"
      )
    ).toHaveLength(1)
    expect(
      await violations(
        'src/shared/x.ts',
        "import { join } from 'node:path'\nexport const b = join\n"
      )
    ).toHaveLength(1)
    expect(
      await violations('src/shared/x.ts', "import { z } from 'zod'\nexport const b = z\n")
    ).toEqual([])
  })

  it('the CLI and simulator may not import electron', async () => {
    expect(
      await violations('src/cli/x.ts', "import { app } from 'electron'\nexport const a = app\n")
    ).toHaveLength(1)
    expect(
      await violations(
        'src/simulator/x.ts',
        "import { app } from 'electron'\nexport const a = app\n"
      )
    ).toHaveLength(1)
  })
})
