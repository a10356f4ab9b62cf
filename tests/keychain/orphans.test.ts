// Tokens left in the real keychain with no account: a start removes those of its own settings
// file, and never one whose account exists, is being written, or belongs to another data folder.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import keytar from 'keytar'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Accounts } from '../../src/core/accounts/accounts'
import {
  KEYCHAIN_OWNER_SERVICE,
  KEYCHAIN_SERVICE,
  KeychainVault
} from '../../src/core/accounts/vault'
import { silentLogger } from '../../src/core/log'
import { runCliProcess } from '../helpers/cli-process'
import { emptyKeychain, requirePrivateKeyring } from '../helpers/keychain'
import { SimDriver } from '../helpers/simulator'

requirePrivateKeyring()

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim.stop())
afterEach(emptyKeychain)

const freshDir = () => mkdtempSync(join(tmpdir(), 'lanewatch-orphans-'))
const tokens = async () =>
  (await keytar.findCredentials(KEYCHAIN_SERVICE)).map((c) => c.account).sort()
const settingsOf = (d: string) => JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8'))

function lanewatch(dataDir: string, args: string[]) {
  return runCliProcess(args, {
    env: {
      LANEWATCH_DATA_DIR: dataDir,
      LANEWATCH_TOKEN: sim.token('admin'),
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS
    }
  })
}

async function addWithCli(d: string, label: string): Promise<string> {
  const added = await lanewatch(d, ['accounts', 'add', '--label', label, '--provider', sim.sim.url])
  expect(added).toMatchObject({ code: 0 })
  return settingsOf(d).accounts.find((a: { label: string }) => a.label === label).id
}

describe('a token whose account is gone', () => {
  it('is removed at the next start of its own data folder, and only there', async () => {
    const mine = freshDir()
    const other = freshDir()
    const kept = await addWithCli(mine, 'Kept')
    const dropped = await addWithCli(mine, 'Dropped')
    const elsewhere = await addWithCli(other, 'Elsewhere')
    await keytar.setPassword(KEYCHAIN_SERVICE, 'written-without-a-mark', 'old')
    expect(await keytar.getPassword(KEYCHAIN_OWNER_SERVICE, dropped)).toBe(
      join(mine, 'settings.json')
    )

    // The account taken out of the file by hand.
    const doc = settingsOf(mine)
    doc.accounts = doc.accounts.filter((a: { id: string }) => a.id !== dropped)
    writeFileSync(join(mine, 'settings.json'), JSON.stringify(doc))

    const next = await lanewatch(mine, ['accounts', 'list', '--json'])
    expect(next).toMatchObject({ code: 0, err: '' })
    expect(await tokens()).toEqual([elsewhere, kept, 'written-without-a-mark'].sort())
    expect(await keytar.getPassword(KEYCHAIN_OWNER_SERVICE, dropped)).toBeNull()

    // The other folder's start keeps its own account and touches nothing of the first.
    expect(await lanewatch(other, ['accounts', 'test', 'Elsewhere'])).toMatchObject({ code: 0 })
    expect(await tokens()).toEqual([elsewhere, kept, 'written-without-a-mark'].sort())
  })

  it('is kept when its account is saved while the start was looking (an add in another process)', async () => {
    const d = freshDir()
    const writer = new Accounts(d, new KeychainVault(), silentLogger)
    let added: string | undefined
    // The start reads the file first; the add completes before it lists the keychain, so the
    // token looks orphaned by what was read, and must be checked again under the lock.
    const racing = Object.assign(Object.create(new KeychainVault()) as KeychainVault, {
      ids: async () => {
        added ??= (
          await writer.add({ label: 'Racing', providerUrl: sim.sim.url, token: sim.token('admin') })
        ).account.id
        return new KeychainVault().ids()
      }
    })
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ version: 1, accounts: [] }))
    const starting = new Accounts(d, racing, silentLogger)
    expect(await starting.open()).toEqual([])
    expect(added).toBeDefined()
    expect(await tokens()).toEqual([added])
    expect((await starting.credentials(added!)).token).toBe(sim.token('admin'))
  })
})
