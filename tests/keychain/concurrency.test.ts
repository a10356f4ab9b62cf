// Several Lanewatch processes changing the same settings at once, for real: parallel
// `lanewatch accounts add` runs, and the app changing watched spaces while the CLI adds. None of
// them may lose another's change.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import keytar from 'keytar'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { KeychainVault, KEYCHAIN_SERVICE } from '../../src/core/accounts/vault'
import { createService } from '../../src/core/service'
import type { Account } from '../../src/shared/accounts'
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

function cliAdd(dataDir: string, label: string) {
  return runCliProcess(
    ['accounts', 'add', '--label', label, '--provider', sim.sim.url, '--token-stdin'],
    {
      env: {
        LANEWATCH_DATA_DIR: dataDir,
        DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS
      },
      stdin: `${sim.token('admin')}\n`
    }
  )
}

async function listed(dataDir: string): Promise<Account[]> {
  const r = await runCliProcess(['accounts', 'list', '--json'], {
    env: {
      LANEWATCH_DATA_DIR: dataDir,
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS
    }
  })
  expect(r).toMatchObject({ code: 0, err: '' })
  return JSON.parse(r.out)
}

describe('parallel changes', () => {
  it('ten `accounts add` at once, three times over: every account saved, every token stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-parallel-'))
    const labels: string[] = []
    for (let round = 1; round <= 3; round++) {
      const batch = Array.from({ length: 10 }, (_, i) => `Round ${round} #${i + 1}`)
      labels.push(...batch)
      const runs = await Promise.all(batch.map((label) => cliAdd(dataDir, label)))
      for (const r of runs) expect(r, r.err).toMatchObject({ code: 0 })
      expect((await listed(dataDir)).map((a) => a.label).sort()).toEqual([...labels].sort())
    }
    const accounts = await listed(dataDir)
    const stored = (await keytar.findCredentials(KEYCHAIN_SERVICE)).map((c) => c.account)
    expect(stored.sort()).toEqual(accounts.map((a) => a.id).sort())
  }, 180_000)

  it("the app's watched-space changes racing CLI adds: both kept", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-race-'))
    const service = createService({ dataDir, vault: new KeychainVault() })
    const { account } = await service.handlers['accounts.add']({
      label: 'App',
      providerUrl: sim.sim.url,
      token: sim.token('admin')
    })
    const choices = [[sim.space('lab')], [], [sim.space('lab'), 'another-space']]
    let changes = 0
    let adding = true
    const cli = Promise.all(
      Array.from({ length: 6 }, (_, i) => cliAdd(dataDir, `CLI ${i + 1}`))
    ).finally(() => (adding = false))
    // The app keeps changing spaces for as long as the CLI runs are adding.
    while (adding || changes < 5) {
      await service.handlers['accounts.setSpaces']({
        accountId: account.id,
        spaceIds: choices[changes % choices.length]!
      })
      changes += 1
    }
    for (const r of await cli) expect(r, r.err).toMatchObject({ code: 0 })
    const last = choices[(changes - 1) % choices.length]
    const saved = await listed(dataDir)
    expect(saved.map((a) => a.label).sort()).toEqual([
      'App',
      ...Array.from({ length: 6 }, (_, i) => `CLI ${i + 1}`)
    ])
    expect(saved.find((a) => a.id === account.id)!.spaces).toEqual(last)
    // The running app sees what the CLI added.
    expect(service.accounts.list()).toHaveLength(7)
    await service.close()
  }, 120_000)
})
