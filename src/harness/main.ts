// `npm run harness -- [--port N] [--data-dir DIR] [--empty] [--keychain] [--ca-file PATH]
//   [--snapshot-file PATH] [--open-file PATH] [--control [--virtual-clock]] [--scenario NAME|FILE [--spaces N --ongoing N --ended N --big-ended N]]`
// Prints one JSON line {"url": …} (the secret is in the URL), then serves until stopped.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { KeychainVault, MemoryVault } from '../core/accounts/vault'
import { createFileLogger } from '../core/log'
import { createService } from '../core/service'
import {
  SCENARIO_OPTIONS,
  SCENARIO_USAGE,
  scenarioChoice,
  startDemoProvider
} from '../simulator/demo-provider'
import { harnessPaths, startHarness } from './server'

const USAGE = `usage: harness [--port N] [--data-dir DIR] [--empty] [--keychain] [--ca-file PATH]
  [--snapshot-file PATH] [--open-file PATH] [--control [--virtual-clock]] [--scenario NAME|FILE]
  --port      0 = any free port (default 0); always on 127.0.0.1
  --data-dir  where accounts and logs go (default: a new temporary folder)
  --empty     start without the demo account (to see the first-start screen)
  --keychain  keep tokens of added accounts in the OS keychain (default: in memory)
  --ca-file   the file "Choose CA file…" picks, standing in for the app's file dialog
              (without it the dialog counts as cancelled)
  --snapshot-file  where "Save snapshot as…" saves, standing in for the save dialog
  --open-file      the file "Open a snapshot file…" picks, standing in for the open dialog
  --control   for browser tests: the first demo provider serves its control API (on 127.0.0.1,
              like the provider) and the printed line gives its URL as "control"
  --virtual-clock  with --control: the first demo provider's clock stands still until advanced
  the demo provider's world:
${SCENARIO_USAGE}`

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        'data-dir': { type: 'string' },
        empty: { type: 'boolean', default: false },
        keychain: { type: 'boolean', default: false },
        'ca-file': { type: 'string' },
        'snapshot-file': { type: 'string' },
        'open-file': { type: 'string' },
        control: { type: 'boolean', default: false },
        'virtual-clock': { type: 'boolean', default: false },
        ...SCENARIO_OPTIONS,
        help: { type: 'boolean', default: false }
      },
      strict: true
    }))
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`)
    process.exit(2)
  }
  if (values.help) return void process.stdout.write(`${USAGE}\n`)
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`harness: --port must be 0..65535\n`)
    process.exit(2)
  }
  let world
  try {
    world = scenarioChoice(values)
  } catch (err) {
    process.stderr.write(`harness: ${(err as Error).message}\n`)
    process.exit(2)
  }
  if (values['virtual-clock'] && !values.control) {
    process.stderr.write(`harness: --virtual-clock needs --control\n`)
    process.exit(2)
  }
  const test = { control: values.control, virtualClock: values['virtual-clock'] }
  let control: string | undefined
  const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'lanewatch-harness-'))
  const service = createService({
    dataDir,
    vault: values.keychain ? new KeychainVault() : new MemoryVault(),
    log: createFileLogger(dataDir),
    // --scenario replaces the first demo provider's world; the second keeps its own.
    startDemo: async (which) => {
      if (which !== 'demo') return startDemoProvider(which)
      const demo = await startDemoProvider(which, world, test)
      if (test.control) control = `${demo.url}/__simulator/`
      return demo
    },
    chooseCaFile: async () => (values['ca-file'] ? resolve(values['ca-file']) : undefined),
    chooseSnapshotTarget: async () =>
      values['snapshot-file'] ? resolve(values['snapshot-file']) : undefined,
    chooseSnapshotFile: async () => (values['open-file'] ? resolve(values['open-file']) : undefined)
  })
  if (!values.empty) await service.handlers['demo.start']({})
  const harness = await startHarness({
    service,
    ...harnessPaths(join(__dirname, '..')),
    port,
    log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`)
  })
  process.stdout.write(`${JSON.stringify({ url: harness.url, ...(control ? { control } : {}) })}\n`)
  const stop = () =>
    void harness
      .stop()
      .then(() => service.close())
      .then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main().catch((err: unknown) => {
  process.stderr.write(`harness: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
