// Accounts with the real OS keychain (gnome-keyring's Secret Service in a private D-Bus session,
// started by scripts/with-keyring.sh): tokens go to the keychain and nowhere else.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { loadSnapshot } from '../../src/core/snapshots'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import keytar from 'keytar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KEYCHAIN_SERVICE, KeychainVault } from '../../src/core/accounts/vault'
import { dispatch } from '../../src/core/ipc'
import { createFileLogger } from '../../src/core/log'
import { createService, type Service } from '../../src/core/service'
import { startDemoProvider } from '../../src/simulator/demo-provider'
import { runCli } from '../../src/cli/main'
import { CHANNELS } from '../../src/shared/ipc'
import { P, SimDriver } from '../helpers/simulator'

if (!process.env.LANEWATCH_TEST_KEYRING)
  throw new Error(
    'The keychain tests use a private keyring: run them through scripts/with-keyring.sh (npm test does).'
  )

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

const freshDir = () => mkdtempSync(join(tmpdir(), 'lanewatch-data-'))

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
}

function newService(
  dataDir = freshDir(),
  chooseCaFile?: () => Promise<string | undefined>
): { service: Service; dataDir: string } {
  const service = createService({
    dataDir,
    vault: new KeychainVault(),
    log: createFileLogger(dataDir),
    startDemo: startDemoProvider,
    chooseCaFile
  })
  return { service, dataDir }
}

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

describe('adding an account', () => {
  it('puts the token in the keychain and in no file the app wrote, nor any message towards the renderer', async () => {
    // A simulator of its own: this test revokes the token at the end.
    const sim = await SimDriver.start()
    const { service, dataDir } = newService()
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
    const again = newService(dataDir)
    expect(again.service.accounts.list().map((a) => a.id)).toEqual([account.id])
    await again.service.close()
    await keytar.deletePassword(KEYCHAIN_SERVICE, account.id)
    await sim.stop()
  })

  it('verifies the token first and says plainly what is wrong; nothing is stored', async () => {
    const { service, dataDir } = newService()
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
    const { service } = newService(freshDir(), async () => caPath)
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
    const { service, dataDir } = newService()
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
    const { service, dataDir } = newService()
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

describe('the CLI with saved accounts', () => {
  const io = (env: Record<string, string | undefined>, stdin = '') => {
    const out: string[] = []
    const err: string[] = []
    return {
      out,
      err,
      io: {
        out: (t: string) => out.push(t),
        err: (t: string) => err.push(t),
        env,
        sleep: async () => {},
        readStdin: async () => stdin
      }
    }
  }

  it('accounts add (token on stdin) | list | test | remove, and --account on every command', async () => {
    const env = { LANEWATCH_DATA_DIR: freshDir() }
    const add = io(env, `${sim.token('admin')}\n`)
    expect(
      await runCli(
        [
          'accounts',
          'add',
          '--label',
          'Lab',
          '--provider',
          sim.sim.url,
          '--onezone',
          sim.sim.url,
          '--token-stdin'
        ],
        add.io
      )
    ).toBe(0)
    expect(add.out.join('\n')).toMatch(/^Added "Lab" \(.+\); its token is in the OS keychain\./)
    expect(add.out.join('\n')).toMatch(
      /Lab\s+yes\s+yes\s+yes\s+can view, schedule and manage executions/
    )

    const list = io(env)
    expect(await runCli(['accounts', 'list', '--json'], list.io)).toBe(0)
    const [account] = JSON.parse(list.out.join(''))
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, account.id)).toBe(sim.token('admin'))

    const spaces = io(env)
    expect(await runCli(['spaces', '--account', 'lab'], spaces.io)).toBe(0)
    expect(spaces.out.join('\n')).toContain('Lab')
    const id = await sim.schedule('single')
    const show = io({ ...env, LANEWATCH_ACCOUNT: account.id })
    expect(await runCli(['show', id], show.io)).toBe(0)

    const test = io(env)
    expect(await runCli(['accounts', 'test', 'Lab'], test.io)).toBe(0)
    expect(test.out[0]).toMatch(/^Lab: OK/)

    const unknown = io(env)
    expect(await runCli(['spaces', '--account', 'nope'], unknown.io)).toBe(2)
    expect(unknown.err.join('')).toBe('lanewatch: No account "nope" (accounts: "Lab").')

    const remove = io(env)
    expect(await runCli(['accounts', 'remove', 'Lab'], remove.io)).toBe(0)
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, account.id)).toBeNull()
  })

  it('a keychain that is unavailable is reported with what to install, and nothing is saved', async () => {
    const dataDir = freshDir()
    const child = spawn(
      process.execPath,
      [
        join(__dirname, '../../bin/lanewatch.js'),
        'accounts',
        'add',
        '--label',
        'x',
        '--provider',
        sim.sim.url
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: dataDir,
          LANEWATCH_DATA_DIR: dataDir,
          LANEWATCH_TOKEN: sim.token('admin'),
          DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus'
        }
      }
    )
    let err = ''
    child.stderr.on('data', (c) => (err += c))
    const code = await new Promise((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(err).toMatch(
      /^lanewatch: The OS keychain is not available \(.+\)\. Lanewatch keeps tokens in the Secret Service\. .*gnome-keyring, unlock it, and run Lanewatch in a session with D-Bus\./
    )
    expect(err).toContain('Tokens are never written to a file instead.')
    for (const file of filesUnder(dataDir))
      expect(readFileSync(file, 'utf8')).not.toContain(sim.token('admin'))
    expect(filesUnder(dataDir).filter((f) => f.endsWith('settings.json'))).toEqual([])
    // The provider was reachable and the token good: the keychain alone stopped it.
    expect((await sim.request('GET', `${P}/spaces`, { token: sim.token('admin') })).status).toBe(
      200
    )
  })
})
