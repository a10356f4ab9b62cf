// Where the snapshot area is: the library, one snapshot opened offline, or a comparison.
import type { Request } from '../../../../shared/ipc'

export type SnapshotSource = Request<'snapshots.open'>['source']
export type CompareLater = Request<'snapshots.compare'>['after']

export type SnapshotRoute =
  | { view: 'library' }
  | { view: 'offline'; source: SnapshotSource }
  | { view: 'compare'; before: SnapshotSource; after: CompareLater }
