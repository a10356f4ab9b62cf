// Editing an account: checked and verified like adding one, saved under the lock, the token
// replaced in the keychain only with the fields saved, and put back when the keychain refuses.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { Accounts } from '../../src/core/accounts/accounts'
import { MemoryVault } from '../../src/core/accounts/vault'
import { dispatch } from '../../src/core/ipc'
import { silentLogger } from '../../src/core/log'
import { createService } from '../../src/core/service'
import type { AccountReport } from '../../src/shared/accounts'
import type { VerifyInput } from '../../src/core/accounts/verify'

const ok: AccountReport = {
  ok: true,
  spaces: [{ spaceId: 's1', name: 'S', canView: true, note: '' }],
  problems: [],
  warnings: []
}
const dir = () => mkdtempSync(join(tmpdir(), 'lanewatch-update-'))
const settingsOf = (d: string) => JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8'))

async function withAccount() {
  const d = dir()
  const vault = new MemoryVault()
  const verify = vi.fn(async (_: VerifyInput) => ok)
  const accounts = new Accounts(d, vault, silentLogger, verify)
  const { account } = await accounts.add({
    label: 'Lab',
    providerUrl: 'https://op.example.org',
    onezoneUrl: 'https://zone.example.org',
    token: 'old-token-0123'
  })
  await accounts.add({ label: 'Other', providerUrl: 'https://op2.example.org', token: 'tok-2' })
  verify.mockClear()
  return { d, vault, verify, accounts, account }
}

describe('editing an account', () => {
  it('changes label and URLs after verifying them with the stored token, and keeps its spaces', async () => {
    const { d, vault, verify, accounts, account } = await withAccount()
    await accounts.setSpaces(account.id, ['s1', 's2'])
    const { account: changed } = await accounts.update(account.id, {
      label: 'Lab (new)',
      providerUrl: 'https://op-new.example.org',
      onezoneUrl: ''
    })
    expect(verify).toHaveBeenCalledWith(
      expect.objectContaining({
        providerUrl: 'https://op-new.example.org',
        token: 'old-token-0123'
      })
    )
    expect(verify.mock.calls[0]![0]).not.toHaveProperty('onezoneUrl')
    expect(changed).toEqual({
      id: account.id,
      label: 'Lab (new)',
      providerUrl: 'https://op-new.example.org',
      spaces: ['s1', 's2']
    })
    expect(settingsOf(d).accounts[0]).toEqual(changed)
    expect(await vault.get(account.id)).toBe('old-token-0123')
  })

  it('replaces the token in the keychain, verified first, and never writes it to the file', async () => {
    const { d, vault, verify, accounts, account } = await withAccount()
    await accounts.update(account.id, { token: 'new-token-4567' })
    expect(verify).toHaveBeenCalledWith(expect.objectContaining({ token: 'new-token-4567' }))
    expect(await vault.get(account.id)).toBe('new-token-4567')
    expect(readFileSync(join(d, 'settings.json'), 'utf8')).not.toContain('new-token-4567')
  })

  it('refuses a taken label, a bad URL and a failed verification; nothing changes', async () => {
    const { d, vault, verify, accounts, account } = await withAccount()
    const before = settingsOf(d)
    await expect(accounts.update(account.id, { label: 'other' })).rejects.toThrow(
      'An account is already labelled "other".'
    )
    await expect(
      accounts.update(account.id, { providerUrl: 'https://me:pw@op.example.org' })
    ).rejects.toMatchObject({ id: 'account.invalid' })
    verify.mockResolvedValueOnce({ ...ok, ok: false, problems: ['The token was rejected.'] })
    await expect(accounts.update(account.id, { token: 'bad-token' })).rejects.toMatchObject({
      id: 'account.verificationFailed',
      description: 'The token was rejected.'
    })
    expect(settingsOf(d)).toEqual(before)
    expect(await vault.get(account.id)).toBe('old-token-0123')
    await expect(accounts.update('nope', { label: 'x' })).rejects.toMatchObject({
      id: 'account.notFound'
    })
  })

  it('puts the old fields back when the keychain refuses the new token', async () => {
    const { d, vault, account } = await withAccount()
    const before = settingsOf(d)
    const failing = Object.assign(Object.create(vault) as MemoryVault, {
      set: async () => Promise.reject(new Error('keychain locked'))
    })
    const meanwhile = new Accounts(d, failing, silentLogger, async () => ok)
    await expect(
      meanwhile.update(account.id, { providerUrl: 'https://op-new.example.org', token: 'new' })
    ).rejects.toThrow('keychain locked')
    expect(settingsOf(d)).toEqual(before)
    expect(await vault.get(account.id)).toBe('old-token-0123')
  })

  it('through the contract: a CA removed with null, field errors in plain words', async () => {
    const d = dir()
    const service = createService({ dataDir: d, vault: new MemoryVault(), verify: async () => ok })
    const added = await dispatch(service.handlers, 'accounts.add', {
      label: 'Lab',
      providerUrl: 'https://op.example.org',
      token: 'tok'
    })
    const id = (added as { ok: true; value: { account: { id: string } } }).value.account.id
    expect(
      await dispatch(service.handlers, 'accounts.update', { accountId: id, providerUrl: 'ftp://x' })
    ).toEqual({
      ok: false,
      error: { id: 'ipc.badRequest', description: 'The provider URL must start with https://.' }
    })
    expect(
      await dispatch(service.handlers, 'accounts.update', { accountId: id, label: 'x'.repeat(101) })
    ).toMatchObject({
      error: { description: 'The name is longer than 100 characters.' }
    })
    expect(
      await dispatch(service.handlers, 'accounts.update', {
        accountId: id,
        label: 'Lab 2',
        caFile: null
      })
    ).toMatchObject({ ok: true, value: { account: { label: 'Lab 2' } } })
    await service.close()
  })
})
