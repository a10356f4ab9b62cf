// Adding, editing and removing accounts through the app with the real OS keychain: the token is
// verified first and written only to the keychain; the demo provider never reaches it.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import keytar from 'keytar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KEYCHAIN_SERVICE } from '../../src/core/accounts/vault'
import { dispatch } from '../../src/core/ipc'
import {
  filesUnder,
  freshDir,
  requirePrivateKeyring,
  serviceWithKeychain
} from '../helpers/keychain'
import { SimDriver } from '../helpers/simulator'

requirePrivateKeyring()

let sim: SimDriver
let tlsSim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
  tlsSim = await SimDriver.start({ tls: true })
})
afterAll(async () => {
  await sim.stop()
  await tlsSim.stop()
})

describe('adding an account', () => {
  it('verifies the token first and says plainly what is wrong; nothing is stored', async () => {
    const { service, dataDir } = serviceWithKeychain()
    const add = async (input: Record<string, unknown>) => {
      const r = await dispatch(service.handlers, 'accounts.add', {
        label: 'x',
        providerUrl: sim.sim.url,
        token: sim.token('operator'),
        ...input
      })
      expect(r.ok).toBe(false)
      return (r as { ok: false; error: { id: string; description: string } }).error
    }
    expect(await add({ token: 'not-a-valid-token' })).toMatchObject({
      id: 'account.verificationFailed',
      description: 'The provider rejected the token: Provided token is not valid. (tokenInvalid)'
    })
    expect((await add({ providerUrl: 'http://127.0.0.1:1' })).description).toMatch(
      /^Cannot reach the provider at 127\.0\.0\.1:1/
    )
    expect(
      (await add({ providerUrl: tlsSim.sim.url, token: tlsSim.token('admin') })).description
    ).toMatch(/^The provider's certificate is not trusted\. Add its CA file to the account\./)
    expect((await add({ token: sim.token('stranger') })).description).toBe(
      'The token works, but no space of yours is supported by this provider (userNotSupported).'
    )
    expect((await add({ token: sim.token('member') })).description).toMatch(
      /cannot view workflow executions in any space/
    )
    expect((await add({ caFile: 'never-chosen' })).id).toBe('account.caUnknown')
    expect((await add({ providerUrl: 'not a url' })).id).toBe('ipc.badRequest')
    expect(service.accounts.list()).toEqual([])
    expect(filesUnder(dataDir).filter((f) => f.endsWith('settings.json'))).toEqual([])
    expect(await keytar.findCredentials(KEYCHAIN_SERVICE)).toEqual([])
    await service.close()
  })

  it('with a CA file chosen in the dialog reaches a self-signed provider; with Onezone it reports missing privileges per space', async () => {
    const caPath = join(freshDir(), 'ca.pem')
    writeFileSync(caPath, tlsSim.sim.caPem!)
    const { service } = serviceWithKeychain(freshDir(), async () => caPath)
    const chosen = await service.handlers['accounts.chooseCa']({})
    expect(chosen).toEqual({ handle: expect.any(String), name: 'ca.pem' })
    const r = await service.handlers['accounts.add']({
      label: 'Operator',
      providerUrl: tlsSim.sim.url,
      onezoneUrl: tlsSim.sim.url,
      caFile: chosen!.handle,
      token: tlsSim.token('operator')
    })
    expect(r.account.caPath).toBe(caPath)
    expect(r.report.ok).toBe(true)
    expect(r.report.spaces).toEqual([
      expect.objectContaining({
        name: 'Lab',
        canView: true,
        canSchedule: true,
        canManage: false,
        note: 'missing automation privileges: manage'
      })
    ])
    expect(r.report.user).toMatchObject({ name: 'Otto Operator' })
    expect((await service.handlers['spaces.list']({ accountId: r.account.id }))[0]).toMatchObject({
      name: 'Lab',
      watched: true
    })

    const manager = await service.handlers['accounts.add']({
      label: 'Manager',
      providerUrl: sim.sim.url,
      token: sim.token('viewer')
    })
    expect(manager.report.spaces[0]).toMatchObject({
      canView: true,
      note: expect.stringContaining('can list executions')
    })

    // Removing an account deletes its keychain entry.
    await service.handlers['accounts.remove']({ accountId: r.account.id })
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, r.account.id)).toBeNull()
    await service.handlers['accounts.remove']({ accountId: manager.account.id })
    expect(await keytar.findCredentials(KEYCHAIN_SERVICE)).toEqual([])
    await service.close()
  })
})

describe('editing an account', () => {
  it('replaces the token in the keychain after verifying it, and writes it nowhere else', async () => {
    const { service, dataDir } = serviceWithKeychain()
    const added = await service.handlers['accounts.add']({
      label: 'Lab provider',
      providerUrl: sim.sim.url,
      token: sim.token('admin')
    })
    const id = added.account.id
    const refused = await dispatch(service.handlers, 'accounts.update', {
      accountId: id,
      token: 'not-a-token-of-anyone'
    })
    expect(refused.ok).toBe(false)
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, id)).toBe(sim.token('admin'))
    const changed = await dispatch(service.handlers, 'accounts.update', {
      accountId: id,
      label: 'Lab (viewer)',
      token: sim.token('viewer')
    })
    expect(changed).toMatchObject({ ok: true, value: { account: { label: 'Lab (viewer)' } } })
    expect(JSON.stringify(changed)).not.toContain(sim.token('viewer'))
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, id)).toBe(sim.token('viewer'))
    for (const file of filesUnder(dataDir))
      expect(readFileSync(file, 'utf8'), file).not.toContain(sim.token('viewer'))
    await service.handlers['accounts.remove']({ accountId: id })
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, id)).toBeNull()
    await service.close()
  })
})

describe('the demo provider', () => {
  it('starts in-process, is marked demo, and is never written to the settings or the keychain', async () => {
    const { service, dataDir } = serviceWithKeychain()
    const demo = await service.handlers['demo.start']({})
    expect(demo).toMatchObject({ id: 'demo', demo: true, label: 'Demo provider' })
    expect(demo.providerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const spaces = await service.handlers['spaces.list']({ accountId: 'demo' })
    expect(spaces.map((s) => s.name)).toContain('Imaging lab')
    const page = await service.handlers['executions.list']({
      accountId: 'demo',
      spaceId: spaces[0]!.spaceId,
      phase: 'ended'
    })
    expect(page.atmWorkflowExecutions.length).toBeGreaterThan(0)
    expect(await service.handlers['demo.start']({})).toEqual(demo)
    expect(await keytar.findCredentials(KEYCHAIN_SERVICE)).toEqual([])
    await service.close()
    expect(filesUnder(dataDir).filter((f) => f.endsWith('settings.json'))).toEqual([])
  })
})
