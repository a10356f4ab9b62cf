// Past durations of the lanes of a workflow, from what the monitor saw of earlier executions of
// the same workflow (same name and inventory: REST details carry no schema id): each lane run
// from the moment it was seen active to the moment it was seen stopped.
import type { LaneDurationSample } from '../../shared/monitor-state'
import type { Observations } from '../../shared/observations'
import { isLaneRunStopped } from '../../shared/statuses'
import type { ExecutionEntry } from './store'

const MAX_SAMPLES = 200

/** Run durations of one execution's observations. */
export function runDurations(executionId: string, o: Observations): LaneDurationSample[] {
  const started = new Map<string, number>()
  const samples: LaneDurationSample[] = []
  for (const r of o.runs) {
    const key = `${r.laneIndex}:${r.runNumber}`
    if (r.status === 'active') {
      if (!started.has(key)) started.set(key, r.at)
    } else if (isLaneRunStopped(r.status) && started.has(key)) {
      samples.push({
        executionId,
        laneIndex: r.laneIndex,
        runNumber: r.runNumber,
        status: r.status,
        durationMs: r.at - started.get(key)!,
        endedAt: r.at
      })
      started.delete(key)
    }
  }
  return samples
}

/** Samples from other executions of the same workflow, most recent first. */
export function laneSamples(
  executions: Iterable<[string, ExecutionEntry]>,
  of: { executionId: string; name: string; inventoryId: string }
): LaneDurationSample[] {
  const samples: LaneDurationSample[] = []
  for (const [id, e] of executions) {
    if (id === of.executionId || !e.details) continue
    if (e.details.name !== of.name || e.details.atmInventoryId !== of.inventoryId) continue
    samples.push(...runDurations(id, e.observations))
  }
  return samples.sort((a, b) => b.endedAt - a.endedAt).slice(0, MAX_SAMPLES)
}
