// Execution details built in a few words, for unit tests of what the monitor derives from them.
import type { ExecutionDetails, LaneRun } from '../../src/shared/execution'

export function run(
  runNumber: number | null,
  status: string,
  extra: Partial<LaneRun> = {}
): LaneRun {
  return {
    runNumber,
    originRunNumber: null,
    runType: 'regular',
    status,
    iteratedStoreId: null,
    exceptionStoreId: null,
    parallelBoxes: [],
    isRetriable: false,
    isRerunable: false,
    ...extra
  }
}

/** Details with lanes given as lists of runs, newest first as the server sends them. */
export function details(
  status: string,
  lanes: LaneRun[][],
  extra: Partial<ExecutionDetails> = {}
): ExecutionDetails {
  return {
    atmWorkflowExecutionId: 'wid',
    atmWorkflowSchemaSnapshotId: 'wid',
    name: 'variant-calling',
    atmInventoryId: 'inv',
    spaceId: 'space',
    userId: 'user',
    status,
    scheduleTime: 100,
    startTime: 110,
    suspendTime: 0,
    finishTime: 0,
    lambdaSnapshotRegistry: {},
    storeRegistry: {},
    systemAuditLogStoreId: 'log',
    lanes: lanes.map((runs, i) => ({ schemaId: `lane${i + 1}`, runs })),
    ...extra
  }
}
