// Executions as JSON: the REST details of spec §2.3 (op-worker's rest translator and run_to_json)
// and the control API's view of what REST does not show (task records, stopping reasons, holds).
import { workflowPhase } from '../../shared/statuses'
import type { HoldBook } from './holds'
import type { Execution, Run } from './model'

export function repeatability(
  e: Execution,
  run: Run
): { isRetriable: boolean; isRerunable: boolean } {
  const ended = workflowPhase(e.status) === 'ended' && e.status !== 'crashed'
  return {
    isRetriable: ended && run.status === 'failed' && run.stoppingReason === undefined,
    isRerunable: ended && ['finished', 'failed', 'cancelled'].includes(run.status)
  }
}

export function boxesJson(run: Run) {
  return run.boxes.map((box) => ({
    schemaId: box.schemaId,
    taskRegistry: Object.fromEntries(box.tasks.map((t) => [t.schemaId, t.executionId]))
  }))
}

export function runJson(e: Execution, run: Run) {
  return {
    runNumber: run.runNumber,
    originRunNumber: run.originRunNumber,
    runType: run.runType,
    status: run.status,
    iteratedStoreId: run.iteratedStoreId,
    exceptionStoreId: run.exceptionStoreId,
    parallelBoxes: boxesJson(run),
    ...repeatability(e, run)
  }
}

/** The execution as `GET /automation/execution/workflows/{id}` returns it. */
export function details(e: Execution): Record<string, unknown> {
  return {
    atmWorkflowExecutionId: e.id,
    atmWorkflowSchemaSnapshotId: e.id,
    name: e.schema.name,
    atmInventoryId: e.schema.inventoryId,
    spaceId: e.spaceId,
    userId: e.userId,
    status: e.status,
    scheduleTime: e.scheduleTime,
    startTime: e.startTime,
    suspendTime: e.suspendTime,
    finishTime: e.finishTime,
    lambdaSnapshotRegistry: e.lambdaSnapshotRegistry,
    storeRegistry: e.storeRegistry,
    systemAuditLogStoreId: e.systemAuditLogStoreId,
    lanes: e.lanes.map((lane) => ({
      schemaId: lane.def.id,
      runs: lane.runs.map((run) => runJson(e, run))
    }))
  }
}

/** `GET /__simulator/executions/{id}`: the task records and reasons op-worker keeps internally. */
export function controlView(e: Execution, holds: HoldBook) {
  return {
    id: e.id,
    status: e.status,
    currentLane: e.currentLane + 1,
    currentRun: e.currentRunNum,
    lanes: e.lanes.map((lane, i) => ({
      index: i + 1,
      name: lane.def.name,
      retriesLeft: lane.retriesLeft,
      runs: lane.runs.map((run) => ({
        runNumber: run.runNumber,
        status: run.status,
        stoppingReason: run.stoppingReason ?? null,
        itemsWaiting: run.queue.length,
        boxes: run.boxes.map((box, b) => ({
          name: lane.def.boxes[b]?.name,
          tasks: box.tasks.map((t) => ({
            name: t.name,
            id: t.executionId,
            status: t.status,
            stoppingReason: t.stoppingReason ?? null,
            itemsInProcessing: t.inProcessing,
            itemsProcessed: t.processed,
            itemsFailed: t.failed
          }))
        }))
      }))
    })),
    held: holds.list().held.filter((h) => h.execution === e.id)
  }
}
