// The scale scenario: many spaces, each with a hundred ongoing executions and a thousand ended
// ones, and one space with ten thousand ended. Generated from its counts (never a large file), so
// the monitor and list benchmarks get a big world that starts in a few seconds. Ongoing
// executions run a dozen slow lanes, so lane runs keep starting and stopping for hours.
import type { ScenarioInput } from '../scenario'

export interface ScaleCounts {
  /** How many spaces (each with its own executions). */
  spaces: number
  /** Ongoing executions per space. */
  ongoing: number
  /** Ended executions per space … */
  ended: number
  /** … except the first space, which has this many. */
  bigEnded: number
}

export const DEFAULT_SCALE: ScaleCounts = {
  spaces: 10,
  ongoing: 100,
  ended: 1000,
  bigEnded: 10_000
}

/** Largest counts accepted (the scenario's own limits then bound the rest). */
export const SCALE_LIMITS: ScaleCounts = {
  spaces: 100,
  ongoing: 1000,
  ended: 20_000,
  bigEnded: 50_000
}

const SPACE_NAMES = [
  'Imaging lab',
  'Genomics',
  'Data ingest',
  'Climate models',
  'Microscopy',
  'Proteomics',
  'Neuroimaging',
  'Sky survey',
  'Materials',
  'Field sensors'
]

const LONG_LANES = [
  'Stage raw data',
  'Validate formats',
  'Calibrate',
  'Segment',
  'Extract features',
  'Classify',
  'Aggregate',
  'Quality control',
  'Package results',
  'Publish',
  'Index catalogue',
  'Notify owners'
]

/** Ended executions are spread over this many past days (well inside the 15-day retention). */
const HISTORY_DAYS = 7
/** Ongoing executions were scheduled over the last quarter of an hour (longer than a lane run),
 *  so their lane runs start and stop at staggered times. */
const ONGOING_SPREAD_S = 900

const quick = {
  scheduleMs: 200,
  prepareMs: 400,
  enqueueMs: 200,
  itemMs: 1000,
  finalizeMs: 200,
  stopMs: 300,
  workflowStopMs: 200,
  resumeMs: 200
}

function spaceName(i: number): string {
  const base = SPACE_NAMES[i % SPACE_NAMES.length]!
  const round = Math.floor(i / SPACE_NAMES.length)
  return round ? `${base} ${round + 1}` : base
}

/** The scale world for the given counts (validated by the scenario schema when loaded). */
export function scaleScenario(counts: ScaleCounts = DEFAULT_SCALE): ScenarioInput {
  const spaces = Array.from({ length: counts.spaces }, (_, i) => ({
    key: `s${i + 1}`,
    name: spaceName(i)
  }))
  const all = ['view', 'schedule', 'manage']
  const executions: NonNullable<ScenarioInput['executions']> = []
  spaces.forEach((space, s) => {
    for (let j = 0; j < counts.ongoing; j++) {
      executions.push({
        schema: 'reprocess',
        revision: 1,
        space: space.key,
        user: 'admin',
        at: -60 - ((j + s / counts.spaces) / counts.ongoing) * (ONGOING_SPREAD_S - 60)
      })
    }
    const ended = s === 0 ? counts.bigEnded : counts.ended
    const stepS = (HISTORY_DAYS * 86400) / Math.max(1, ended)
    for (let j = 0; j < ended; j++) {
      // Oldest first, the newest ending a few minutes before start; about one in twenty fails,
      // one in fifty is cancelled and one in a hundred crashes.
      const at = -600 - (ended - j) * stepS
      const kind = j % 100 === 42 ? 'crash' : j % 50 === 13 ? 'cancel' : j % 20 === 7 ? 'fail' : ''
      executions.push({
        schema: kind === 'fail' ? 'checksums' : j % 2 ? 'ingest' : 'convert',
        revision: 1,
        space: space.key,
        user: 'admin',
        at,
        ...(kind === 'crash' || kind === 'cancel'
          ? { actions: [{ at: at + 1, do: kind } as const] }
          : {})
      })
    }
  })

  return {
    name: 'scale',
    description: `${counts.spaces} spaces × ${counts.ongoing} ongoing and ${counts.ended} ended executions (${counts.bigEnded} ended in the first).`,
    seed: 77,
    provider: { name: 'Scale test provider' },
    timing: quick,
    users: [
      {
        name: 'admin',
        fullName: 'Scale Admin',
        spaces: Object.fromEntries(spaces.map((s) => [s.key, all])),
        inventories: ['pipelines']
      },
      {
        name: 'viewer',
        fullName: 'Scale Viewer',
        spaces: Object.fromEntries(spaces.map((s) => [s.key, ['view']])),
        inventories: ['pipelines']
      }
    ],
    spaces,
    inventories: [{ key: 'pipelines', name: 'Production pipelines' }],
    schemas: [
      {
        key: 'reprocess',
        name: 'nightly-reprocessing',
        summary: 'Reprocesses a day of acquisitions through every stage, one file at a time.',
        inventory: 'pipelines',
        revisions: {
          '1': {
            lanes: LONG_LANES.map((name) => ({
              name,
              items: 12,
              concurrency: 1,
              // About twelve minutes per lane run: a monitor sees runs start and stop all the time.
              timing: { itemMs: 60_000, scheduleMs: 1000, prepareMs: 5000, enqueueMs: 2000 },
              parallelBoxes: [{ name: name.split(' ')[0]!, tasks: [{ name: slug(name) }] }]
            }))
          }
        }
      },
      {
        key: 'ingest',
        name: 'ingest-instrument-data',
        summary: 'Registers new instrument files and their metadata.',
        inventory: 'pipelines',
        revisions: {
          '1': {
            lanes: [
              {
                name: 'Discover uploads',
                items: 2,
                parallelBoxes: [{ name: 'Scan', tasks: [{ name: 'list-uploads' }] }]
              },
              {
                name: 'Register datasets',
                items: 2,
                parallelBoxes: [{ name: 'Catalogue', tasks: [{ name: 'register-dataset' }] }]
              }
            ]
          }
        }
      },
      {
        key: 'convert',
        name: 'convert-to-hdf5',
        summary: 'Converts raw frames into HDF5 containers.',
        inventory: 'pipelines',
        revisions: {
          '1': {
            lanes: [
              {
                name: 'Convert',
                items: 3,
                parallelBoxes: [{ name: 'Convert', tasks: [{ name: 'frames-to-hdf5' }] }]
              }
            ]
          }
        }
      },
      {
        key: 'checksums',
        name: 'verify-checksums',
        summary: 'Recomputes checksums; one file is always corrupt.',
        inventory: 'pipelines',
        revisions: {
          '1': {
            lanes: [
              {
                name: 'Verify',
                items: 3,
                instantFailureExceptionThreshold: 1,
                parallelBoxes: [
                  { name: 'Digest', tasks: [{ name: 'sha256', fail: [{ items: [2] }] }] }
                ]
              }
            ]
          }
        }
      }
    ],
    executions
  }
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-')
}
