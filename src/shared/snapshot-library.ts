// What the app's snapshot channels answer: the local history (the library), a snapshot opened
// for offline review, and a comparison. Plain data, safe to send to the window (no paths beyond
// a file's own name, never a token).
import type { ExecutionDetails } from './execution'
import type { ExecutionState } from './monitor-state'
import type { Comparison } from './snapshot-diff'

/** One file in the local history, from its header (the body is read only when opened). */
export interface LibraryEntry {
  /** The file's name in the history folder: how the window names it. */
  file: string
  bytes: number
  executionId: string
  name: string
  status: string
  providerHost: string
  /** ms since the epoch. */
  savedAt: number
}

/** A file in the history folder that is not a readable snapshot, with the reason. */
export interface LibraryProblem {
  file: string
  reason: string
}

export interface Library {
  /** Newest first. */
  entries: LibraryEntry[]
  problems: LibraryProblem[]
}

/** An execution of an account that the local history holds, for the list's "saved" mark. */
export interface SavedExecution {
  executionId: string
  /** The newest snapshot of it: when it was saved and its file in the history. */
  savedAt: number
  file: string
}

/** An execution the server no longer lists, reviewable from its newest snapshot in the history. */
export interface GoneExecution extends SavedExecution {
  /** Its details as the snapshot holds them (checked like any snapshot that is opened). */
  details: ExecutionDetails
}

/** How the execution view marks a snapshot opened for offline review. */
export interface OfflineMark {
  /** ISO 8601. */
  savedAt: string
  fileName: string
  providerHost: string
}

/** A snapshot opened for review: what the execution view shows, and its offline mark. */
export interface OpenedSnapshot {
  state: ExecutionState
  offline: OfflineMark
}

/** One side of a comparison as the compare view labels it. */
export interface ComparedSide {
  /** "live" for the execution as the monitor has it now. */
  label: string
  /** ms since the epoch: the snapshot's saved time, or when the details were read. */
  at: number
  status: string
}

export interface SnapshotComparison {
  comparison: Comparison
  before: ComparedSide
  after: ComparedSide & { state: ExecutionState }
}

/** What a save answers: the history's entry, and the chosen file's name when one was chosen. */
export type SavedSnapshot =
  { saved: true; entry: LibraryEntry; copiedTo?: string; warnings: string[] } | { saved: false }

/** A snapshot file from outside the history, as the window knows it: a handle and its name. */
export interface OutsideSnapshotFile {
  handle: string
  fileName: string
}
