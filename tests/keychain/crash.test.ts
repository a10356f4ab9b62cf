// A real `lanewatch` killed (SIGKILL) at each step of adding and removing an account, against
// the real keychain; the next run repairs what it left, or reports it. Never an account that
// silently lost its token, never a token no account owns.
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import keytar from 'keytar'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { KEYCHAIN_SERVICE } from '../../src/core/accounts/vault'
import { ROOT, runCliProcess } from '../helpers/cli-process'
import { emptyKeychain, requirePrivateKeyring } from '../helpers/keychain'
import { SimDriver } from '../helpers/simulator'

requirePrivateKeyring()

const KILL_AT = join(ROOT, 'tests/fixtures/kill-at.mjs')
let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim.stop())
afterEach(emptyKeychain)

const tokens = async () => (await keytar.findCredentials(KEYCHAIN_SERVICE)).map((c) => c.account)
const settingsOf = (d: string) => JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8'))

function lanewatch(dataDir: string, args: string[], killAt?: string) {
  return runCliProcess(args, {
    env: {
      LANEWATCH_DATA_DIR: dataDir,
      LANEWATCH_TOKEN: sim.token('admin'),
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
      ...(killAt ? { LANEWATCH_KILL_AT: killAt } : {})
    },
    preload: killAt ? KILL_AT : undefined
  })
}
const add = (d: string, label: string, killAt?: string) =>
  lanewatch(d, ['accounts', 'add', '--label', label, '--provider', sim.sim.url], killAt)

/** The killed process held the settings lock; let it be as old as a dead holder's would be. */
function ageLeftLock(d: string): void {
  const lock = join(d, 'settings.json.lock')
  expect(existsSync(lock), 'the process died holding the lock').toBe(true)
  const old = new Date(Date.now() - 60_000)
  utimesSync(lock, old, old)
}

async function killedDuringAdd(killAt: string) {
  const d = mkdtempSync(join(tmpdir(), 'lanewatch-crash-'))
  expect((await add(d, 'Before')).code).toBe(0)
  const killed = await add(d, 'Killed', killAt)
  expect(killed.signal).toBe('SIGKILL')
  ageLeftLock(d)
  return d
}

describe('a kill while adding an account', () => {
  it('before the first write: the temporary is cleaned; no token, no account', async () => {
    const d = await killedDuringAdd('before-settings-write-1')
    expect(readdirSync(d).some((f) => f.endsWith('.tmp'))).toBe(true)
    const next = await lanewatch(d, ['accounts', 'list', '--json'])
    expect(next).toMatchObject({ code: 0, err: '' })
    expect(JSON.parse(next.out).map((a: { label: string }) => a.label)).toEqual(['Before'])
    expect(
      readdirSync(d)
        .filter((f) => f.startsWith('settings.json'))
        .sort()
    ).toEqual(['settings.json'])
    expect(await tokens()).toEqual([JSON.parse(next.out)[0].id])
  })

  it('after the token was stored: the next run deletes the token no account owns', async () => {
    const d = await killedDuringAdd('after-token-stored')
    const [pending] = settingsOf(d).pendingTokens
    expect(await tokens()).toContain(pending)
    const next = await lanewatch(d, ['accounts', 'list', '--json'])
    expect(next).toMatchObject({ code: 0, err: '' })
    expect(JSON.parse(next.out).map((a: { label: string }) => a.label)).toEqual(['Before'])
    expect(await tokens()).not.toContain(pending)
    expect(await tokens()).toHaveLength(1)
    expect(settingsOf(d).pendingTokens).toBeUndefined()
  })

  it('while saving the account: the temporary is cleaned and the token deleted', async () => {
    const d = await killedDuringAdd('before-settings-write-2')
    const [pending] = settingsOf(d).pendingTokens
    expect(await tokens()).toContain(pending)
    expect(readdirSync(d).some((f) => f.endsWith('.tmp'))).toBe(true)
    expect((await lanewatch(d, ['accounts', 'list'])).code).toBe(0)
    expect(readdirSync(d).some((f) => f.endsWith('.tmp'))).toBe(false)
    expect(await tokens()).not.toContain(pending)
  })

  it('after the account was saved: the account works', async () => {
    const d = await killedDuringAdd('after-settings-write-2')
    const next = await lanewatch(d, ['accounts', 'test', 'Killed'])
    expect(next).toMatchObject({ code: 0, err: '' })
    expect(next.out).toMatch(/^Killed: OK/)
    expect(await tokens()).toHaveLength(2)
  })
})

describe('a kill while removing an account', () => {
  it('before its token was deleted: the next run deletes it', async () => {
    const d = mkdtempSync(join(tmpdir(), 'lanewatch-crash-'))
    expect((await add(d, 'Doomed')).code).toBe(0)
    const [id] = await tokens()
    const killed = await lanewatch(d, ['accounts', 'remove', 'Doomed'], 'before-token-deleted')
    expect(killed.signal).toBe('SIGKILL')
    expect(settingsOf(d)).toMatchObject({ accounts: [], pendingTokens: [id] })
    ageLeftLock(d)
    expect(await lanewatch(d, ['accounts', 'list'])).toMatchObject({ code: 0, err: '' })
    expect(await tokens()).toEqual([])
  })
})

describe('a token deleted behind Lanewatch’s back', () => {
  it('is reported by name at the next run, and using the account says so', async () => {
    const d = mkdtempSync(join(tmpdir(), 'lanewatch-crash-'))
    expect((await add(d, 'Lab')).code).toBe(0)
    const [id] = await tokens()
    await keytar.deletePassword(KEYCHAIN_SERVICE, id!)
    const next = await lanewatch(d, ['spaces', '--account', 'Lab'])
    expect(next.code).toBe(1)
    expect(next.err.split('\n')).toEqual([
      'lanewatch: The token of "Lab" is missing from the keychain, so the account cannot be used; remove it and add it again.',
      'lanewatch: The token of "Lab" is missing from the keychain. Remove the account and add it again.'
    ])
  })
})
