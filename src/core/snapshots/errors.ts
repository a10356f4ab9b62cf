// Why a snapshot file could not be read or written: one id per kind, one sentence naming the file.
import { AppError } from '../errors'

export type SnapshotProblem =
  /** the file cannot be opened (missing, a folder, no permission) */
  | 'unreadable'
  /** another kind of file, perhaps renamed to .lanewatch */
  | 'foreign'
  | 'newerVersion'
  | 'unknownVersion'
  /** fewer bytes than the header announces */
  | 'truncated'
  /** the body's bytes are not the ones the header's SHA-256 describes */
  | 'checksum'
  /** the bytes are intact but do not make a valid snapshot */
  | 'invalid'
  | 'tooLarge'
  | 'writeFailed'

export class SnapshotError extends AppError {
  constructor(
    readonly problem: SnapshotProblem,
    readonly file: string,
    sentence: string,
    opts: { cause?: unknown } = {}
  ) {
    super(`snapshot.${problem}`, `${JSON.stringify(file)} ${sentence}`, opts)
  }
}

/** A system error's code (ENOENT …) in words a person knows. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a folder'
    case 'ENOSPC':
      return 'the disk is full'
    case 'EROFS':
      return 'the disk is read-only'
    default:
      return code ?? (err instanceof Error ? err.message : String(err))
  }
}

/** The first problem zod found, as `at execution.status: expected string`. */
export function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid'
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the top level'
  return `at ${where}: ${issue.message}`
}
