// A CA file is chosen through main's file dialog: the window gets a handle and a name, never a
// path, and cannot tell a missing file from one that is not a certificate.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { VerifyInput } from '../../src/core/accounts/verify'
import { MemoryVault } from '../../src/core/accounts/vault'
import { dispatch } from '../../src/core/ipc'
import { createService } from '../../src/core/service'
import type { AccountReport } from '../../src/shared/accounts'

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
const okReport: AccountReport = { ok: true, spaces: [], problems: [], warnings: [] }

function setup(chosen: (string | undefined)[]) {
  const folder = mkdtempSync(join(tmpdir(), 'lanewatch-ca-'))
  const verify = vi.fn(async (_input: VerifyInput) => okReport)
  const chooseCaFile = vi.fn(async () => chosen.shift())
  const service = createService({
    dataDir: join(folder, 'data'),
    vault: new MemoryVault(),
    verify,
    chooseCaFile
  })
  const call = (channel: string, request: unknown) => dispatch(service.handlers, channel, request)
  return { folder, verify, chooseCaFile, service, call }
}

const add = { label: 'Lab', providerUrl: 'https://op.example.org', token: 'tok-1234567' }

describe('choosing a CA file', () => {
  it('answers a handle and the file name only; adding with the handle saves the chosen path', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lanewatch-ca-'))
    const path = join(folder, 'site-ca.pem')
    writeFileSync(path, PEM)
    const { call, verify, service } = setup([path])
    const chosen = await call('accounts.chooseCa', {})
    expect(chosen).toEqual({ ok: true, value: { handle: expect.any(String), name: 'site-ca.pem' } })
    expect(JSON.stringify(chosen)).not.toContain(folder)
    const { handle } = (chosen as { value: { handle: string } }).value

    const added = await call('accounts.add', { ...add, caFile: handle })
    expect(added).toMatchObject({ ok: true, value: { account: { caPath: path } } })
    // The file was read when it was chosen; verification uses that text.
    expect(verify.mock.calls[0]![0]).toMatchObject({ caPath: path, caPem: PEM })
    expect(service.accounts.list()[0]!.caPath).toBe(path)
    // A handle is used once.
    expect(await call('accounts.add', { ...add, label: 'Again', caFile: handle })).toMatchObject({
      ok: false,
      error: { id: 'account.caUnknown' }
    })
  })

  it('gives one message for a missing file, a folder, a device and a file that is not a certificate', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lanewatch-ca-'))
    writeFileSync(join(folder, 'notes.pem'), 'hello')
    mkdirSync(join(folder, 'dir.pem'))
    const paths = ['missing.pem', 'notes.pem', 'dir.pem'].map((n) => join(folder, n))
    const { call } = setup([...paths, '/dev/zero'])
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(await call('accounts.chooseCa', {}))
    const descriptions = answers.map((a) => {
      expect(a).toMatchObject({ ok: false, error: { id: 'account.caUnusable' } })
      return (a as { error: { description: string } }).error.description
    })
    expect(descriptions[0]).toBe(
      'missing.pem cannot be used as a CA: it is not a readable PEM certificate.'
    )
    const withoutName = descriptions.map((d) => d.replace(/^\S+ /, ''))
    expect(new Set(withoutName).size).toBe(1)
    for (const d of descriptions) expect(d).not.toContain(folder)
  })

  it('answers null when the dialog is cancelled, and refuses a path or an unknown handle', async () => {
    const { call, verify } = setup([undefined])
    expect(await call('accounts.chooseCa', {})).toEqual({ ok: true, value: null })
    expect(await call('accounts.add', { ...add, caPath: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { id: 'ipc.badRequest', description: expect.stringContaining('caPath') }
    })
    expect(await call('accounts.add', { ...add, caFile: 'made-up' })).toMatchObject({
      ok: false,
      error: { id: 'account.caUnknown' }
    })
    expect(verify).not.toHaveBeenCalled()
  })

  it('says so where no dialog can be shown', async () => {
    const service = createService({
      dataDir: mkdtempSync(join(tmpdir(), 'lanewatch-ca-')),
      vault: new MemoryVault()
    })
    expect(await dispatch(service.handlers, 'accounts.chooseCa', {})).toMatchObject({
      ok: false,
      error: { id: 'app.dialogUnavailable' }
    })
  })

  it('refuses URLs with credentials at the contract, before the service', async () => {
    const { call, verify } = setup([])
    expect(
      await call('accounts.add', { ...add, providerUrl: 'https://me:pw@op.example.org' })
    ).toMatchObject({
      ok: false,
      error: {
        id: 'ipc.badRequest',
        description:
          'The provider URL must not contain a user name or password (the access token is the only credential).'
      }
    })
    expect(verify).not.toHaveBeenCalled()
  })
})
