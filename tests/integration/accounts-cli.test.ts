// The built `lanewatch` with accounts on real files: what it says about a settings file it cannot
// use, what it refuses before anything is verified, and that it runs without keytar.
import { spawn } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, runCliProcess } from '../helpers/cli-process'
import { SimDriver } from '../helpers/simulator'

const NO_KEYTAR = join(ROOT, 'tests/fixtures/keytar-unloadable.mjs')

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim.stop())

const run = runCliProcess

const dataDir = () => mkdtempSync(join(tmpdir(), 'lanewatch-cli-accounts-'))
const filesIn = (d: string) =>
  readdirSync(d)
    .filter((f) => f !== 'logs')
    .sort()

describe('a settings file the CLI cannot use', () => {
  it('a damaged one is moved aside and said once on stderr, with the new path', async () => {
    const d = dataDir()
    writeFileSync(join(d, 'settings.json'), '{"version":1,"accounts":[{"id"')
    const first = await run(['accounts', 'list'], { env: { LANEWATCH_DATA_DIR: d } })
    expect(first.code).toBe(0)
    expect(first.err.split('\n')).toEqual([
      `lanewatch: The settings file ${join(d, 'settings.json')} was damaged (it is not valid JSON); it was moved to ${join(d, 'settings.json.corrupt')} and Lanewatch started without the accounts it held. Their tokens stay in the keychain while that file is kept there.`
    ])
    expect(first.out).toMatch(/^No accounts\./)
    expect(filesIn(d)).toEqual(['settings.json.corrupt'])
    const second = await run(['accounts', 'list'], { env: { LANEWATCH_DATA_DIR: d } })
    expect(second).toMatchObject({ code: 0, err: '' })
  })

  it('one bad entry is named on stderr; the good accounts are still there', async () => {
    const d = dataDir()
    const good = { id: 'a1', label: 'Lab', providerUrl: 'https://op.example.org', spaces: [] }
    const bad = { ...good, id: 'a2', label: 'x'.repeat(101) }
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ version: 1, accounts: [bad, good] }))
    const r = await run(['accounts', 'list', '--json'], { env: { LANEWATCH_DATA_DIR: d } })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out).map((a: { id: string }) => a.id)).toEqual(['a1'])
    expect(r.err).toBe(
      `lanewatch: The account "${'x'.repeat(60)}…" in ${join(d, 'settings.json')} is not usable (label: the name is longer than 100 characters), so it is left out. It is kept in the file unchanged: correct it there or remove it with: lanewatch accounts remove a2.`
    )
    expect(filesIn(d)).toEqual(['settings.json'])
  })

  it('one that cannot be read is named with the reason, and neither moved nor written', async () => {
    const d = dataDir()
    const path = join(d, 'settings.json')
    const content = JSON.stringify({ version: 1, accounts: [] })
    writeFileSync(path, content)
    chmodSync(path, 0o000)
    const env = { LANEWATCH_DATA_DIR: d }
    const list = await run(['accounts', 'list'], { env, unprivileged: true })
    expect(list.code).toBe(0)
    expect(list.err).toBe(
      `lanewatch: The settings file ${path} cannot be read (permission denied, EACCES); Lanewatch started without its accounts and will not change the file until it can be read.`
    )
    const remove = await run(['accounts', 'remove', 'x'], { env, unprivileged: true })
    expect(remove.code).toBe(2)
    expect(filesIn(d)).toEqual(['settings.json'])
    chmodSync(path, 0o600)
    expect(readFileSync(path, 'utf8')).toBe(content)
  })

  it('a damaged one in a folder that cannot be written is reported and left where it is', async () => {
    const d = dataDir()
    const path = join(d, 'settings.json')
    writeFileSync(path, 'not json')
    mkdirSync(join(d, 'logs'))
    chmodSync(d, 0o555)
    try {
      const list = await run(['accounts', 'list'], {
        env: { LANEWATCH_DATA_DIR: d },
        unprivileged: true
      })
      expect(list.code).toBe(0)
      expect(list.err).toMatch(
        new RegExp(
          `^lanewatch: The settings file ${path} is damaged \\(it is not valid JSON\\) and could not be moved aside \\(permission denied, EACCES\\); Lanewatch started without its accounts and will not change the file\\.$`
        )
      )
    } finally {
      chmodSync(d, 0o755)
    }
    expect(filesIn(d)).toEqual(['settings.json'])
    expect(readFileSync(path, 'utf8')).toBe('not json')
  })
})

describe('accounts add refuses what could not be loaded again, before verifying anything', () => {
  // The provider address is unreachable: a verification attempt would say so instead.
  const add = (extra: string[], env: Record<string, string> = {}) =>
    run(['accounts', 'add', '--label', 'Lab', '--provider', 'http://127.0.0.1:1', ...extra], {
      env: { LANEWATCH_DATA_DIR: dataDir(), LANEWATCH_TOKEN: 'tok-123456', ...env }
    })

  it('a label over 100 characters: exit 2 with the reason', async () => {
    const r = await add(['--label', 'x'.repeat(101)])
    expect(r.code).toBe(2)
    expect(r.err.split('\n')[0]).toBe(
      'lanewatch accounts: The account cannot be added: label: the name is longer than 100 characters.'
    )
  })

  it('a provider or Onezone URL with a user name or password: exit 2', async () => {
    const r = await add(['--provider', 'https://me:secret@op.example.org'])
    expect(r.code).toBe(2)
    expect(r.err).toContain(
      'providerUrl: the provider URL must not contain a user name or password'
    )
    expect(r.err).not.toContain('secret@')
    const z = await add(['--onezone', 'https://me@zone.example.org'])
    expect(z.code).toBe(2)
    expect(z.err).toContain('onezoneUrl: the Onezone URL must not contain a user name or password')
  })

  it('--ca FILE: precise messages for a missing file and one that is not a certificate', async () => {
    const folder = dataDir()
    const missing = await add(['--ca', join(folder, 'missing.pem')])
    expect(missing.code).toBe(2)
    expect(missing.err.split('\n')[0]).toBe(
      `lanewatch accounts: The CA file ${join(folder, 'missing.pem')} cannot be read (ENOENT).`
    )
    writeFileSync(join(folder, 'notes.txt'), 'hello')
    const notPem = await add(['--ca', join(folder, 'notes.txt')])
    expect(notPem.err.split('\n')[0]).toBe(
      `lanewatch accounts: The CA file ${join(folder, 'notes.txt')} does not hold a PEM certificate.`
    )
    const device = await add(['--ca', '/dev/zero'])
    expect(device.err.split('\n')[0]).toBe(
      'lanewatch accounts: The CA file /dev/zero is not a regular file.'
    )
  })
})

describe('without keytar', () => {
  it('adding an account says what to install and to rebuild keytar; nothing is verified or saved', async () => {
    const d = dataDir()
    const r = await run(
      ['accounts', 'add', '--label', 'Lab', '--provider', 'http://127.0.0.1:1', '--token-stdin'],
      { env: { LANEWATCH_DATA_DIR: d }, preload: NO_KEYTAR, stdin: 'tok-123456\n' }
    )
    expect(r.code).toBe(1)
    expect(r.err).toMatch(
      /^lanewatch: Lanewatch cannot use the OS keychain: its keytar module is not installed\. .*then run `npm rebuild keytar` in the Lanewatch folder/
    )
    if (readFileSync('/etc/os-release', 'utf8').match(/^ID(_LIKE)?=.*(debian|ubuntu)/m))
      expect(r.err).toContain(
        'sudo apt-get install libsecret-1-dev pkg-config g++ make python3 gnome-keyring'
      )
    expect(r.err).not.toMatch(/reach/i)
    expect(existsSync(join(d, 'settings.json'))).toBe(false)
  })

  it('a keytar build that does not load is named with the loader error', async () => {
    const r = await run(['accounts', 'add', '--label', 'Lab', '--provider', 'http://127.0.0.1:1'], {
      env: {
        LANEWATCH_DATA_DIR: dataDir(),
        LANEWATCH_TOKEN: 'tok-123456',
        KEYTAR_FAILURE: 'broken'
      },
      preload: NO_KEYTAR
    })
    expect(r.code).toBe(1)
    expect(r.err).toMatch(
      /^lanewatch: Lanewatch cannot use the OS keychain: its keytar module could not be loaded \(libsecret-1\.so\.0: cannot open shared object file: No such file or directory\)\. /
    )
  })

  it('every other command runs: listing accounts, and a provider with the token from the environment', async () => {
    const env = { LANEWATCH_DATA_DIR: dataDir() }
    expect(await run(['accounts', 'list'], { env, preload: NO_KEYTAR })).toMatchObject({
      code: 0,
      err: ''
    })
    const spaces = await run(['spaces', '--json'], {
      env: { ...env, LANEWATCH_PROVIDER: sim.sim.url, LANEWATCH_TOKEN: sim.token('admin') },
      preload: NO_KEYTAR
    })
    expect(spaces.code).toBe(0)
    expect(JSON.parse(spaces.out).map((s: { name: string }) => s.name)).toContain('Lab')
  })

  it('the app (through the harness, tokens in the keychain) starts and runs the demo provider', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        NO_KEYTAR,
        join(ROOT, 'out/node/harness.js'),
        '--keychain',
        '--data-dir',
        dataDir()
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`harness exited with ${code}`)))
        createInterface({ input: child.stdout }).once('line', resolve)
      })
      const { url } = JSON.parse(line) as { url: string }
      expect((await fetch(url)).status).toBe(200)
    } finally {
      child.kill('SIGTERM')
    }
  })
})
