// What a command needs from the outside world, so the CLI runs in-process in tests.
export interface CliIo {
  out(text: string): void
  err(text: string): void
  env: Record<string, string | undefined>
  /** Resolves after `ms`, or early when the run is interrupted. */
  sleep(ms: number): Promise<void>
}

/** Wrong or missing arguments: exit code 2. */
export class UsageError extends Error {}

/** The rules already know the server would refuse: exit code 1, no request made. */
export class RefusedError extends Error {}

export const EXIT = { ok: 0, refused: 1, usage: 2, network: 3, watchEndedBadly: 4 } as const
