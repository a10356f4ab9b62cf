// The `lanewatch` command line with accounts saved in the real OS keychain, in-process and as
// the built command with no keychain to reach.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import keytar from 'keytar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main'
import { KEYCHAIN_SERVICE } from '../../src/core/accounts/vault'
import { filesUnder, freshDir, requirePrivateKeyring } from '../helpers/keychain'
import { P, SimDriver } from '../helpers/simulator'

requirePrivateKeyring()

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim.stop())

describe('the CLI with saved accounts', () => {
  const io = (env: Record<string, string | undefined>, stdin = '') => {
    const out: string[] = []
    const err: string[] = []
    return {
      out,
      err,
      io: {
        out: (t: string) => out.push(t),
        err: (t: string) => err.push(t),
        env,
        sleep: async () => {},
        readStdin: async () => stdin
      }
    }
  }

  it('accounts add (token on stdin) | list | test | remove, and --account on every command', async () => {
    const env = { LANEWATCH_DATA_DIR: freshDir() }
    const add = io(env, `${sim.token('admin')}\n`)
    expect(
      await runCli(
        [
          'accounts',
          'add',
          '--label',
          'Lab',
          '--provider',
          sim.sim.url,
          '--onezone',
          sim.sim.url,
          '--token-stdin'
        ],
        add.io
      )
    ).toBe(0)
    expect(add.out.join('\n')).toMatch(/^Added "Lab" \(.+\); its token is in the OS keychain\./)
    expect(add.out.join('\n')).toMatch(
      /Lab\s+yes\s+yes\s+yes\s+can view, schedule and manage executions/
    )

    const list = io(env)
    expect(await runCli(['accounts', 'list', '--json'], list.io)).toBe(0)
    const [account] = JSON.parse(list.out.join(''))
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, account.id)).toBe(sim.token('admin'))

    const spaces = io(env)
    expect(await runCli(['spaces', '--account', 'lab'], spaces.io)).toBe(0)
    expect(spaces.out.join('\n')).toContain('Lab')
    const id = await sim.schedule('single')
    const show = io({ ...env, LANEWATCH_ACCOUNT: account.id })
    expect(await runCli(['show', id], show.io)).toBe(0)

    const test = io(env)
    expect(await runCli(['accounts', 'test', 'Lab'], test.io)).toBe(0)
    expect(test.out[0]).toMatch(/^Lab: OK/)

    const unknown = io(env)
    expect(await runCli(['spaces', '--account', 'nope'], unknown.io)).toBe(2)
    expect(unknown.err.join('')).toBe('lanewatch: No account "nope" (accounts: "Lab").')

    const remove = io(env)
    expect(await runCli(['accounts', 'remove', 'Lab'], remove.io)).toBe(0)
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, account.id)).toBeNull()
  })

  it('a keychain that is unavailable is reported with what to install, and nothing is saved', async () => {
    const dataDir = freshDir()
    const child = spawn(
      process.execPath,
      [
        join(__dirname, '../../bin/lanewatch.js'),
        'accounts',
        'add',
        '--label',
        'x',
        '--provider',
        sim.sim.url
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: dataDir,
          LANEWATCH_DATA_DIR: dataDir,
          LANEWATCH_TOKEN: sim.token('admin'),
          DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus'
        }
      }
    )
    let err = ''
    child.stderr.on('data', (c) => (err += c))
    const code = await new Promise((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(err).toMatch(
      /^lanewatch: The OS keychain is not available \(.+\)\. Lanewatch keeps tokens in the Secret Service\. .*gnome-keyring, unlock it, and run Lanewatch in a session with D-Bus\./
    )
    expect(err).toContain('Tokens are never written to a file instead.')
    for (const file of filesUnder(dataDir))
      expect(readFileSync(file, 'utf8')).not.toContain(sim.token('admin'))
    expect(filesUnder(dataDir).filter((f) => f.endsWith('settings.json'))).toEqual([])
    // The provider was reachable and the token good: the keychain alone stopped it.
    expect((await sim.request('GET', `${P}/spaces`, { token: sim.token('admin') })).status).toBe(
      200
    )
  })
})
