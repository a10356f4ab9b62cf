// A .lanewatch file dropped anywhere on the window opens offline. The page cannot see paths: in
// the app the preload gives the dropped file's path, which main checks before reading it.
import type { OutsideSnapshotFile } from '../../../../shared/snapshot-library'
import { bridge, call } from '../api'

/** The first dropped file that looks like a snapshot, if any. */
export function droppedSnapshot(files: FileList | null | undefined): File | undefined {
  return [...(files ?? [])].find((f) => f.name.toLowerCase().endsWith('.lanewatch'))
}

/**
 * Listens for drops on the window; each snapshot dropped is admitted and handed to `onopen`,
 * anything else to `onerror` with a sentence. Returns the way to stop listening.
 */
export function acceptDroppedSnapshots(
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>,
  onopen: (file: OutsideSnapshotFile) => void,
  onerror: (message: string) => void
): () => void {
  const over = (e: DragEvent) => {
    if ([...(e.dataTransfer?.types ?? [])].includes('Files')) e.preventDefault()
  }
  const drop = (e: DragEvent) => {
    if (!e.dataTransfer?.files.length) return
    e.preventDefault()
    const file = droppedSnapshot(e.dataTransfer.files)
    if (!file) return onerror('Only Lanewatch snapshots (.lanewatch files) can be dropped here.')
    const path = bridge().pathForFile?.(file) ?? ''
    if (!path) return onerror(`${file.name} cannot be opened here: its location is not known.`)
    call(bridge().snapshots.admit({ path })).then(onopen, (err: unknown) =>
      onerror(err instanceof Error ? err.message : String(err))
    )
  }
  target.addEventListener('dragover', over)
  target.addEventListener('drop', drop)
  return () => {
    target.removeEventListener('dragover', over)
    target.removeEventListener('drop', drop)
  }
}
