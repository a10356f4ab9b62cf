// A large, realistic snapshot made up from a seed: an execution of `lanes` × `runsPerLane` lane
// runs with parallel boxes and tasks, and an audit log of `entries` entries in the shapes a
// Oneprovider writes (run prefixes, severities, details, referenced tasks). Used by the snapshot
// benchmark and by tests that need a big file.
import type { AuditLogEntry, ExecutionDetails, LaneRun } from '../src/shared/execution'
import type { WorkflowNames } from '../src/shared/observations'
import type { Snapshot } from '../src/shared/snapshot'

export interface FixtureSize {
  lanes: number
  runsPerLane: number
  entries: number
  boxesPerLane?: number
  tasksPerBox?: number
}

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join('')
  return { next, hex, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! }
}

const RUN_END = ['finished', 'finished', 'finished', 'failed', 'cancelled'] as const

export function makeSnapshot(size: FixtureSize, seed = 1): Snapshot {
  const rng = random(seed)
  const boxes = size.boxesPerLane ?? 2
  const tasks = size.tasksPerBox ?? 3
  const names: WorkflowNames = { lanes: {}, parallelBoxes: {}, tasks: {} }
  let runNumber = 0
  const lanes = Array.from({ length: size.lanes }, (_, li) => {
    const schemaId = rng.hex(32)
    names.lanes[schemaId] =
      `Lane ${li + 1}: ${rng.pick(['Collect', 'Checksum', 'Publish', 'Index', 'Convert'])}`
    const boxSchemas = Array.from({ length: boxes }, (_, bi) => {
      const id = rng.hex(32)
      names.parallelBoxes[id] = `Box ${bi + 1}`
      const taskIds = Array.from({ length: tasks }, (_, ti) => {
        const tid = rng.hex(32)
        names.tasks[tid] = `task-${li + 1}-${bi + 1}-${ti + 1}`
        return tid
      })
      return { id, taskIds }
    })
    const runs: LaneRun[] = []
    for (let r = 0; r < size.runsPerLane; r++) {
      runNumber += 1
      const repeat = r === 0 ? null : runNumber - 1
      runs.unshift({
        runNumber,
        originRunNumber: repeat,
        runType: repeat === null ? 'regular' : rng.pick(['retry', 'rerun']),
        status: rng.pick(RUN_END),
        iteratedStoreId: rng.hex(32),
        exceptionStoreId: rng.hex(32),
        parallelBoxes: boxSchemas.map((b) => ({
          schemaId: b.id,
          taskRegistry: Object.fromEntries(b.taskIds.map((t) => [t, rng.hex(32)]))
        })),
        isRetriable: rng.next() < 0.3,
        isRerunable: true
      })
    }
    return { schemaId, runs }
  })
  const start = 1_760_000_000
  const execution: ExecutionDetails = {
    atmWorkflowExecutionId: rng.hex(32),
    atmWorkflowSchemaSnapshotId: rng.hex(32),
    name: 'bulk-checksum-and-publish',
    atmInventoryId: rng.hex(32),
    spaceId: rng.hex(32),
    userId: rng.hex(32),
    status: 'finished',
    scheduleTime: start,
    startTime: start + 2,
    suspendTime: 0,
    finishTime: start + 86_400,
    lambdaSnapshotRegistry: { [rng.hex(32)]: rng.hex(32) },
    storeRegistry: { [rng.hex(32)]: rng.hex(32) },
    systemAuditLogStoreId: rng.hex(32),
    lanes
  }
  const auditLog: AuditLogEntry[] = []
  let at = start * 1000
  for (let i = 0; i < size.entries; i++) {
    at += 1 + Math.floor(rng.next() * 800)
    const lane = 1 + Math.floor(rng.next() * size.lanes)
    const run = 1 + Math.floor(rng.next() * runNumber)
    const prefix = `[Lane: ${lane}, Run: ${run}]`
    const kind = rng.next()
    const entry: AuditLogEntry =
      kind < 0.85
        ? {
            index: String(i),
            timestamp: at,
            severity: 'info',
            content: {
              description: `${prefix} Started processing ${Math.floor(rng.next() * 5000)} items.`
            }
          }
        : kind < 0.97
          ? {
              index: String(i),
              timestamp: at,
              severity: 'info',
              content: { description: `${prefix} Stopped.`, details: { status: rng.pick(RUN_END) } }
            }
          : {
              index: String(i),
              timestamp: at,
              severity: 'critical',
              content: {
                description: `${prefix.slice(0, -1)}, PBox: 1, Task: 2] Exceeded allowed failed jobs threshold.`,
                referencedElements: { tasks: [rng.hex(32)] }
              }
            }
    auditLog.push(entry)
  }
  return {
    savedAt: at + 1000,
    provider: { host: 'op.example.org' },
    execution,
    observations: {
      execution: [{ status: 'active', at: start * 1000 + 2000 }],
      runs: [{ laneIndex: 1, runNumber: 1, status: 'active', at: start * 1000 + 3000 }]
    },
    names,
    auditLog
  }
}
