// Provider accounts: the settings file for what is not secret, the vault for tokens. The steps of
// every change are ordered so that a process killed at any moment leaves a state the next start
// repairs (repair.ts) or reports, never an account that silently lost its token:
//   add:    check → verify → [lock: record the id as in flight → token → account saved, record cleared]
//   remove: [lock: account removed, id recorded as in flight → token deleted → record cleared]
//   update: check → verify the result → [lock: fields saved → token replaced, or fields put back]
import { randomUUID } from 'node:crypto'
import {
  accountSchema,
  firstIssue,
  newAccountSchema,
  type Account,
  type AccountReport
} from '../../shared/accounts'
import { AppError } from '../errors'
import type { Logger } from '../log'
import { ownerOf } from './orphans'
import { repairOnStart } from './repair'
import { SettingsFile } from './settings'
import { entryId, splitAccounts, type RejectedEntry } from './settings-document'
import type { TokenVault } from './vault'
import { verifyAccount, type VerifyInput } from './verify'

export interface NewAccount {
  label: string
  providerUrl: string
  onezoneUrl?: string
  caPath?: string
  /** The CA's PEM text when the caller already read it (the app's file dialog). */
  caPem?: string
  token: string
}

export interface Credentials {
  account: Account
  token: string
}

/** What editing an account changes; a field left out stays as it is. */
export interface AccountChanges {
  label?: string
  providerUrl?: string
  /** An empty string removes the Onezone URL. */
  onezoneUrl?: string
  /** A new CA (its path and PEM text), or null to trust only the system's CAs again. */
  ca?: { path: string; pem: string } | null
  /** A new token for the keychain; without one the stored token is verified again. */
  token?: string
}

const notFound = (what: string) => new AppError('account.notFound', `No account ${what}.`)

export class Accounts {
  private readonly settings: SettingsFile
  private readonly demo: Account[] = []
  private readonly demoTokens = new Map<string, string>()
  /** The last accounts read well: used while the file cannot be read. */
  private lastGood: Account[] = []
  private opened?: Promise<string[]>

  constructor(
    dataDir: string,
    private readonly vault: TokenVault,
    private readonly log: Logger,
    private readonly verify: (input: VerifyInput) => Promise<AccountReport> = verifyAccount
  ) {
    this.settings = new SettingsFile(dataDir, log)
  }

  get settingsPath(): string {
    return this.settings.path
  }

  /** Repairs what an interrupted run left, once; resolves to what the user must be told. */
  open(): Promise<string[]> {
    this.opened ??= repairOnStart(this.settings, this.vault, this.log).catch((err: unknown) => {
      this.log.error('start-up repair failed', { error: (err as Error).message })
      return []
    })
    return this.opened
  }

  list(): Account[] {
    return [...this.demo, ...this.saved().accounts].map((a) => ({ ...a }))
  }

  /** An account by id or by label (case-insensitive), for the CLI's --account. */
  find(idOrLabel: string): Account {
    const accounts = this.list()
    const byId = accounts.find((a) => a.id === idOrLabel)
    if (byId) return byId
    const found = accounts.filter((a) => a.label.toLowerCase() === idOrLabel.toLowerCase())
    if (found.length === 1) return found[0]!
    if (found.length > 1)
      throw new AppError(
        'account.ambiguous',
        `Several accounts are labelled "${idOrLabel}"; use the id.`
      )
    const known = accounts.map((a) => `"${a.label}"`).join(', ') || 'none'
    throw new AppError('account.notFound', `No account "${idOrLabel}" (accounts: ${known}).`)
  }

  /** An entry of the settings file that this version cannot use, by id or label. */
  findRejected(idOrLabel: string): RejectedEntry | undefined {
    const lower = idOrLabel.toLowerCase()
    return this.saved().rejected.find(
      (r) => r.id !== undefined && (r.id === idOrLabel || r.label?.toLowerCase() === lower)
    )
  }

  async add(input: NewAccount): Promise<{ account: Account; report: AccountReport }> {
    this.log.redact(input.token)
    const checked = newAccountSchema.safeParse({
      label: input.label,
      providerUrl: input.providerUrl,
      ...(input.onezoneUrl ? { onezoneUrl: input.onezoneUrl } : {}),
      ...(input.caPath ? { caPath: input.caPath } : {})
    })
    if (!checked.success)
      throw new AppError(
        'account.invalid',
        `The account cannot be added: ${firstIssue(checked.error)}.`
      )
    const fields = checked.data
    this.assertLabelFree(fields.label, this.list())
    this.settings.writableDocument()
    await this.vault.check()
    const report = await this.verify({ ...fields, caPem: input.caPem, token: input.token })
    if (!report.ok)
      throw new AppError('account.verificationFailed', report.problems.join(' '), {
        details: { report }
      })
    const account = accountSchema.parse({
      id: randomUUID(),
      ...fields,
      spaces: report.spaces.filter((s) => s.canView !== false).map((s) => s.spaceId)
    })
    try {
      await this.settings.transaction(async ({ doc, save }) => {
        this.assertLabelFree(account.label, splitAccounts(doc).accounts)
        doc.pendingTokens = [...doc.pendingTokens, account.id]
        save()
        await this.vault.set(account.id, input.token)
        await this.vault.claim(account.id, ownerOf(this.settings))
        doc.accounts.push(account)
        doc.pendingTokens = doc.pendingTokens.filter((id) => id !== account.id)
        save()
      })
    } catch (err) {
      await this.vault.delete(account.id).catch(() => false)
      throw err
    }
    this.log.info('account added', {
      accountId: account.id,
      provider: new URL(account.providerUrl).host
    })
    return { account: { ...account }, report }
  }

  /**
   * Changes an account's label, URLs, CA or token with the checks of adding one: the result is
   * checked and verified before anything is saved, then saved under the lock. A new token goes
   * to the keychain only after the fields are saved; if the keychain refuses it, the old fields
   * are put back, so an account never pairs new URLs with a token nobody verified for them.
   */
  async update(
    id: string,
    changes: AccountChanges
  ): Promise<{ account: Account; report: AccountReport }> {
    if (changes.token !== undefined) this.log.redact(changes.token)
    const before = this.get(id)
    if (before.demo)
      throw new AppError('account.demo', 'The demo provider cannot be edited; remove it instead.')
    const onezoneUrl = changes.onezoneUrl ?? before.onezoneUrl
    const caPath = changes.ca === null ? undefined : (changes.ca?.path ?? before.caPath)
    const checked = newAccountSchema.safeParse({
      label: changes.label ?? before.label,
      providerUrl: changes.providerUrl ?? before.providerUrl,
      ...(onezoneUrl ? { onezoneUrl } : {}),
      ...(caPath ? { caPath } : {})
    })
    if (!checked.success)
      throw new AppError(
        'account.invalid',
        `The account cannot be changed: ${firstIssue(checked.error)}.`
      )
    const fields = checked.data
    this.assertLabelFree(
      fields.label,
      this.list().filter((a) => a.id !== id)
    )
    this.settings.writableDocument()
    const token = changes.token ?? (await this.credentials(id)).token
    if (changes.token !== undefined) await this.vault.check()
    const caPem = changes.ca ? changes.ca.pem : undefined
    const report = await this.verify({ ...fields, ...(caPem ? { caPem } : {}), token })
    if (!report.ok)
      throw new AppError('account.verificationFailed', report.problems.join(' '), {
        details: { report }
      })
    const account = await this.settings.transaction(async ({ doc, save }) => {
      const raw = doc.accounts.find((e) => entryId(e) === id) as Record<string, unknown> | undefined
      const current = splitAccounts(doc).accounts.find((a) => a.id === id)
      if (!raw || !current) throw notFound(`with id ${id}`)
      this.assertLabelFree(
        fields.label,
        splitAccounts(doc).accounts.filter((a) => a.id !== id)
      )
      const old = { ...raw }
      for (const key of ['onezoneUrl', 'caPath'] as const) delete raw[key]
      Object.assign(raw, fields)
      save()
      if (changes.token !== undefined)
        try {
          await this.vault.set(id, changes.token)
        } catch (err) {
          for (const key of Object.keys(raw)) delete raw[key]
          Object.assign(raw, old)
          save()
          throw err
        }
      return accountSchema.parse(raw)
    })
    this.log.info('account changed', {
      accountId: id,
      provider: new URL(account.providerUrl).host,
      tokenReplaced: changes.token !== undefined
    })
    return { account: { ...account }, report }
  }

  /** The built-in demo provider: kept in memory only, with its token. */
  addDemo(account: Account, token: string): Account {
    this.dropDemo(account.id)
    this.demo.unshift({ ...account, demo: true })
    this.demoTokens.set(account.id, token)
    return account
  }

  /** Removes an account (or an unusable entry of the file) and its token. */
  async remove(id: string): Promise<{ tokenDeleted: boolean }> {
    if (this.dropDemo(id)) return { tokenDeleted: true }
    const tokenDeleted = await this.settings.transaction(async ({ doc, save }) => {
      const before = doc.accounts.length
      doc.accounts = doc.accounts.filter((entry) => entryId(entry) !== id)
      if (doc.accounts.length === before) throw notFound(`with id ${id}`)
      doc.pendingTokens = [...doc.pendingTokens.filter((p) => p !== id), id]
      save()
      try {
        await this.vault.delete(id)
      } catch (err) {
        // The next start with a working keychain deletes it: the id stays recorded.
        this.log.warn('token not deleted with its account', { accountId: id, error: String(err) })
        return false
      }
      doc.pendingTokens = doc.pendingTokens.filter((p) => p !== id)
      save()
      return true
    })
    this.log.info('account removed', { accountId: id, tokenDeleted })
    return { tokenDeleted }
  }

  async test(id: string): Promise<AccountReport> {
    const { account, token } = await this.credentials(id)
    return this.verify({ ...account, token })
  }

  async setSpaces(id: string, spaceIds: string[]): Promise<Account> {
    const spaces = [...new Set(spaceIds)]
    const demo = this.demo.find((a) => a.id === id)
    if (demo) {
      demo.spaces = spaces
      return { ...demo }
    }
    return this.settings.transaction(async ({ doc, save }) => {
      const entry = splitAccounts(doc).accounts.find((a) => a.id === id)
      const raw = doc.accounts.find((e) => entryId(e) === id) as Record<string, unknown>
      if (!entry || !raw) throw notFound(`with id ${id}`)
      raw.spaces = spaces
      save()
      return { ...entry, spaces }
    })
  }

  async credentials(id: string): Promise<Credentials> {
    const account = this.get(id)
    const token = account.demo ? this.demoTokens.get(id) : await this.vault.get(id)
    if (!token)
      throw new AppError(
        'account.tokenMissing',
        `The token of "${account.label}" is missing from the keychain. Remove the account and add it again.`
      )
    this.log.redact(token)
    return { account, token }
  }

  private get(id: string): Account {
    const account = this.list().find((a) => a.id === id)
    if (!account) throw notFound(`with id ${id}`)
    return account
  }

  private dropDemo(id: string): boolean {
    const index = this.demo.findIndex((a) => a.id === id)
    if (index < 0) return false
    this.demo.splice(index, 1)
    this.demoTokens.delete(id)
    return true
  }

  private assertLabelFree(label: string, accounts: Account[]): void {
    if (accounts.some((a) => a.label.toLowerCase() === label.toLowerCase()))
      throw new AppError('account.labelTaken', `An account is already labelled "${label}".`)
  }

  /** The saved accounts as the file has them now; the last good read while it cannot be read. */
  private saved(): { accounts: Account[]; rejected: RejectedEntry[] } {
    const now = this.settings.read()
    if (now.kind === 'missing') return { accounts: (this.lastGood = []), rejected: [] }
    if (now.kind !== 'ok' && now.kind !== 'newer') return { accounts: this.lastGood, rejected: [] }
    const { accounts, rejected } = splitAccounts(now.doc)
    this.lastGood = accounts
    return { accounts, rejected }
  }
}
