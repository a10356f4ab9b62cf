// Where tokens live: the OS keychain through keytar (service "lanewatch", account = the account
// id). Behind a small interface so another store is one file plus a migration. There is no
// fallback to a file: an unavailable keychain is an error that says what to install.
import { AppError } from '../errors'

export interface TokenVault {
  get(accountId: string): Promise<string | null>
  set(accountId: string, token: string): Promise<void>
  delete(accountId: string): Promise<boolean>
}

export const KEYCHAIN_SERVICE = 'lanewatch'

type Keytar = typeof import('keytar')

function keychainAdvice(): string {
  switch (process.platform) {
    case 'linux':
      return 'Lanewatch keeps tokens in the Secret Service: install and unlock gnome-keyring (or KWallet), and make sure a D-Bus session is running.'
    case 'darwin':
      return 'Lanewatch keeps tokens in the macOS Keychain: unlock your login keychain.'
    default:
      return 'Lanewatch keeps tokens in the Windows Credential Manager.'
  }
}

export function keychainUnavailable(cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new AppError(
    'keychain.unavailable',
    `The OS keychain is not available (${reason}). ${keychainAdvice()} Tokens are never written to a file instead.`,
    { cause }
  )
}

export class KeychainVault implements TokenVault {
  private keytar?: Promise<Keytar>

  constructor(private readonly service = KEYCHAIN_SERVICE) {}

  private load(): Promise<Keytar> {
    this.keytar ??= import('keytar').then(
      (m) => ((m as { default?: Keytar }).default ?? m) as Keytar
    )
    return this.keytar
  }

  private async use<T>(work: (k: Keytar) => Promise<T>): Promise<T> {
    let keytar: Keytar
    try {
      keytar = await this.load()
    } catch (err) {
      this.keytar = undefined
      throw keychainUnavailable(err)
    }
    try {
      return await work(keytar)
    } catch (err) {
      throw keychainUnavailable(err)
    }
  }

  get(accountId: string): Promise<string | null> {
    return this.use((k) => k.getPassword(this.service, accountId))
  }
  set(accountId: string, token: string): Promise<void> {
    return this.use((k) => k.setPassword(this.service, accountId, token))
  }
  delete(accountId: string): Promise<boolean> {
    return this.use((k) => k.deletePassword(this.service, accountId))
  }
}

/** Tokens held only in memory: the demo provider's, and tests that do not need the keychain. */
export class MemoryVault implements TokenVault {
  private readonly tokens = new Map<string, string>()
  async get(accountId: string) {
    return this.tokens.get(accountId) ?? null
  }
  async set(accountId: string, token: string) {
    this.tokens.set(accountId, token)
  }
  async delete(accountId: string) {
    return this.tokens.delete(accountId)
  }
}
