// Where the snapshot area is: the library, one snapshot opened offline, or a comparison.
import type { Request } from '../../../../shared/ipc'

export type SnapshotSource = Request<'snapshots.open'>['source']
export type CompareLater = Request<'snapshots.compare'>['after']

export type SnapshotRoute =
  | { view: 'library' }
  /** `fromList`: opened from a space's list (an execution the server no longer has), so
   *  going back returns to that list rather than to the library. */
  | { view: 'offline'; source: SnapshotSource; fromList?: true }
  | { view: 'compare'; before: SnapshotSource; after: CompareLater }
