// Every state an add or a remove killed half way can leave, built on real files, and what the
// next start makes of it: repaired, or reported by name; never an account silently broken.
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Accounts } from '../../src/core/accounts/accounts'
import { MemoryVault } from '../../src/core/accounts/vault'
import { silentLogger } from '../../src/core/log'

const dir = () => mkdtempSync(join(tmpdir(), 'lanewatch-repair-'))
const ownerOf = (d: string) => join(d, 'settings.json')
const account = (id: string, label: string) => ({
  id,
  label,
  providerUrl: 'https://op.example.org',
  spaces: []
})
const write = (d: string, value: unknown) =>
  writeFileSync(join(d, 'settings.json'), JSON.stringify(value))
const settingsOf = (d: string) => JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8'))

async function vaultWith(...ids: string[]): Promise<MemoryVault> {
  const vault = new MemoryVault()
  for (const id of ids) await vault.set(id, `token-of-${id}`)
  return vault
}

async function start(d: string, vault: MemoryVault) {
  const accounts = new Accounts(d, vault, silentLogger)
  const notices = await accounts.open()
  return { accounts, notices }
}

describe('a start after an add was killed', () => {
  it('before the token was stored: the in-flight record is dropped, nothing else changes', async () => {
    const d = dir()
    write(d, { version: 1, accounts: [account('a1', 'Lab')], pendingTokens: ['new'] })
    const vault = await vaultWith('a1')
    const { accounts, notices } = await start(d, vault)
    expect(notices).toEqual([])
    expect(accounts.list().map((a) => a.id)).toEqual(['a1'])
    expect(settingsOf(d)).toEqual({ version: 1, accounts: [account('a1', 'Lab')] })
    expect(await vault.ids()).toEqual(['a1'])
  })

  it('after the token was stored but before the account was saved: the token is deleted', async () => {
    const d = dir()
    write(d, { version: 1, accounts: [account('a1', 'Lab')], pendingTokens: ['new'] })
    const vault = await vaultWith('a1', 'new')
    const { notices } = await start(d, vault)
    expect(notices).toEqual([])
    expect(await vault.ids()).toEqual(['a1'])
    expect(settingsOf(d).pendingTokens).toBeUndefined()
  })

  it('while a write was in progress: its temporary is removed and the file is the one before', async () => {
    const d = dir()
    write(d, { version: 1, accounts: [account('a1', 'Lab')] })
    writeFileSync(join(d, 'settings.json.4242.0a1b2c3d.tmp'), '{"version": 1, "acc')
    writeFileSync(join(d, 'settings.json.17.ffffffff.tmp'), '')
    writeFileSync(join(d, 'other.json.1.tmp'), 'not ours')
    const { accounts } = await start(d, await vaultWith('a1'))
    expect(readdirSync(d).sort()).toEqual(['other.json.1.tmp', 'settings.json'])
    expect(accounts.list().map((a) => a.id)).toEqual(['a1'])
  })

  it('after the account was saved: nothing to repair, the token is kept', async () => {
    const d = dir()
    // A record left beside a saved account (the last write was the one that completed the add).
    write(d, { version: 1, accounts: [account('a1', 'Lab')], pendingTokens: ['a1'] })
    const vault = await vaultWith('a1')
    const { notices } = await start(d, vault)
    expect(notices).toEqual([])
    expect(await vault.get('a1')).toBe('token-of-a1')
    expect(settingsOf(d).pendingTokens).toBeUndefined()
  })
})

describe('a start after a remove was killed', () => {
  it('after the account was removed but before its token was deleted: the token is deleted', async () => {
    const d = dir()
    write(d, { version: 1, accounts: [account('a2', 'Home')], pendingTokens: ['a1'] })
    const vault = await vaultWith('a1', 'a2')
    const { accounts, notices } = await start(d, vault)
    expect(notices).toEqual([])
    expect(accounts.list().map((a) => a.id)).toEqual(['a2'])
    expect(await vault.ids()).toEqual(['a2'])
  })
})

describe('what a start does not repair, and reports', () => {
  it('names an account whose token is missing; using it says the same', async () => {
    const d = dir()
    write(d, { version: 1, accounts: [account('a1', 'Lab'), account('a2', 'Home')] })
    const { accounts, notices } = await start(d, await vaultWith('a2'))
    expect(notices).toEqual([
      'The token of "Lab" is missing from the keychain, so the account cannot be used; remove it and add it again.'
    ])
    await expect(accounts.credentials('a1')).rejects.toMatchObject({
      id: 'account.tokenMissing'
    })
    expect((await accounts.credentials('a2')).token).toBe('token-of-a2')
  })

  it('keeps an in-flight record while the keychain cannot be reached, and finishes it later', async () => {
    const d = dir()
    write(d, { version: 1, accounts: [], pendingTokens: ['gone'] })
    const vault = await vaultWith('gone')
    const locked = Object.assign(Object.create(vault) as MemoryVault, {
      delete: async () => Promise.reject(new Error('the keyring is locked'))
    })
    expect((await start(d, locked)).notices).toEqual([])
    expect(settingsOf(d).pendingTokens).toEqual(['gone'])
    await start(d, vault)
    expect(await vault.ids()).toEqual([])
    expect(settingsOf(d).pendingTokens).toBeUndefined()
  })

  it('never deletes a token of another data folder, nor one written without a mark', async () => {
    const d = dir()
    write(d, { version: 1, accounts: [account('a1', 'Lab')] })
    const vault = await vaultWith('a1', 'owned-by-another-profile', 'written-by-an-older-version')
    await vault.claim('owned-by-another-profile', join(dir(), 'settings.json'))
    await start(d, vault)
    expect((await vault.ids()).sort()).toEqual([
      'a1',
      'owned-by-another-profile',
      'written-by-an-older-version'
    ])
  })

  it('deletes a token of this folder whose account is gone from the file; keeps the others', async () => {
    const d = dir()
    write(d, { version: 1, accounts: [account('a1', 'Lab'), { id: 'bad', label: 7 }] })
    const vault = await vaultWith('a1', 'bad', 'taken-out-by-hand')
    for (const id of ['a1', 'bad', 'taken-out-by-hand']) await vault.claim(id, ownerOf(d))
    const { notices } = await start(d, vault)
    expect(notices).toHaveLength(1) // the unusable entry, named; its token is kept
    expect((await vault.ids()).sort()).toEqual(['a1', 'bad'])
    expect([...(await vault.owners()).keys()].sort()).toEqual(['a1', 'bad'])
  })

  it('marks the tokens of its accounts written before marks existed, then keeps them', async () => {
    const d = dir()
    write(d, { version: 1, accounts: [account('a1', 'Lab')] })
    const vault = await vaultWith('a1', 'unmarked-elsewhere')
    await start(d, vault)
    expect(await vault.owners()).toEqual(new Map([['a1', ownerOf(d)]]))
    // Removed from the file later, its token goes at the next start.
    write(d, { version: 1, accounts: [] })
    await start(d, vault)
    expect(await vault.ids()).toEqual(['unmarked-elsewhere'])
  })

  it('an add marks its token with the settings file it was saved to', async () => {
    const d = dir()
    const vault = new MemoryVault()
    const accounts = new Accounts(
      d,
      vault,
      silentLogger,
      async () =>
        ({
          ok: true,
          problems: [],
          spaces: []
        }) as never
    )
    const { account: added } = await accounts.add({
      label: 'Lab',
      providerUrl: 'https://op.example.org',
      token: 'secret'
    })
    expect(await vault.owners()).toEqual(new Map([[added.id, ownerOf(d)]]))
  })

  it('keeps the tokens of a damaged file set aside while that file is there, then deletes them', async () => {
    const d = dir()
    writeFileSync(join(d, 'settings.json'), '{"version":1,"accounts":[{"id":"a1"')
    const vault = await vaultWith('a1', 'a2')
    await vault.claim('a1', ownerOf(d))
    await vault.claim('a2', ownerOf(d))
    await start(d, vault)
    write(d, { version: 1, accounts: [account('a2', 'Home')] })
    await start(d, vault)
    expect((await vault.ids()).sort()).toEqual(['a1', 'a2'])
    unlinkSync(join(d, 'settings.json.corrupt'))
    await start(d, vault)
    expect(await vault.ids()).toEqual(['a2'])
  })

  it('keeps the tokens of accounts in a damaged file it set aside', async () => {
    const d = dir()
    writeFileSync(join(d, 'settings.json'), '{"version":1,"accounts":[{"id":"a1"')
    const vault = await vaultWith('a1')
    const { notices } = await start(d, vault)
    expect(notices[0]).toMatch(/was damaged \(it is not valid JSON\); it was moved to/)
    expect(existsSync(join(d, 'settings.json.corrupt'))).toBe(true)
    expect(await vault.ids()).toEqual(['a1'])
  })

  it('reports once per start, however often the notices are asked for', async () => {
    const d = dir()
    writeFileSync(join(d, 'settings.json'), 'garbage')
    const accounts = new Accounts(d, new MemoryVault(), silentLogger)
    const [first, second] = await Promise.all([accounts.open(), accounts.open()])
    expect(first).toHaveLength(1)
    expect(second).toBe(first)
    expect(readdirSync(d).filter((f) => f.endsWith('.corrupt'))).toHaveLength(1)
  })
})
