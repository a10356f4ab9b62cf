import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Accounts } from '../../src/core/accounts/accounts'
import { SettingsFile, writeFileAtomic } from '../../src/core/accounts/settings'
import { MemoryVault } from '../../src/core/accounts/vault'
import { silentLogger } from '../../src/core/log'
import type { AccountReport } from '../../src/shared/accounts'

const dir = () => mkdtempSync(join(tmpdir(), 'lanewatch-settings-'))
const okReport: AccountReport = {
  ok: true,
  spaces: [{ spaceId: 's1', name: 'S', canView: true, note: '' }],
  problems: [],
  warnings: []
}

describe('the settings file', () => {
  it('starts empty when there is none', () => {
    expect(new SettingsFile(dir()).load()).toEqual({ accounts: [] })
  })

  it('moves a damaged file aside as *.corrupt, keeps its content, and says so', () => {
    const d = dir()
    const path = join(d, 'settings.json')
    writeFileSync(path, '{"version": 1, "accounts": [')
    const loaded = new SettingsFile(d).load()
    expect(loaded.accounts).toEqual([])
    expect(loaded.problem).toMatch(
      /^The settings file could not be read \(it is not valid JSON\)\. It was moved to .*settings\.json\.corrupt/
    )
    expect(existsSync(path)).toBe(false)
    expect(readFileSync(`${path}.corrupt`, 'utf8')).toBe('{"version": 1, "accounts": [')

    writeFileSync(
      path,
      JSON.stringify({ version: 1, accounts: [{ id: 'a', label: '', providerUrl: 'x' }] })
    )
    const again = new SettingsFile(d).load()
    expect(again.problem).toMatch(/accounts\.0\./)
    expect(readdirSync(d).filter((f) => f.endsWith('.corrupt'))).toHaveLength(2)
  })

  it('writes atomically and leaves no temporary files', () => {
    const d = dir()
    const path = join(d, 'nested', 'file.json')
    writeFileAtomic(path, 'one')
    writeFileAtomic(path, 'two')
    expect(readFileSync(path, 'utf8')).toBe('two')
    expect(readdirSync(join(d, 'nested'))).toEqual(['file.json'])
  })
})

describe('accounts', () => {
  const make = (d = dir(), vault = new MemoryVault()) => ({
    d,
    vault,
    accounts: new Accounts(d, vault, silentLogger, async () => okReport)
  })

  it('saves an account after verification, with the spaces it can view, and finds it by label or id', async () => {
    const { d, vault, accounts } = make()
    const { account } = await accounts.add({
      label: 'Lab',
      providerUrl: 'https://op.example.org',
      token: 'tok-123456'
    })
    expect(account.spaces).toEqual(['s1'])
    expect(await vault.get(account.id)).toBe('tok-123456')
    expect(readFileSync(join(d, 'settings.json'), 'utf8')).not.toContain('tok-123456')
    expect(accounts.find('lab').id).toBe(account.id)
    expect(accounts.find(account.id).label).toBe('Lab')
    expect(() => accounts.find('other')).toThrow('No account "other" (accounts: "Lab").')
    await expect(
      accounts.add({ label: 'LAB', providerUrl: 'https://x.org', token: 't' })
    ).rejects.toThrow(/already labelled/)
    expect(new Accounts(d, vault, silentLogger).list()).toEqual([account])
  })

  it('refuses an account whose verification failed, and stores nothing', async () => {
    const d = dir()
    const vault = new MemoryVault()
    const bad: AccountReport = {
      ok: false,
      spaces: [],
      problems: ['The provider rejected the token.'],
      warnings: []
    }
    const accounts = new Accounts(d, vault, silentLogger, async () => bad)
    await expect(
      accounts.add({ label: 'x', providerUrl: 'https://x.org', token: 'tok-abcdef' })
    ).rejects.toMatchObject({
      id: 'account.verificationFailed',
      description: 'The provider rejected the token.',
      details: { report: bad }
    })
    expect(existsSync(join(d, 'settings.json'))).toBe(false)
  })

  it('reports a missing token plainly', async () => {
    const { d, vault, accounts } = make()
    const { account } = await accounts.add({
      label: 'Lab',
      providerUrl: 'https://op.example.org',
      token: 'tok-123456'
    })
    await vault.delete(account.id)
    await expect(new Accounts(d, vault, silentLogger).credentials(account.id)).rejects.toThrow(
      'The token of "Lab" is missing from the keychain. Remove the account and add it again.'
    )
  })
})
