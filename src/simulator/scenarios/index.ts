// Built-in scenarios, selectable by name with `--scenario NAME`: worlds stored as data, and the
// scale world generated from its counts. A file path works too.
import { existsSync, readFileSync } from 'node:fs'
import { parseScenario, type Scenario } from '../scenario'
import conformance from './conformance.json'
import demo from './demo.json'
import demo2 from './demo-2.json'
import { scaleScenario, DEFAULT_SCALE, type ScaleCounts } from './scale'

const STORED: Record<string, unknown> = { demo, 'demo-2': demo2, conformance }

/** Every built-in name, stored or generated. */
export const BUILT_IN_NAMES = [...Object.keys(STORED), 'scale']

/** The data of a built-in scenario (an own name only: `toString` is not a scenario). */
export function builtInScenario(name: string, counts?: Partial<ScaleCounts>): unknown {
  if (name === 'scale') return scaleScenario({ ...DEFAULT_SCALE, ...counts })
  return Object.hasOwn(STORED, name) ? structuredClone(STORED[name]) : undefined
}

/** Loads a scenario by built-in name or file path; throws a readable message otherwise. */
export function loadScenario(source: string | Scenario, counts?: Partial<ScaleCounts>): Scenario {
  if (typeof source !== 'string') return source
  const builtIn = builtInScenario(source, counts)
  if (builtIn !== undefined) return parseScenario(builtIn, `built-in scenario "${source}"`)
  if (!existsSync(source)) {
    throw new Error(
      `no scenario "${source}": give a built-in name (${BUILT_IN_NAMES.join(', ')}) or a JSON file path`
    )
  }
  let data: unknown
  try {
    data = JSON.parse(readFileSync(source, 'utf8'))
  } catch (err) {
    throw new Error(`scenario file ${source} is not valid JSON: ${(err as Error).message}`, {
      cause: err
    })
  }
  return parseScenario(data, `scenario file ${source}`)
}
