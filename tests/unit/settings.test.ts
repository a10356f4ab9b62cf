// The settings file on real files: loading keeps what it can and reports the rest by name, writes
// are checked with the loading schema, re-read under the lock, and keep what they do not know.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lock } from 'proper-lockfile'
import { describe, expect, it, vi } from 'vitest'
import { Accounts } from '../../src/core/accounts/accounts'
import { writeFileAtomic } from '../../src/core/accounts/atomic-write'
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
const entry = (id: string, label: string, extra: Record<string, unknown> = {}) => ({
  id,
  label,
  providerUrl: 'https://op.example.org',
  spaces: ['s1'],
  ...extra
})
const settingsOf = (d: string) => JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8'))
const write = (d: string, value: unknown) =>
  writeFileSync(join(d, 'settings.json'), JSON.stringify(value, null, 2))

/** A vault that already holds a token for each of these ids (accounts written by hand below). */
async function vaultWith(...ids: string[]): Promise<MemoryVault> {
  const vault = new MemoryVault()
  for (const id of ids) await vault.set(id, `token-of-${id}`)
  return vault
}

function make(d = dir(), vault = new MemoryVault()) {
  const verify = vi.fn(async () => okReport)
  return { d, vault, verify, accounts: new Accounts(d, vault, silentLogger, verify) }
}
const input = (label: string, extra: Record<string, unknown> = {}) => ({
  label,
  providerUrl: 'https://op.example.org',
  token: `tok-${label}-0123`,
  ...extra
})

describe('loading the settings file', () => {
  it('starts empty, with nothing to report, when there is none', async () => {
    const { accounts, d } = make()
    expect(await accounts.open()).toEqual([])
    expect(accounts.list()).toEqual([])
    expect(readdirSync(d)).toEqual([])
  })

  it('moves a file that is not JSON aside, keeps its content, and names where it went', async () => {
    const d = dir()
    const path = join(d, 'settings.json')
    writeFileSync(path, '{"version": 1, "accounts": [')
    const notices = await make(d).accounts.open()
    expect(notices).toEqual([
      `The settings file ${path} was damaged (it is not valid JSON); it was moved to ${path}.corrupt and Lanewatch started without the accounts it held. Their tokens stay in the keychain while that file is kept there.`
    ])
    expect(existsSync(path)).toBe(false)
    expect(readFileSync(`${path}.corrupt`, 'utf8')).toBe('{"version": 1, "accounts": [')
    // A second damaged file does not overwrite the first one set aside.
    writeFileSync(path, '[]')
    expect((await make(d).accounts.open())[0]).toMatch(/does not hold a settings object/)
    expect(readdirSync(d).filter((f) => f.endsWith('.corrupt'))).toHaveLength(2)
  })

  it('keeps the good accounts when one entry is bad, names the bad one, and keeps it in the file', async () => {
    const d = dir()
    const long = 'L'.repeat(101)
    write(d, {
      version: 1,
      accounts: [
        entry('a1', 'Lab'),
        entry('a2', long),
        entry('a3', 'Secret', { providerUrl: 'https://user:pw@op.example.org' }),
        { label: 'No id' },
        entry('a4', 'Home')
      ]
    })
    const { accounts } = make(d, await vaultWith('a1', 'a2', 'a3', 'a4'))
    const notices = await accounts.open()
    expect(accounts.list().map((a) => a.label)).toEqual(['Lab', 'Home'])
    expect(notices).toHaveLength(3)
    expect(notices[0]).toBe(
      `The account "${'L'.repeat(60)}…" in ${join(d, 'settings.json')} is not usable (label: the name is longer than 100 characters), so it is left out. It is kept in the file unchanged: correct it there or remove it with: lanewatch accounts remove a2.`
    )
    expect(notices[1]).toMatch(
      /^The account "Secret" .* \(providerUrl: the provider URL must not contain a user name or password/
    )
    expect(notices[2]).toMatch(/^The account "No id" .* \(id: /)
    expect(existsSync(join(d, 'settings.json'))).toBe(true)

    // A change rewrites the file with the bad entries exactly as they were.
    const before = settingsOf(d).accounts
    await accounts.setSpaces('a4', ['s9'])
    const after = settingsOf(d).accounts
    expect(after.filter((_: unknown, i: number) => i !== 4)).toEqual(before.slice(0, 4))
    expect(after[4].spaces).toEqual(['s9'])
    // The bad entry can be removed by its id.
    expect(accounts.findRejected('a2')).toMatchObject({ id: 'a2' })
    await accounts.remove('a2')
    expect(settingsOf(d).accounts.map((e: { id?: string }) => e.id)).toEqual([
      'a1',
      'a3',
      undefined,
      'a4'
    ])
  })

  it('reads a file that starts with a UTF-8 byte-order mark', async () => {
    const d = dir()
    writeFileSync(
      join(d, 'settings.json'),
      `\uFEFF${JSON.stringify({ version: 1, accounts: [entry('a1', 'Lab')] })}`
    )
    const { accounts } = make(d, await vaultWith('a1'))
    expect(await accounts.open()).toEqual([])
    expect(accounts.list().map((a) => a.id)).toEqual(['a1'])
  })

  it('keeps fields a newer version wrote, at the top level and per account, through every change', async () => {
    const d = dir()
    write(d, {
      version: 1,
      theme: { accent: 'teal' },
      accounts: [entry('a1', 'Lab', { colour: 'red', monitor: { everyMs: 5000 } })]
    })
    const { accounts } = make(d)
    await accounts.open()
    await accounts.setSpaces('a1', ['s2', 's2', 's3'])
    await accounts.add(input('Second'))
    const saved = settingsOf(d)
    expect(saved.theme).toEqual({ accent: 'teal' })
    expect(saved.accounts[0]).toEqual(
      entry('a1', 'Lab', { colour: 'red', monitor: { everyMs: 5000 }, spaces: ['s2', 's3'] })
    )
    expect(saved.accounts[1]).toMatchObject({ label: 'Second' })
    expect(saved.pendingTokens).toBeUndefined()
  })

  it('uses but never changes a file written by a newer format', async () => {
    const d = dir()
    write(d, { version: 2, accounts: [entry('a1', 'Lab')] })
    const { accounts } = make(d, await vaultWith('a1'))
    expect(await accounts.open()).toEqual([
      `The settings file ${join(d, 'settings.json')} was written by a newer Lanewatch (format 2); its accounts can be used, but this version will not change them.`
    ])
    expect(accounts.list().map((a) => a.id)).toEqual(['a1'])
    await expect(accounts.setSpaces('a1', [])).rejects.toMatchObject({ id: 'settings.newer' })
    expect(settingsOf(d)).toEqual({ version: 2, accounts: [entry('a1', 'Lab')] })
  })

  it('says what is wrong with a settings file that cannot be read, and moves or writes nothing', async () => {
    const d = dir()
    mkdirSync(join(d, 'settings.json'))
    const { accounts, verify } = make(d)
    expect(await accounts.open()).toEqual([
      `The settings file ${join(d, 'settings.json')} cannot be read (it is a folder, EISDIR); Lanewatch started without its accounts and will not change the file until it can be read.`
    ])
    await expect(accounts.add(input('Lab'))).rejects.toMatchObject({
      id: 'settings.unreadable',
      description: expect.stringMatching(
        /cannot be read \(it is a folder, EISDIR\); nothing was changed/
      )
    })
    expect(verify).not.toHaveBeenCalled()
    expect(statSync(join(d, 'settings.json')).isDirectory()).toBe(true)
    expect(readdirSync(d).sort()).toEqual(['settings.json'])
  })
})

describe('checking an account before anything is saved', () => {
  it('refuses a label over 100 characters before verifying, with the schema used for loading', async () => {
    const { accounts, verify, d, vault } = make()
    await expect(accounts.add(input('x'.repeat(101)))).rejects.toMatchObject({
      id: 'account.invalid',
      description: 'The account cannot be added: label: the name is longer than 100 characters.'
    })
    expect(verify).not.toHaveBeenCalled()
    expect(existsSync(join(d, 'settings.json'))).toBe(false)
    expect(await vault.ids()).toEqual([])
    // Exactly 100 is fine, and it loads again.
    await accounts.add(input('x'.repeat(100)))
    expect(await make(d, vault).accounts.open()).toEqual([])
  })

  it('refuses a provider or Onezone URL with a user name or password, and other non-http URLs', async () => {
    const { accounts, verify, d } = make()
    for (const [extra, message] of [
      [
        { providerUrl: 'https://alice:secret@op.example.org' },
        /providerUrl: the provider URL must not contain a user name or password/
      ],
      [{ providerUrl: 'https://alice@op.example.org' }, /must not contain a user name or password/],
      [
        { onezoneUrl: 'https://:pw@zone.example.org' },
        /onezoneUrl: the Onezone URL must not contain/
      ],
      [{ providerUrl: 'file:///etc/passwd' }, /must start with https:\/\//],
      [{ providerUrl: 'not a url' }, /is not a valid URL/]
    ] as const) {
      await expect(accounts.add(input('Lab', extra))).rejects.toMatchObject({
        id: 'account.invalid',
        description: expect.stringMatching(message)
      })
    }
    expect(verify).not.toHaveBeenCalled()
    expect(existsSync(join(d, 'settings.json'))).toBe(false)
  })
})

describe('adding, changing and removing accounts', () => {
  it('saves an account after verification, with the spaces it can view, and finds it by label or id', async () => {
    const { d, vault, accounts } = make()
    const { account } = await accounts.add(input('Lab'))
    expect(account.spaces).toEqual(['s1'])
    expect(await vault.get(account.id)).toBe('tok-Lab-0123')
    expect(readFileSync(join(d, 'settings.json'), 'utf8')).not.toContain('tok-Lab-0123')
    expect(accounts.find('lab').id).toBe(account.id)
    expect(() => accounts.find('other')).toThrow('No account "other" (accounts: "Lab").')
    await expect(accounts.add(input('LAB'))).rejects.toThrow(/already labelled/)
    expect(new Accounts(d, vault, silentLogger).list()).toEqual([account])
  })

  it('refuses an account whose verification failed, and stores nothing', async () => {
    const d = dir()
    const vault = new MemoryVault()
    const bad: AccountReport = { ok: false, spaces: [], problems: ['Rejected.'], warnings: [] }
    const accounts = new Accounts(d, vault, silentLogger, async () => bad)
    await expect(accounts.add(input('x'))).rejects.toMatchObject({
      id: 'account.verificationFailed',
      description: 'Rejected.',
      details: { report: bad }
    })
    expect(existsSync(join(d, 'settings.json'))).toBe(false)
    expect(await vault.ids()).toEqual([])
  })

  it('re-reads the file inside the lock: a change made by another process meanwhile is kept', async () => {
    const { d, accounts } = make()
    const { account } = await accounts.add(input('Lab'))
    // Another process holds the lock and adds an account while this one wants to change spaces.
    const path = join(d, 'settings.json')
    const release = await lock(path, { realpath: false, lockfilePath: `${path}.lock` })
    const change = accounts.setSpaces(account.id, ['s7'])
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
    const other = settingsOf(d)
    other.accounts.push(entry('from-cli', 'From the CLI'))
    write(d, other)
    await release()
    await change
    expect(
      settingsOf(d).accounts.map((a: { id: string; spaces: string[] }) => [a.id, a.spaces])
    ).toEqual([
      [account.id, ['s7']],
      ['from-cli', ['s1']]
    ])
  })

  it('takes over a lock left by a process that died (not refreshed for longer than 10 s)', async () => {
    const { d, accounts } = make()
    const { account } = await accounts.add(input('Lab'))
    const lockDir = join(d, 'settings.json.lock')
    mkdirSync(lockDir)
    const minuteAgo = new Date(Date.now() - 60_000)
    utimesSync(lockDir, minuteAgo, minuteAgo)
    expect((await accounts.setSpaces(account.id, ['s2'])).spaces).toEqual(['s2'])
    expect(existsSync(lockDir)).toBe(false)
  })

  it('serialises changes made at once in one process; the label check holds inside the lock', async () => {
    const { accounts, vault } = make()
    const results = await Promise.allSettled([
      accounts.add(input('Same')),
      accounts.add(input('Same', { providerUrl: 'https://other.example.org' })),
      ...Array.from({ length: 8 }, (_, i) => accounts.add(input(`Lab ${i}`)))
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(9)
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { id: 'account.labelTaken' }
    })
    expect(accounts.list()).toHaveLength(9)
    expect((await vault.ids()).sort()).toEqual(
      accounts
        .list()
        .map((a) => a.id)
        .sort()
    )
  })

  it('deletes the token again when the account cannot be saved after it was stored', async () => {
    const d = dir()
    class FileBreakingVault extends MemoryVault {
      // Right after the token is stored, settings.json becomes a folder: the save fails.
      override async set(id: string, token: string) {
        await super.set(id, token)
        rmSync(join(d, 'settings.json'))
        mkdirSync(join(d, 'settings.json', 'inside'), { recursive: true })
      }
    }
    const vault = new FileBreakingVault()
    const accounts = new Accounts(d, vault, silentLogger, async () => okReport)
    await expect(accounts.add(input('Lab'))).rejects.toMatchObject({
      id: 'settings.writeFailed'
    })
    expect(await vault.ids()).toEqual([])
  })

  it('removes an account and its token; a token the keychain cannot delete now is deleted at the next start', async () => {
    const { d, vault, accounts } = make()
    const { account: one } = await accounts.add(input('One'))
    const { account: two } = await accounts.add(input('Two'))
    expect(await accounts.remove(one.id)).toEqual({ tokenDeleted: true })
    expect(await vault.get(one.id)).toBeNull()

    const failing = Object.assign(Object.create(vault) as MemoryVault, {
      delete: async () => Promise.reject(new Error('keychain locked'))
    })
    const meanwhile = new Accounts(d, failing, silentLogger)
    expect(await meanwhile.remove(two.id)).toEqual({ tokenDeleted: false })
    expect(meanwhile.list()).toEqual([])
    expect(await vault.get(two.id)).toBe('tok-Two-0123')
    expect(settingsOf(d).pendingTokens).toEqual([two.id])

    expect(await new Accounts(d, vault, silentLogger).open()).toEqual([])
    expect(await vault.get(two.id)).toBeNull()
    expect(settingsOf(d).pendingTokens).toBeUndefined()
  })

  it('writes atomically and leaves no temporary files', () => {
    const d = dir()
    const path = join(d, 'nested', 'file.json')
    writeFileAtomic(path, 'one')
    writeFileAtomic(path, 'two')
    expect(readFileSync(path, 'utf8')).toBe('two')
    expect(readdirSync(join(d, 'nested'))).toEqual(['file.json'])
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })
})
