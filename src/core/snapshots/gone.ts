// Executions a space's server list no longer has (the provider's retention deleted them, or
// someone did) but the local history holds: the list shows them marked "saved". An execution
// counts as gone only when the monitor has read every page of every phase of that space;
// otherwise it cannot tell gone from not yet listed, and says nothing.
import type { ExecutionDetails } from '../../shared/execution'
import type { PhaseIds } from '../../shared/monitor-state'
import type { GoneExecution } from '../../shared/snapshot-library'
import { PHASES, type Phase } from '../../shared/statuses'
import type { Logger } from '../log'
import type { SnapshotLibrary } from './library'
import { loadSnapshot } from './read'

/** Snapshots opened per answer at most: the newest ones first. */
export const GONE_MAX = 500
/** Details kept by file name; history files never change once written. */
const CACHE_MAX = 2000

export interface ListedIds {
  ids(accountId: string, spaceId: string, phase: Phase): PhaseIds
  host(accountId: string): string
}

export class GoneExecutions {
  private readonly cache = new Map<string, ExecutionDetails | null>()

  constructor(
    private readonly library: SnapshotLibrary,
    private readonly monitor: ListedIds,
    private readonly log: Logger
  ) {}

  async of(accountId: string, spaceId: string): Promise<GoneExecution[]> {
    const listed = new Set<string>()
    for (const phase of PHASES) {
      const list = this.monitor.ids(accountId, spaceId, phase)
      if (!list.complete) return []
      for (const id of list.ids) listed.add(id)
    }
    const saved = await this.library.saved(this.monitor.host(accountId))
    const gone: GoneExecution[] = []
    for (const s of saved.filter((e) => !listed.has(e.executionId)).slice(0, GONE_MAX)) {
      const details = await this.details(s.file)
      if (details?.spaceId === spaceId) gone.push({ ...s, details })
    }
    return gone
  }

  /** The snapshot's details, fully checked; null for a file that cannot be opened. */
  private async details(file: string): Promise<ExecutionDetails | null> {
    const known = this.cache.get(file)
    if (known !== undefined) return known
    let details: ExecutionDetails | null = null
    try {
      details = (await loadSnapshot(this.library.pathOf(file))).snapshot.execution
    } catch (err) {
      this.log.warn('snapshot in the history not readable', { file, error: String(err) })
    }
    if (this.cache.size >= CACHE_MAX) this.cache.clear()
    this.cache.set(file, details)
    return details
  }
}
