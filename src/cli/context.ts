// Where a command gets its provider, token and CA, and how it prints.
import { Accounts } from '../core/accounts/accounts'
import { KeychainVault } from '../core/accounts/vault'
import { clientFor } from '../core/accounts/client'
import { AppError } from '../core/errors'
import { createFileLogger } from '../core/log'
import { OnezoneClient, type OneproviderClient } from '../core/onedata'
import { readCa } from '../core/accounts/verify'
import { onezoneUrlOf } from '../core/schedule'
import { defaultDataDir } from '../core/paths'
import { LANE_INDEX_MAX, RUN_NUMBER_MAX } from '../shared/execution'
import { REVISION_NUMBER_MAX } from '../shared/schedule'
import type { CliIo } from './io'
import { UsageError } from './io'
import { cleanJson, cleanText } from './text'

export type Flags = Record<string, string | boolean | undefined>

/** The range of every number a command takes: [lowest, highest]. */
export const BOUNDS = {
  limit: [1, 1000],
  lane: [1, LANE_INDEX_MAX],
  run: [1, RUN_NUMBER_MAX],
  revision: [1, REVISION_NUMBER_MAX],
  /** seconds between two readings of `watch` (at most a day: timers hold about 24.8 days) */
  interval: [0.05, 86_400],
  /** seconds one request may take, headers, body and retries together */
  timeout: [1, 3_600]
} as const satisfies Record<string, readonly [number, number]>

export class Context {
  private client?: Promise<OneproviderClient>
  private zone?: Promise<OnezoneClient | undefined>
  private store?: Promise<Accounts>
  /** What the provider client was made from, to reach the same user's Onezone. */
  private origin?: { token: string; caPath?: string; onezoneUrl?: string }

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
    this.io.out(this.json ? cleanJson(value) : human())
  }

  /** A remark on stderr that does not change the outcome (e.g. an unreadable answer). */
  note(text: string | undefined): void {
    if (text) this.io.err(`lanewatch: ${cleanText(text)}`)
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

  /** A whole number option within its BOUNDS, or undefined when absent. */
  integer(name: keyof typeof BOUNDS): number | undefined {
    const v = this.string(name)
    if (v === undefined) return undefined
    const [min, max] = BOUNDS[name]
    const n = Number(v)
    if (!/^-?\d+$/.test(v) || n < min || n > max)
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${v}"`)
    return n
  }

  /** A number of seconds (decimals allowed) within its BOUNDS, or undefined when absent. */
  seconds(name: keyof typeof BOUNDS): number | undefined {
    const v = this.string(name)
    if (v === undefined) return undefined
    const [min, max] = BOUNDS[name]
    const n = Number(v)
    if (!/^\d+(\.\d+)?$/.test(v) || n < min || n > max)
      throw new UsageError(
        `--${name} must be a number of seconds from ${min} to ${max}, got "${v}"`
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

  /**
   * A client for the user's Onezone: --onezone (or LANEWATCH_ONEZONE), the account's, else the
   * one the provider names in its configuration; undefined when there is none. Same token and CA
   * as the provider.
   */
  onezone(): Promise<OnezoneClient | undefined> {
    this.zone ??= this.provider().then(async (provider) => {
      const url = await onezoneUrlOf(provider, this.origin?.onezoneUrl)
      if (!url || !this.origin) return undefined
      const { token, caPath } = this.origin
      return new OnezoneClient({ url, token, ca: readCa(caPath).ca })
    })
    return this.zone
  }

  private accountRef(): string | undefined {
    const ref = this.string('account') ?? this.io.env.LANEWATCH_ACCOUNT
    return ref && !this.string('provider') ? ref : undefined
  }

  private credentials?: ReturnType<Accounts['credentials']>

  private accountCredentials(): ReturnType<Accounts['credentials']> {
    this.credentials ??= this.accounts().then((store) =>
      store.credentials(store.find(this.accountRef()!).id)
    )
    return this.credentials
  }

  private async makeClient(): Promise<OneproviderClient> {
    if (this.accountRef()) {
      const { account, token } = await this.accountCredentials()
      const caPath = this.string('ca') ?? account.caPath
      this.origin = { token, caPath, onezoneUrl: this.string('onezone') ?? account.onezoneUrl }
      return this.clientFromFlags(account.providerUrl, token, caPath)
    }
    const url = this.string('provider') ?? this.io.env.LANEWATCH_PROVIDER
    if (!url)
      throw new UsageError(
        'no provider: pass --account LABEL, or --provider URL (or set LANEWATCH_PROVIDER)'
      )
    const token = this.io.env.LANEWATCH_TOKEN
    if (!token)
      throw new UsageError('no token: set LANEWATCH_TOKEN (tokens are not taken as arguments)')
    const caPath = this.string('ca') ?? this.io.env.LANEWATCH_CA
    this.origin = {
      token,
      caPath,
      onezoneUrl: this.string('onezone') ?? this.io.env.LANEWATCH_ONEZONE
    }
    return this.clientFromFlags(url, token, caPath)
  }

  /** An unreadable CA file given on the command line is a usage error (exit 2). */
  private clientFromFlags(
    url: string,
    token: string,
    caPath: string | undefined
  ): OneproviderClient {
    const timeout = this.seconds('timeout')
    const deadlines =
      timeout === undefined
        ? {}
        : { readDeadlineMs: timeout * 1000, writeDeadlineMs: timeout * 1000 }
    try {
      return clientFor(url, token, caPath, deadlines)
    } catch (err) {
      if (err instanceof AppError && err.id === 'account.caUnreadable')
        throw new UsageError(err.description)
      throw err
    }
  }

  async close(): Promise<void> {
    await this.client?.then((c) => c.close()).catch(() => undefined)
    await this.zone?.then((z) => z?.close()).catch(() => undefined)
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
