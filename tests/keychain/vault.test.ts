// The keychain vault on the real OS keychain (gnome-keyring's Secret Service in a private D-Bus
// session, started by scripts/with-keyring.sh).
import keytar from 'keytar'
import { describe, expect, it } from 'vitest'
import { KEYCHAIN_SERVICE, KeychainVault } from '../../src/core/accounts/vault'
import { requirePrivateKeyring } from '../helpers/keychain'

requirePrivateKeyring()

describe('the keychain vault', () => {
  it('stores, reads, replaces and deletes a token under service "lanewatch"', async () => {
    const vault = new KeychainVault()
    await vault.set('probe-account', 'first')
    await vault.set('probe-account', 'second')
    expect(await vault.get('probe-account')).toBe('second')
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, 'probe-account')).toBe('second')
    expect(await vault.delete('probe-account')).toBe(true)
    expect(await vault.get('probe-account')).toBeNull()
  })

  it('lists tokens while others are written and deleted at the same moment, without failing', async () => {
    // Listing while an item it found is rewritten or deleted would read a missing secret.
    const vault = new KeychainVault()
    const ids = Array.from({ length: 8 }, (_, i) => `race-${i}`)
    for (let round = 0; round < 25; round++) {
      const listed = vault.ids()
      const writes = ids.map((id, i) =>
        (round + i) % 2 ? vault.set(id, `token-${round}`) : vault.delete(id)
      )
      const owners = vault.owners()
      await Promise.all([listed, owners, ...writes])
      const now = await vault.ids()
      for (const [i, id] of ids.entries()) expect(now.includes(id)).toBe((round + i) % 2 === 1)
    }
    for (const id of ids) await vault.delete(id)
  })
})
