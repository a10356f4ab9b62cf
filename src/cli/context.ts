// Where a command gets its provider, token and CA, and how it prints.
import { Accounts } from '../core/accounts/accounts'
import { KeychainVault } from '../core/accounts/vault'
import { clientFor } from '../core/accounts/client'
import { AppError } from '../core/errors'
import { createFileLogger } from '../core/log'
import type { OneproviderClient } from '../core/onedata'
import { defaultDataDir } from '../core/paths'
import type { CliIo } from './io'
import { UsageError } from './io'

export type Flags = Record<string, string | boolean | undefined>

export class Context {
  private client?: Promise<OneproviderClient>
  private store?: Promise<Accounts>

  constructor(
    readonly io: CliIo,
    readonly flags: Flags,
    readonly positionals: string[]
  ) {}

  get json(): boolean {
    return this.flags.json === true
  }

  /** Prints a value as JSON (with --json) or as the given human text. */
  print(value: unknown, human: () => string): void {
    this.io.out(this.json ? JSON.stringify(value, null, 2) : human())
  }

  string(name: string): string | undefined {
    const v = this.flags[name]
    return typeof v === 'string' ? v : undefined
  }

  required(name: string): string {
    const v = this.string(name)
    if (v === undefined || v === '') throw new UsageError(`--${name} is required`)
    return v
  }

  /** A whole number option within bounds, or undefined when absent. */
  integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.string(name)
    if (v === undefined) return undefined
    const n = Number(v)
    if (!/^-?\d+$/.test(v) || n < min || n > max)
      throw new UsageError(
        `--${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got "${v}"`
      )
    return n
  }

  arg(index: number, what: string): string {
    const v = this.positionals[index]
    if (!v) throw new UsageError(`missing ${what}`)
    return v
  }

  /**
   * The accounts in the app's data folder (tokens in the OS keychain), after the start-up repair;
   * what it found (a damaged file moved aside, an unusable entry, a missing token) goes to stderr
   * once per run.
   */
  accounts(): Promise<Accounts> {
    this.store ??= (async () => {
      const dataDir = defaultDataDir(this.io.env)
      const store = new Accounts(
        dataDir,
        this.io.vault ?? new KeychainVault(),
        createFileLogger(dataDir)
      )
      for (const notice of await store.open()) this.io.err(`lanewatch: ${notice}`)
      return store
    })()
    return this.store
  }

  /** A client from --account, or from --provider / LANEWATCH_PROVIDER and LANEWATCH_TOKEN. */
  provider(): Promise<OneproviderClient> {
    this.client ??= this.makeClient()
    return this.client
  }

  private async makeClient(): Promise<OneproviderClient> {
    const accountRef = this.string('account') ?? this.io.env.LANEWATCH_ACCOUNT
    if (accountRef && !this.string('provider')) {
      const store = await this.accounts()
      const { account, token } = await store.credentials(store.find(accountRef).id)
      return this.clientFromFlags(account.providerUrl, token, this.string('ca') ?? account.caPath)
    }
    const url = this.string('provider') ?? this.io.env.LANEWATCH_PROVIDER
    if (!url)
      throw new UsageError(
        'no provider: pass --account LABEL, or --provider URL (or set LANEWATCH_PROVIDER)'
      )
    const token = this.io.env.LANEWATCH_TOKEN
    if (!token)
      throw new UsageError('no token: set LANEWATCH_TOKEN (tokens are not taken as arguments)')
    return this.clientFromFlags(url, token, this.string('ca') ?? this.io.env.LANEWATCH_CA)
  }

  /** An unreadable CA file given on the command line is a usage error (exit 2). */
  private clientFromFlags(
    url: string,
    token: string,
    caPath: string | undefined
  ): OneproviderClient {
    try {
      return clientFor(url, token, caPath)
    } catch (err) {
      if (err instanceof AppError && err.id === 'account.caUnreadable')
        throw new UsageError(err.description)
      throw err
    }
  }

  async close(): Promise<void> {
    await this.client?.then((c) => c.close()).catch(() => undefined)
  }
}

const ENTITY_ID = /^[0-9a-f]{32}ch[0-9a-f]{4}$/

/** A space given by id, or by its name among the user's spaces. */
export async function resolveSpace(ctx: Context, given: string): Promise<string> {
  if (ENTITY_ID.test(given)) return given
  const spaces = await (await ctx.provider()).listSpaces()
  const found = spaces.filter((s) => s.name.toLowerCase() === given.toLowerCase())
  if (found.length === 1) return found[0]!.spaceId
  if (found.length > 1)
    throw new UsageError(`several spaces are named "${given}"; use the space id`)
  const names = spaces.map((s) => `"${s.name}"`).join(', ') || 'none'
  throw new UsageError(`no space named "${given}" (your spaces: ${names})`)
}
