// The command-line options that choose a world: `--scenario NAME|FILE` and, for the generated
// scale scenario, its counts. Shared by the simulator and the harness (through the demo provider).
import type { ScaleCounts } from './scale'
import { SCALE_LIMITS } from './scale'

const COUNT_FLAGS: Record<keyof ScaleCounts, string> = {
  spaces: 'spaces',
  ongoing: 'ongoing',
  ended: 'ended',
  bigEnded: 'big-ended'
}

/** `util.parseArgs` definitions of the options (strings, checked by `scenarioChoice`). */
export const SCENARIO_OPTIONS = {
  scenario: { type: 'string' },
  spaces: { type: 'string' },
  ongoing: { type: 'string' },
  ended: { type: 'string' },
  'big-ended': { type: 'string' }
} as const

export const SCENARIO_USAGE = `  --scenario  built-in name (demo, conformance, scale) or a scenario JSON file (default demo)
  --spaces N, --ongoing N, --ended N, --big-ended N
              counts of --scenario scale: spaces, ongoing and ended executions per space, and
              ended executions of the first space (default 10, 100, 1000, 10000)`

export interface ScenarioChoice {
  scenario: string
  counts?: Partial<ScaleCounts>
}

/** Checks the options; throws a one-line message naming the option that is wrong. */
export function scenarioChoice(
  values: Partial<Record<keyof typeof SCENARIO_OPTIONS, string>>,
  fallback = 'demo'
): ScenarioChoice {
  const scenario = values.scenario ?? fallback
  const counts: Partial<ScaleCounts> = {}
  for (const [key, flag] of Object.entries(COUNT_FLAGS) as [keyof ScaleCounts, string][]) {
    const raw = values[flag as keyof typeof SCENARIO_OPTIONS]
    if (raw === undefined) continue
    if (scenario !== 'scale') throw new Error(`--${flag} applies to --scenario scale only`)
    const min = key === 'spaces' ? 1 : 0
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN
    if (!(n >= min && n <= SCALE_LIMITS[key]))
      throw new Error(
        `--${flag} must be a whole number from ${min} to ${SCALE_LIMITS[key]}, got "${raw}"`
      )
    counts[key] = n
  }
  return scenario === 'scale' ? { scenario, counts } : { scenario }
}
