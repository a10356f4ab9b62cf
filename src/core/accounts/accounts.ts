// Provider accounts: the settings file for what is not secret, the vault for tokens. An account
// is saved only after its token was verified and stored in the keychain.
import { randomUUID } from 'node:crypto'
import type { Account, AccountReport } from '../../shared/accounts'
import { AppError } from '../errors'
import type { Logger } from '../log'
import { SettingsFile } from './settings'
import type { TokenVault } from './vault'
import { verifyAccount, type VerifyInput } from './verify'

export interface NewAccount {
  label: string
  providerUrl: string
  onezoneUrl?: string
  caPath?: string
  token: string
}

export interface Credentials {
  account: Account
  token: string
}

export class Accounts {
  private accounts: Account[]
  private readonly settings: SettingsFile
  /** Set when the settings file was damaged at start: shown to the user once. */
  readonly startupProblem?: string
  private readonly demoTokens = new Map<string, string>()

  constructor(
    dataDir: string,
    private readonly vault: TokenVault,
    private readonly log: Logger,
    private readonly verify: (input: VerifyInput) => Promise<AccountReport> = verifyAccount
  ) {
    this.settings = new SettingsFile(dataDir)
    const loaded = this.settings.load()
    this.accounts = loaded.accounts
    this.startupProblem = loaded.problem
    if (loaded.problem) this.log.warn('settings file moved aside', { problem: loaded.problem })
  }

  list(): Account[] {
    return this.accounts.map((a) => ({ ...a }))
  }

  /** An account by id or by label (case-insensitive), for the CLI's --account. */
  find(idOrLabel: string): Account {
    const byId = this.accounts.find((a) => a.id === idOrLabel)
    if (byId) return { ...byId }
    const found = this.accounts.filter((a) => a.label.toLowerCase() === idOrLabel.toLowerCase())
    if (found.length === 1) return { ...found[0]! }
    if (found.length > 1)
      throw new AppError(
        'account.ambiguous',
        `Several accounts are labelled "${idOrLabel}"; use the id.`
      )
    const known = this.accounts.map((a) => `"${a.label}"`).join(', ') || 'none'
    throw new AppError('account.notFound', `No account "${idOrLabel}" (accounts: ${known}).`)
  }

  async add(input: NewAccount): Promise<{ account: Account; report: AccountReport }> {
    this.log.redact(input.token)
    if (this.accounts.some((a) => a.label.toLowerCase() === input.label.toLowerCase()))
      throw new AppError('account.labelTaken', `An account is already labelled "${input.label}".`)
    const report = await this.verify(input)
    if (!report.ok)
      throw new AppError('account.verificationFailed', report.problems.join(' '), {
        details: { report }
      })
    const account: Account = {
      id: randomUUID(),
      label: input.label,
      providerUrl: input.providerUrl,
      ...(input.onezoneUrl ? { onezoneUrl: input.onezoneUrl } : {}),
      ...(input.caPath ? { caPath: input.caPath } : {}),
      spaces: report.spaces.filter((s) => s.canView !== false).map((s) => s.spaceId)
    }
    // The keychain first: an account whose token could not be stored is not saved.
    await this.vault.set(account.id, input.token)
    this.accounts.push(account)
    try {
      this.persist()
    } catch (err) {
      this.accounts.pop()
      await this.vault.delete(account.id).catch(() => false)
      throw err
    }
    this.log.info('account added', {
      accountId: account.id,
      provider: new URL(account.providerUrl).host
    })
    return { account, report }
  }

  /** The built-in demo provider: kept in memory only, with its token. */
  addDemo(account: Account, token: string): Account {
    this.accounts = this.accounts.filter((a) => a.id !== account.id)
    this.accounts.unshift({ ...account, demo: true })
    this.demoTokens.set(account.id, token)
    return account
  }

  async remove(id: string): Promise<void> {
    const account = this.get(id)
    if (!account.demo) await this.vault.delete(id)
    this.demoTokens.delete(id)
    this.accounts = this.accounts.filter((a) => a.id !== id)
    if (!account.demo) this.persist()
    this.log.info('account removed', { accountId: id })
  }

  async test(id: string): Promise<AccountReport> {
    const { account, token } = await this.credentials(id)
    return this.verify({ ...account, token })
  }

  setSpaces(id: string, spaceIds: string[]): Account {
    const account = this.get(id)
    account.spaces = [...new Set(spaceIds)]
    if (!account.demo) this.persist()
    return { ...account }
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
    return { account: { ...account }, token }
  }

  private get(id: string): Account {
    const account = this.accounts.find((a) => a.id === id)
    if (!account) throw new AppError('account.notFound', `No account with id ${id}.`)
    return account
  }

  private persist(): void {
    try {
      this.settings.save(this.accounts)
    } catch (err) {
      throw new AppError(
        'settings.writeFailed',
        `The settings could not be saved: ${(err as Error).message}`,
        { cause: err }
      )
    }
  }
}
