import type { TokenVault } from '../core/accounts/vault'

// What a command needs from the outside world, so the CLI runs in-process in tests.
export interface CliIo {
  out(text: string): void
  err(text: string): void
  env: Record<string, string | undefined>
  /** Resolves after `ms`, or early when the run is interrupted. */
  sleep(ms: number): Promise<void>
  /** True once the user asked a long-running command to stop (Ctrl-C). */
  interrupted?(): boolean
  /** All of standard input (for `accounts add --token-stdin`). */
  readStdin?(): Promise<string>
  /** Where tokens are kept; the OS keychain unless a test says otherwise. */
  vault?: TokenVault
}

/** Wrong or missing arguments: exit code 2. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, refused: 1, usage: 2, network: 3, watchEndedBadly: 4 } as const
