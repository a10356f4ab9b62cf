// Where tokens live: the OS keychain through keytar (service "lanewatch", account = the account
// id). Behind a small interface so another store is one file plus a migration. keytar is an
// optional dependency loaded on first use: without it the app and the CLI still run (the demo
// provider needs no keychain), and adding an account says what to install. There is no fallback
// to a file.
import { createRequire } from 'node:module'
import { AppError } from '../errors'
import { keychainModuleAdvice, keychainServiceAdvice } from './keychain-advice'

export interface TokenVault {
  /** Resolves when tokens can be stored; otherwise rejects with what to install or start. */
  check(): Promise<void>
  get(accountId: string): Promise<string | null>
  set(accountId: string, token: string): Promise<void>
  delete(accountId: string): Promise<boolean>
  /** The ids of every account with a token under this vault's service. */
  ids(): Promise<string[]>
  /** Marks a token as held for one settings file (its path), so only that file's start removes it. */
  claim(accountId: string, owner: string): Promise<void>
  /** The settings file each marked token was claimed for, by account id. */
  owners(): Promise<Map<string, string>>
}

export const KEYCHAIN_SERVICE = 'lanewatch'
/** Where the owners' marks live: beside the tokens, so they outlive a settings file set aside. */
export const KEYCHAIN_OWNER_SERVICE = `${KEYCHAIN_SERVICE}-owner`

/** The part of keytar Lanewatch uses (declared here so nothing needs keytar to type-check). */
interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<{ account: string; password: string }[]>
}

const reasonOf = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause))

export function keychainModuleMissing(cause: unknown): AppError {
  const notInstalled = (cause as NodeJS.ErrnoException | undefined)?.code === 'MODULE_NOT_FOUND'
  return new AppError(
    'keychain.moduleMissing',
    `Lanewatch cannot use the OS keychain: its keytar module ${notInstalled ? 'is not installed' : `could not be loaded (${reasonOf(cause).split('\n')[0]})`}. ${keychainModuleAdvice()} The demo provider works without it; tokens are never written to a file instead.`,
    { cause }
  )
}

export function keychainUnavailable(cause: unknown): AppError {
  return new AppError(
    'keychain.unavailable',
    `The OS keychain is not available (${reasonOf(cause)}). ${keychainServiceAdvice()} Tokens are never written to a file instead.`,
    { cause }
  )
}

/** Loads keytar through Node's own require, so a missing or broken build is an ordinary error. */
function loadKeytar(): Keytar {
  return createRequire(__filename)('keytar') as Keytar
}

/**
 * This process's keychain calls, one at a time: keytar's listing dereferences a missing secret
 * (and takes the process down) when an item it found is rewritten or deleted before it is read.
 */
let keychainQueue: Promise<unknown> = Promise.resolve()
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = keychainQueue.then(work, work)
  keychainQueue = run.catch(() => undefined)
  return run
}

export class KeychainVault implements TokenVault {
  private keytar?: Keytar

  private readonly ownerService: string

  constructor(private readonly service = KEYCHAIN_SERVICE) {
    this.ownerService = `${service}-owner`
  }

  private load(): Keytar {
    if (this.keytar) return this.keytar
    try {
      this.keytar = loadKeytar()
    } catch (err) {
      throw keychainModuleMissing(err)
    }
    return this.keytar
  }

  private async use<T>(work: (k: Keytar) => Promise<T>): Promise<T> {
    const keytar = this.load()
    try {
      return await oneAtATime(() => work(keytar))
    } catch (err) {
      throw keychainUnavailable(err)
    }
  }

  async check(): Promise<void> {
    // Reading a token that does not exist proves the module loads and a keychain answers.
    await this.use((k) => k.getPassword(this.service, 'lanewatch-availability-check'))
  }
  get(accountId: string): Promise<string | null> {
    return this.use((k) => k.getPassword(this.service, accountId))
  }
  set(accountId: string, token: string): Promise<void> {
    return this.use((k) => k.setPassword(this.service, accountId, token))
  }
  delete(accountId: string): Promise<boolean> {
    return this.use(async (k) => {
      const deleted = await k.deletePassword(this.service, accountId)
      await k.deletePassword(this.ownerService, accountId)
      return deleted
    })
  }
  ids(): Promise<string[]> {
    return this.use(async (k) => (await k.findCredentials(this.service)).map((c) => c.account))
  }
  claim(accountId: string, owner: string): Promise<void> {
    return this.use((k) => k.setPassword(this.ownerService, accountId, owner))
  }
  owners(): Promise<Map<string, string>> {
    return this.use(
      async (k) =>
        new Map((await k.findCredentials(this.ownerService)).map((c) => [c.account, c.password]))
    )
  }
}

/** Tokens held only in memory: the harness without --keychain, and tests. */
export class MemoryVault implements TokenVault {
  private readonly tokens = new Map<string, string>()
  private readonly marks = new Map<string, string>()
  async check() {}
  async get(accountId: string) {
    return this.tokens.get(accountId) ?? null
  }
  async set(accountId: string, token: string) {
    this.tokens.set(accountId, token)
  }
  async delete(accountId: string) {
    this.marks.delete(accountId)
    return this.tokens.delete(accountId)
  }
  async ids() {
    return [...this.tokens.keys()]
  }
  async claim(accountId: string, owner: string) {
    this.marks.set(accountId, owner)
  }
  async owners() {
    return new Map(this.marks)
  }
}
