// Deterministic data for the gallery: a big list of executions in every state, and a Onezone
// with inventories, workflow schemas and a revision whose stores need content.
import type { ListRow } from '../../src/renderer/src/lib/list/columns'
import type { ScheduleLoaders } from '../../src/renderer/src/lib/schedule/form.svelte'
import type { ExecutionDetails } from '../../src/shared/execution'

export const NOW = 1_790_000_000
const STATUSES = ['active', 'finished', 'failed', 'paused', 'scheduled', 'cancelled', 'teleporting']
const NAMES = ['checksum-and-publish', 'variant-calling', 'thumbnail-generation', 'archive']

export function executions(count: number, loaded: number): ListRow[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}${'0'.repeat(24)}ch1a2b`
    if (i >= loaded)
      return i % 97 === 5 ? { id, error: 'You may not read this execution (forbidden).' } : { id }
    const status = STATUSES[i % STATUSES.length]!
    const start = NOW - 600 * (i + 1)
    const details: ExecutionDetails = {
      atmWorkflowExecutionId: id,
      atmWorkflowSchemaSnapshotId: id,
      name: NAMES[i % NAMES.length]!,
      atmInventoryId: 'inv',
      spaceId: 'space',
      userId: i % 3 ? 'me' : 'a-colleague-00001',
      status,
      scheduleTime: start - 20,
      startTime: status === 'scheduled' ? 0 : start,
      suspendTime: status === 'paused' ? start + 300 : 0,
      finishTime: ['finished', 'failed', 'cancelled'].includes(status) ? start + 420 : 0,
      lambdaSnapshotRegistry: {},
      storeRegistry: {},
      systemAuditLogStoreId: null,
      lanes: [1, 2, 3].map((lane) => ({
        schemaId: `lane${lane}`,
        runs:
          lane <= 1 + (i % 3)
            ? [
                {
                  runNumber: 1,
                  originRunNumber: null,
                  runType: 'regular',
                  status: 'finished',
                  iteratedStoreId: null,
                  exceptionStoreId: null,
                  parallelBoxes: [],
                  isRetriable: false,
                  isRerunable: false
                }
              ]
            : []
      }))
    }
    return { id, details }
  })
}

export const loaders: ScheduleLoaders = {
  inventories: async () => [
    { atmInventoryId: 'inv', name: 'Main inventory' },
    { atmInventoryId: 'inv2', name: 'Imaging' }
  ],
  workflows: async () => [
    {
      atmWorkflowSchemaId: 'w1',
      name: 'checksum-and-publish',
      summary: 'Hashes every file, then publishes the dataset',
      atmInventoryId: 'inv',
      revisions: [
        { revisionNumber: 3, state: 'draft' },
        { revisionNumber: 2, state: 'stable', description: 'Faster hashing' }
      ]
    },
    {
      atmWorkflowSchemaId: 'w2',
      name: 'variant-calling',
      summary: 'Aligns reads and calls variants',
      atmInventoryId: 'inv',
      revisions: [{ revisionNumber: 1, state: 'stable' }]
    }
  ],
  revision: async (schemaId, revisionNumber) => ({
    atmWorkflowSchemaId: schemaId,
    revisionNumber,
    laneNames: ['Hash', 'Publish'],
    stores: [
      {
        id: '7e9c614662cbc5fdf24d5ef3712268b92ffcfb',
        name: 'Input files',
        type: 'list',
        config: { itemDataSpec: { type: 'file', fileType: 'REG' } },
        requiresInitialContent: true,
        defaultInitialContent: null
      },
      {
        id: '1bb32f4a415f4ba5b8ddd46946815681ea5197',
        name: 'Threads',
        type: 'singleValue',
        config: { itemDataSpec: { type: 'number', integersOnly: true } },
        requiresInitialContent: false
      }
    ]
  }),
  submit: async (input) => ({
    executionId: `new-${input.atmWorkflowSchemaId}-r${input.revisionNumber}`,
    notes: []
  })
}
