// The snapshot library as the window shows it: loaded through the contract, reloaded when the
// history changes (a save, an automatic save, a delete).
import type { Library } from '../../../../shared/snapshot-library'
import { bridge, call } from '../api'
import { Loadable } from '../loadable.svelte'

export class LibraryState extends Loadable<Library> {
  start(): () => void {
    void this.reload()
    return bridge().on('snapshots:changed', () => void this.reload())
  }

  reload(): Promise<void> {
    return this.load(() => call(bridge().snapshots.list({})))
  }
}
