// `lanewatch` run in-process against conformance simulators on their virtual clock: each sleep
// of the command (a `watch` between polls) advances simulated time on the simulator it talks to.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { runCli } from '../../src/cli/main'
import { SimDriver } from './simulator'

export interface CliRunResult {
  code: number
  out: string
  err: string
}

export interface CliRunOptions {
  /** The simulator user whose token LANEWATCH_TOKEN holds (default admin). */
  user?: string
  /** The simulator to talk to (default the plain HTTP one). */
  on?: SimDriver
  env?: Record<string, string | undefined>
  /** Runs before each sleep of the command, with how many sleeps there were so far. */
  onSleep?: (n: number) => Promise<void>
}

export interface CliTestbed {
  sim: SimDriver
  /** Started only when the testbed was asked for TLS. */
  tlsSim: SimDriver
  /** A folder of the file's own, for the files the tests hand the command. */
  dir: string
  cli(args: string[], opts?: CliRunOptions): Promise<CliRunResult>
  /** `lanewatch schedule` of revision 1 of the "single" schema in space Lab, with more arguments. */
  scheduleSingle(...more: string[]): string[]
}

/** Starts the simulators before the file's tests and stops them after. */
export function cliTestbed(opts: { tls?: boolean } = {}): CliTestbed {
  const bed: CliTestbed = {
    sim: undefined as unknown as SimDriver,
    tlsSim: undefined as unknown as SimDriver,
    dir: mkdtempSync(join(tmpdir(), 'lanewatch-cli-')),
    cli: (args, runOpts = {}) => runOn(runOpts.on ?? bed.sim, args, runOpts),
    scheduleSingle: (...more) => [
      'schedule',
      '--space',
      'Lab',
      '--schema',
      bed.sim.schema('single'),
      '--revision',
      '1',
      ...more
    ]
  }
  beforeAll(async () => {
    bed.sim = await SimDriver.start()
    if (opts.tls) bed.tlsSim = await SimDriver.start({ tls: true })
  })
  afterAll(async () => {
    await bed.sim?.stop()
    await bed.tlsSim?.stop()
  })
  return bed
}

async function runOn(on: SimDriver, args: string[], opts: CliRunOptions): Promise<CliRunResult> {
  const out: string[] = []
  const err: string[] = []
  let sleeps = 0
  const code = await runCli(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: {
      LANEWATCH_PROVIDER: on.sim.url,
      LANEWATCH_TOKEN: on.token(opts.user ?? 'admin'),
      ...opts.env
    },
    sleep: async (ms) => {
      sleeps += 1
      if (sleeps > 5000) throw new Error('watch did not end')
      await opts.onSleep?.(sleeps)
      await on.advance(ms)
    }
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}
