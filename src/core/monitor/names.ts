// Names of lanes, parallel boxes and tasks for executions, from the workflow schema revision in
// Onezone (when the account has one), looked up once per revision and kept for the run. The
// execution view shows them and notifications name lanes with them.
import type { ExecutionDetails } from '../../shared/execution'
import { emptyWorkflowNames, type WorkflowNames } from '../../shared/observations'
import type { OnezoneClient } from '../onedata'
import { workflowNames } from '../snapshots/names'

const RETRY_MS = 10 * 60_000

type Entry = { names: WorkflowNames } | { pending: Promise<void> } | { failedAt: number }

export class NamesCache {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly zone: () => Promise<OnezoneClient | undefined>,
    private readonly now: () => number,
    /** Called when the names asked for by this execution arrived. */
    private readonly arrived: (executionId: string) => void
  ) {}

  /** The names for these details, empty until known; asks Onezone once per revision. */
  get(d: ExecutionDetails): WorkflowNames {
    const key = `${d.atmInventoryId}|${d.name}|${d.lanes.map((l) => l.schemaId).join(',')}`
    const entry = this.entries.get(key)
    if (entry && 'names' in entry) return entry.names
    if (!entry || ('failedAt' in entry && this.now() - entry.failedAt > RETRY_MS)) {
      const pending = this.lookUp(key, d)
      this.entries.set(key, { pending })
    }
    return emptyWorkflowNames()
  }

  /** Resolves once no lookup is under way. */
  async settled(): Promise<void> {
    for (;;) {
      const pending = [...this.entries.values()].flatMap((e) => ('pending' in e ? [e.pending] : []))
      if (!pending.length) return
      await Promise.all(pending)
    }
  }

  /** The name of a lane (1-based), when known. */
  lane(d: ExecutionDetails, laneIndex: number): string | undefined {
    const schemaId = d.lanes[laneIndex - 1]?.schemaId
    return schemaId === undefined ? undefined : this.get(d).lanes[schemaId]
  }

  private async lookUp(key: string, d: ExecutionDetails): Promise<void> {
    try {
      const zone = await this.zone()
      const names = zone ? await workflowNames(zone, d) : undefined
      this.entries.set(key, names ? { names } : { names: emptyWorkflowNames() })
      if (names) this.arrived(d.atmWorkflowExecutionId)
    } catch {
      this.entries.set(key, { failedAt: this.now() })
    }
  }
}
