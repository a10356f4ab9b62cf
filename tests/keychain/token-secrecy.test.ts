// An account's token, added through the app with the real OS keychain, goes to the keychain and
// nowhere else: no file the app writes, no answer of any channel towards the renderer, no log,
// no snapshot, not even a failing call's error.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import keytar from 'keytar'
import { describe, expect, it } from 'vitest'
import { KEYCHAIN_SERVICE, KeychainVault } from '../../src/core/accounts/vault'
import { dispatch } from '../../src/core/ipc'
import { loadSnapshot } from '../../src/core/snapshots'
import { CHANNELS } from '../../src/shared/ipc'
import { filesUnder, requirePrivateKeyring, serviceWithKeychain } from '../helpers/keychain'
import { SimDriver } from '../helpers/simulator'

requirePrivateKeyring()

describe('adding an account', () => {
  it('puts the token in the keychain and in no file the app wrote, nor any message towards the renderer', async () => {
    // A simulator of its own: this test revokes the token at the end.
    const sim = await SimDriver.start()
    const { service, dataDir } = serviceWithKeychain()
    const token = sim.token('admin')
    const added = await dispatch(service.handlers, 'accounts.add', {
      label: 'Lab provider',
      providerUrl: sim.sim.url,
      token
    })
    expect(added.ok).toBe(true)
    const { account } = (
      added as { ok: true; value: { account: { id: string; spaces: string[] } } }
    ).value
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, account.id)).toBe(token)
    expect(account.spaces).toEqual([sim.space('lab')])

    // Exercise every channel the renderer can call, and the log, then look for the token.
    const id = await sim.schedule('single')
    const messages: unknown[] = [added]
    const requests: Record<string, unknown> = {
      'accounts.list': {},
      'accounts.test': { accountId: account.id },
      // The same token written again: through the keychain, never back towards the window.
      'accounts.update': { accountId: account.id, label: 'Lab provider', token },
      'inbox.get': {},
      'inbox.set': { phase: 'ended' },
      'accounts.setSpaces': { accountId: account.id, spaceIds: [sim.space('lab')] },
      'accounts.chooseCa': {},
      'spaces.list': { accountId: account.id },
      'executions.list': { accountId: account.id, spaceId: sim.space('lab'), phase: 'waiting' },
      'executions.get': { accountId: account.id, executionId: id },
      'executions.act': { accountId: account.id, executionId: id, action: 'pause' },
      'executions.repeat': {
        accountId: account.id,
        executionId: id,
        type: 'rerun',
        laneIndex: 1,
        laneRunNumber: 1
      },
      'executions.auditLog': { accountId: account.id, executionId: id },
      'schedule.inventories': { accountId: account.id },
      'schedule.workflows': { accountId: account.id, inventoryId: 'none' },
      'schedule.revision': {
        accountId: account.id,
        atmWorkflowSchemaId: sim.schema('single'),
        revisionNumber: 1
      },
      'schedule.submit': {
        accountId: account.id,
        spaceId: sim.space('lab'),
        atmWorkflowSchemaId: sim.schema('single'),
        revisionNumber: 1
      },
      'app.openExternal': { url: 'https://onedata.org' },
      'app.notices': {},
      'demo.start': {},
      'monitor.overview': {},
      'monitor.execution': { accountId: account.id, executionId: id },
      'monitor.ids': { accountId: account.id, spaceId: sim.space('lab'), phase: 'waiting' },
      'monitor.details': { accountId: account.id, executionIds: [id] },
      'monitor.view': { visible: true, focus: { accountId: account.id, executionId: id } },
      'monitor.refresh': { accountId: account.id },
      'monitor.pause': { paused: false },
      'monitor.markSeen': { accountId: account.id, spaceId: sim.space('lab') },
      'notifications.list': {},
      'notifications.markRead': {},
      'notifications.pause': { forMs: 3_600_000 },
      'settings.get': {},
      'settings.set': { closeToTray: true },
      'snapshots.save': { accountId: account.id, executionId: id },
      'snapshots.list': {},
      'snapshots.delete': { file: 'none.lanewatch' },
      'snapshots.reveal': { file: 'none.lanewatch' },
      'snapshots.choose': {},
      'snapshots.admit': { path: '/none.lanewatch' },
      // The file the save above put into the history.
      'snapshots.open': async () => ({ source: { file: await savedFile() } }),
      'snapshots.compare': async () => ({
        before: { file: await savedFile() },
        after: { live: { accountId: account.id, executionId: id } }
      }),
      'snapshots.saved': { accountId: account.id },
      'snapshots.gone': { accountId: account.id, spaceId: sim.space('lab') }
    }
    const savedFile = async () =>
      (await service.handlers['snapshots.list']({})).entries[0]?.file ?? 'none.lanewatch'
    for (const channel of CHANNELS) {
      if (channel === 'accounts.add' || channel === 'accounts.remove') continue
      expect(requests, `a request for ${channel}`).toHaveProperty([channel])
      const request = requests[channel]
      const payload = typeof request === 'function' ? await (request as () => unknown)() : request
      messages.push(await dispatch(service.handlers, channel, payload))
    }
    // A failing call's error must not carry the token either.
    await sim.inject({ type: 'revokeToken', user: 'admin' })
    messages.push(await dispatch(service.handlers, 'spaces.list', { accountId: account.id }))
    expect(JSON.stringify(messages.at(-1))).toContain('tokenRevoked')
    await service.monitor.idle()
    await service.close()

    for (const message of messages) expect(JSON.stringify(message)).not.toContain(token)
    const files = filesUnder(dataDir)
    expect(files.map((f) => f.slice(dataDir.length + 1)).sort()).toEqual([
      'inbox.json',
      'logs/lanewatch.log',
      `monitor/${account.id}/journal.jsonl`,
      'notifications.json',
      'preferences.json',
      'settings.json',
      `snapshots/${await savedFile()}`
    ])
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(token)
    // The snapshot's content, decompressed, has the provider's host and never the token.
    const saved = await loadSnapshot(join(dataDir, 'snapshots', await savedFile()))
    expect(saved.snapshot.provider.host).toBe(new URL(sim.sim.url).host)
    expect(JSON.stringify(saved)).not.toContain(token)
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).accounts).toEqual([
      expect.objectContaining({ id: account.id, label: 'Lab provider', providerUrl: sim.sim.url })
    ])
    // The settings of a restarted app know the account; the keychain still has the token.
    const again = serviceWithKeychain(dataDir)
    expect(again.service.accounts.list().map((a) => a.id)).toEqual([account.id])
    await again.service.close()
    // Through the vault, whose calls go one at a time: a keytar listing of the restarted app's
    // start-up repair still in flight would crash on a token deleted under it.
    await new KeychainVault().delete(account.id)
    await sim.stop()
  })
})
