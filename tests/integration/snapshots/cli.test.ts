// `lanewatch snapshot save|show|diff` against the simulator over HTTP, in-process (the virtual
// clock moves the execution between saves), plus `show` from the built binary with no account,
// keychain or provider in its environment.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TokenVault } from '../../../src/core/accounts/vault'
import { loadSnapshot, writeSnapshot } from '../../../src/core/snapshots'
import { cleanText } from '../../../src/cli/text'
import { runCli } from '../../../src/cli/main'
import { SimDriver } from '../../helpers/simulator'
import { scratch } from '../../unit/snapshots-craft'

let sim: SimDriver
const dir = scratch()
const at = (name: string) => join(dir, name)

/** A keychain that must not be touched. */
const noKeychain: TokenVault = new Proxy({} as TokenVault, {
  get: () => () => {
    throw new Error('the keychain was used')
  }
})

interface Run {
  code: number
  out: string
  err: string
}

async function cli(args: string[], env?: Record<string, string | undefined>): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: env ?? { LANEWATCH_PROVIDER: sim.sim.url, LANEWATCH_TOKEN: sim.token('admin') },
    sleep: async () => undefined,
    vault: noKeychain
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

/** No provider, no token, no account, an empty data folder. */
const offline = () => ({ LANEWATCH_DATA_DIR: scratch() })

let story: string
beforeAll(async () => {
  sim = await SimDriver.start()
  story = await sim.schedule('story')
  // Mid-way: the second lane's first run has failed items and is being retried.
  await sim.advanceUntil(story, (d) => d.lanes[1]!.runs.length > 0 && d.status === 'active')
  expect((await cli(['snapshot', 'save', story, '-o', at('early.lanewatch')])).code).toBe(0)
  await sim.untilStatus(story, 'finished')
  const later = await cli([
    'snapshot',
    'save',
    story,
    '--output',
    at('late.lanewatch'),
    '--onezone',
    sim.sim.url
  ])
  expect(later.code).toBe(0)
})
afterAll(async () => {
  await sim.stop()
})

describe('snapshot save', () => {
  it('writes the file and says what it saved', async () => {
    const r = await cli(['snapshot', 'save', story, '-o', at('again.lanewatch'), '--json'])
    expect(r.code).toBe(0)
    const result = JSON.parse(r.out)
    const { snapshot } = await loadSnapshot(at('again.lanewatch'))
    expect(result).toEqual({
      file: at('again.lanewatch'),
      bytes: readFileSync(at('again.lanewatch')).length,
      executionId: story,
      name: 'checksum-and-publish',
      status: 'finished',
      auditLogEntries: snapshot.auditLog.length,
      savedAt: snapshot.savedAt
    })
    const human = await cli(['snapshot', 'save', story, '-o', at('again.lanewatch')])
    expect(human.out).toMatch(
      new RegExp(
        `^Saved "checksum-and-publish" \\(finished, \\d+ audit-log entries\\) to .*again\\.lanewatch \\(\\d+ bytes\\)\\.$`
      )
    )
  })

  it('names the lanes from Onezone: the one given, or else the one the provider names', async () => {
    for (const file of ['late.lanewatch', 'early.lanewatch']) {
      const { names } = (await loadSnapshot(at(file))).snapshot
      expect(names.workflow?.name).toBe('checksum-and-publish')
      expect(Object.values(names.lanes)).toEqual(['Collect', 'Checksum', 'Publish'])
    }
  })

  it('refuses a target it cannot write before asking the provider (exit 2)', async () => {
    const missing = await cli(['snapshot', 'save', story, '-o', join(dir, 'no', 'x.lanewatch')])
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/cannot save to .*x\.lanewatch: the folder .* does not exist/)
    mkdirSync(at('folder'))
    const folder = await cli(['snapshot', 'save', story, '-o', at('folder')])
    expect(folder.code).toBe(2)
    expect(folder.err).toMatch(/is a folder; give a file name/)
    const noOutput = await cli(['snapshot', 'save', story])
    expect(noOutput.code).toBe(2)
    expect(noOutput.err).toMatch(/--output is required/)
  })

  it('an unknown execution: exit 1 with the server error; an unreachable provider: exit 3', async () => {
    const unknown = await cli(['snapshot', 'save', 'f'.repeat(32), '-o', at('unknown.lanewatch')])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(/notFound/)
    expect(existsSync(at('unknown.lanewatch'))).toBe(false)
    const down = await cli(['snapshot', 'save', story, '-o', at('down.lanewatch')], {
      LANEWATCH_PROVIDER: 'http://127.0.0.1:1',
      LANEWATCH_TOKEN: 'x'
    })
    expect(down.code).toBe(3)
    expect(existsSync(at('down.lanewatch'))).toBe(false)
  })
})

describe('snapshot show (offline)', () => {
  it('prints the execution with lane and box names, the saved time and the last entries', async () => {
    const r = await cli(['snapshot', 'show', at('late.lanewatch')], offline())
    expect(r.code).toBe(0)
    expect(r.err).toBe('')
    expect(r.out).toMatch(/^snapshot {3}.*late\.lanewatch {2}\(format 1\)$/m)
    expect(r.out).toMatch(
      new RegExp(
        `^saved {6}\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d from ${new URL(sim.sim.url).host}$`,
        'm'
      )
    )
    expect(r.out).toContain('workflow   checksum-and-publish revision 1')
    expect(r.out).toMatch(/^Lane 2 Checksum {2}\(schema /m)
    expect(r.out).toContain('box 1 Checksum box: ')
    expect(r.out).toMatch(/^status {5}finished \(ended\)$/m)
    expect(r.out).toMatch(/^Audit log: \d+ entries, the last 10 \(--json prints them all\)$/m)
    expect(r.out).toContain('Stopped execution.')
  })

  it('--json prints the header and the whole snapshot', async () => {
    const r = await cli(['snapshot', 'show', at('late.lanewatch'), '--json'], offline())
    expect(JSON.parse(r.out)).toEqual(await loadSnapshot(at('late.lanewatch')))
  })

  it('control characters in the file reach the terminal as text', async () => {
    const { snapshot } = await loadSnapshot(at('late.lanewatch'))
    snapshot.execution.name = 'evil\u001b]0;pwned\u0007\u001b[2J'
    snapshot.auditLog.push({
      index: 'x',
      timestamp: Date.now(),
      severity: 'info',
      content: { description: 'line\rover\u009b31m' }
    })
    await writeSnapshot(at('evil.lanewatch'), snapshot)
    const r = await cli(['snapshot', 'show', at('evil.lanewatch')], offline())
    expect(r.code).toBe(0)
    const lines = r.out.split('\n')
    expect(lines.map(cleanText)).toEqual(lines)
    expect(r.out).toContain('evil\\u001b]0;pwned\\u0007\\u001b[2J')
    expect(r.out).toContain('line\\rover\\u009b31m')
  })

  it('a damaged file: exit 1 and one line; a missing file: exit 2', async () => {
    const bytes = readFileSync(at('late.lanewatch'))
    writeFileSync(at('cut.lanewatch'), bytes.subarray(0, bytes.length - 10))
    const cut = await cli(['snapshot', 'show', at('cut.lanewatch')], offline())
    expect(cut.code).toBe(1)
    expect(cut.err).toMatch(
      /^lanewatch: ".*cut\.lanewatch" is cut short: it has \d+ of its \d+ bytes/
    )
    expect(cut.err.split('\n')).toHaveLength(1)
    expect(cut.out).toBe('')
    writeFileSync(at('photo.lanewatch'), Buffer.from('89504e470d0a1a0a', 'hex'))
    const foreign = await cli(['snapshot', 'show', at('photo.lanewatch')], offline())
    expect([foreign.code, foreign.err]).toEqual([
      1,
      `lanewatch: "${at('photo.lanewatch')}" is not a Lanewatch snapshot (it is another kind of file).`
    ])
    const missing = await cli(['snapshot', 'show', at('missing.lanewatch')], offline())
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/cannot be opened: no such file or folder/)
    const usage = await cli(['snapshot', 'show'], offline())
    expect([usage.code, usage.err.split('\n')[0]]).toEqual([
      2,
      'lanewatch snapshot: missing snapshot file'
    ])
    const action = await cli(['snapshot', 'open', 'x'], offline())
    expect(action.code).toBe(2)
    expect(action.err).toMatch(/unknown snapshot action "open" \(save, show or diff\)/)
  })

  it('the built binary shows a file with no account, keychain or provider in its environment', async () => {
    const child = spawn(
      process.execPath,
      [join(__dirname, '../../../bin/lanewatch.js'), 'snapshot', 'show', at('late.lanewatch')],
      { env: { PATH: process.env.PATH, HOME: scratch(), LANEWATCH_DATA_DIR: scratch() } }
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d))
    child.stderr.on('data', (d: Buffer) => (err += d))
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect([code, err]).toEqual([0, ''])
    expect(out).toContain('checksum-and-publish')
  })
})

describe('snapshot diff --live', () => {
  it('compares a file with the execution as its provider has it now', async () => {
    const r = await cli(['snapshot', 'diff', at('early.lanewatch'), '--live'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^from {2}.*early\.lanewatch {2}saved .* {2}status active$/m)
    expect(r.out).toMatch(/^to {4}live {2}saved .* {2}status finished$/m)
    expect(r.out).toContain('Execution status: active → finished')
    const json = JSON.parse(
      (await cli(['snapshot', 'diff', at('late.lanewatch'), '--live', '--json'])).out
    )
    expect(json).toMatchObject({
      to: { file: 'live', status: 'finished' },
      newRuns: [],
      changedRuns: [],
      addedEntries: []
    })
  })

  it('refuses two files with --live (exit 2), and needs an account to reach the provider', async () => {
    const both = await cli([
      'snapshot',
      'diff',
      at('early.lanewatch'),
      at('late.lanewatch'),
      '--live'
    ])
    expect(both.code).toBe(2)
    expect(both.err).toMatch(/give one snapshot file with --live, or two files without it/)
    const none = await cli(['snapshot', 'diff', at('early.lanewatch'), '--live'], offline())
    expect(none.code).toBe(2)
    expect(none.err).toMatch(/no provider: pass --account LABEL, or --provider URL/)
  })
})

describe('snapshot diff (offline)', () => {
  it('shows the status change, new runs, changed runs and added entries', async () => {
    const r = await cli(
      ['snapshot', 'diff', at('early.lanewatch'), at('late.lanewatch')],
      offline()
    )
    expect(r.code).toBe(0)
    expect(r.out).toContain(`checksum-and-publish  ${story}`)
    expect(r.out).toMatch(/^from {2}.*early\.lanewatch {2}saved .* {2}status active$/m)
    expect(r.out).toMatch(/^to {4}.*late\.lanewatch {2}saved .* {2}status finished$/m)
    expect(r.out).toContain('Execution status: active → finished')
    expect(r.out).toMatch(/^New runs \(\d+\):$/m)
    expect(r.out).toMatch(/^ {2}3 +\d+ +regular +- +finished$/m)
    expect(r.out).toMatch(/^Audit log: \d+ entries added$/m)
    expect(r.out).toContain('Stopped execution.')
  })

  it('--json gives the sides and the diff', async () => {
    const r = await cli(
      ['snapshot', 'diff', at('early.lanewatch'), at('late.lanewatch'), '--json'],
      offline()
    )
    const d = JSON.parse(r.out)
    const early = (await loadSnapshot(at('early.lanewatch'))).snapshot
    const late = (await loadSnapshot(at('late.lanewatch'))).snapshot
    expect(d.from).toEqual({
      file: at('early.lanewatch'),
      savedAt: early.savedAt,
      status: 'active'
    })
    expect(d.to).toEqual({ file: at('late.lanewatch'), savedAt: late.savedAt, status: 'finished' })
    expect(d.status).toEqual({ before: 'active', after: 'finished' })
    expect(d.addedEntries).toEqual(late.auditLog.slice(early.auditLog.length))
    expect(d.newRuns.length).toBeGreaterThan(0)
    expect(d.missingEntries).toBe(0)
  })

  it('the same file twice: no changes', async () => {
    const r = await cli(['snapshot', 'diff', at('late.lanewatch'), at('late.lanewatch')], offline())
    expect(r.code).toBe(0)
    expect(r.out.split('\n').at(-1)).toBe('No changes.')
  })

  it('refuses snapshots of two different executions (exit 1)', async () => {
    const other = await sim.schedule('single')
    expect((await cli(['snapshot', 'save', other, '-o', at('other.lanewatch')])).code).toBe(0)
    const r = await cli(
      ['snapshot', 'diff', at('late.lanewatch'), at('other.lanewatch')],
      offline()
    )
    expect(r.code).toBe(1)
    expect(r.err).toMatch(
      new RegExp(
        `^lanewatch: These are two different executions \\("checksum-and-publish" ${story} and "single-lane" ${other}\\); only states of the same execution can be compared\\.$`
      )
    )
  })
})
