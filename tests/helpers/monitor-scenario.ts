// A scenario for the monitor's tests: lane runs slow enough (seconds of simulated time) that a
// monitor reading every few seconds sees each status, one lane that fails and is retried, one
// that fails for good, and one that runs for hours without a change (to stall).
import { parseScenario, type Scenario } from '../../src/simulator/scenario'

const box = (name: string, fail?: { items: number[]; times?: number }[]) => ({
  name: `${name} box`,
  tasks: [{ name, ...(fail ? { fail } : {}) }]
})

export function monitorScenario(): Scenario {
  return parseScenario({
    name: 'monitor',
    seed: 11,
    timing: {
      scheduleMs: 1000,
      prepareMs: 3000,
      enqueueMs: 1000,
      itemMs: 5000,
      finalizeMs: 1000,
      stopMs: 2000,
      resumeMs: 1000
    },
    users: [
      {
        name: 'admin',
        spaces: { lab: ['view', 'schedule', 'manage'], dock: ['view', 'schedule', 'manage'] },
        inventories: ['main']
      }
    ],
    spaces: [
      { key: 'lab', name: 'Lab' },
      { key: 'dock', name: 'Dock' }
    ],
    inventories: [{ key: 'main', name: 'Main' }],
    schemas: [
      {
        key: 'steady',
        name: 'steady-pipeline',
        inventory: 'main',
        revisions: {
          '1': {
            lanes: [
              { name: 'Fetch', items: 4, concurrency: 2, parallelBoxes: [box('fetch')] },
              { name: 'Store', items: 2, concurrency: 2, parallelBoxes: [box('store')] }
            ]
          }
        }
      },
      {
        key: 'flaky',
        name: 'flaky-checksums',
        inventory: 'main',
        revisions: {
          '1': {
            lanes: [
              {
                name: 'Checksum',
                items: 4,
                concurrency: 2,
                maxRetries: 1,
                instantFailureExceptionThreshold: 1,
                parallelBoxes: [box('md5', [{ items: [1], times: 1 }])]
              },
              { name: 'Publish', items: 2, concurrency: 2, parallelBoxes: [box('publish')] }
            ]
          }
        }
      },
      {
        key: 'broken',
        name: 'broken-import',
        inventory: 'main',
        revisions: {
          '1': {
            lanes: [
              {
                name: 'Import',
                items: 4,
                concurrency: 2,
                instantFailureExceptionThreshold: 1,
                parallelBoxes: [box('import', [{ items: [0] }])]
              },
              { name: 'Index', items: 2, parallelBoxes: [box('index')] }
            ]
          }
        }
      },
      {
        key: 'slow',
        name: 'slow-archive',
        inventory: 'main',
        revisions: {
          '1': {
            lanes: [
              {
                name: 'Archive',
                items: 2,
                concurrency: 1,
                timing: { itemMs: 3 * 60 * 60 * 1000 },
                parallelBoxes: [box('archive')]
              }
            ]
          }
        }
      }
    ]
  })
}
