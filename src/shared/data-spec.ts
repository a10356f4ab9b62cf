// Automation data specs (Onezone store schemas' `itemDataSpec`, spec §3.3) and the checks a
// provider makes on a value before accepting it: the type test first, then the constraints it
// can verify without the file system. Files, datasets and groups must also exist and be visible
// in the space; only the provider can tell that, so those are checked for shape only.

/** A data spec as Lanewatch understands it; a type it does not know is kept as `unknown`. */
export type DataSpec =
  | { type: 'array'; itemDataSpec: DataSpec }
  | { type: 'boolean' | 'object' | 'dataset' | 'group' | 'range' }
  | { type: 'number'; integersOnly: boolean; allowedValues?: unknown[] }
  | { type: 'string'; allowedValues?: unknown[] }
  | { type: 'file'; fileType: string }
  | { type: 'timeSeriesMeasurement'; specs: MeasurementSpec[] }
  | { type: 'unknown'; sent: string }

export interface MeasurementSpec {
  nameMatcherType: string
  nameMatcher: string
}

/** One reason a value would be refused, at a JSONPath-like location inside it. */
export interface ValueProblem {
  /** `$` is the value itself; `$[2]` an element of it. */
  path: string
  /** A predicate that follows the path: "should be a number, got "x"". */
  message: string
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Reads a data spec as Onezone sends it; also the pre-21.02.3 form with `valueConstraints`. */
export function parseDataSpec(raw: unknown): DataSpec {
  if (!isObject(raw) || typeof raw.type !== 'string')
    return { type: 'unknown', sent: JSON.stringify(raw) ?? String(raw) }
  const r = isObject(raw.valueConstraints) ? { ...raw.valueConstraints, ...raw } : raw
  const list = (v: unknown) => (Array.isArray(v) ? v : undefined)
  switch (r.type) {
    case 'array':
      return { type: 'array', itemDataSpec: parseDataSpec(r.itemDataSpec) }
    case 'boolean':
    case 'object':
    case 'dataset':
    case 'group':
    case 'range':
      return { type: r.type }
    case 'number':
      return {
        type: 'number',
        integersOnly: r.integersOnly === true,
        allowedValues: list(r.allowedValues)
      }
    case 'string':
      return { type: 'string', allowedValues: list(r.allowedValues) }
    case 'file':
      return { type: 'file', fileType: typeof r.fileType === 'string' ? r.fileType : 'ANY' }
    case 'timeSeriesMeasurement':
      return {
        type: 'timeSeriesMeasurement',
        specs: (list(r.specs) ?? []).filter(isObject).map((s) => ({
          nameMatcherType: String(s.nameMatcherType),
          nameMatcher: String(s.nameMatcher)
        }))
      }
    default:
      return { type: 'unknown', sent: String(r.type) }
  }
}

/** What a value of this spec looks like, for messages. */
export function describeDataSpec(spec: DataSpec): string {
  switch (spec.type) {
    case 'array':
      return `an array of ${plural(describeDataSpec(spec.itemDataSpec))}`
    case 'boolean':
      return 'true or false'
    case 'object':
      return 'a JSON object'
    case 'number':
      return spec.integersOnly ? 'a whole number' : 'a number'
    case 'string':
      return 'a string'
    case 'file':
      return 'a file {"fileId": "…"}'
    case 'dataset':
      return 'a dataset {"datasetId": "…"}'
    case 'group':
      return 'a group {"groupId": "…"}'
    case 'range':
      return 'a range {"end": N} (optional whole "start" and "step")'
    case 'timeSeriesMeasurement':
      return 'a measurement {"tsName": "…", "timestamp": N, "value": N}'
    case 'unknown':
      return `a value of type "${spec.sent}"`
  }
}

const plural = (d: string) => d.replace(/^an? /, '').replace(/^(\w+)/, '$1s')

/** A short rendering of a value for messages, never longer than about 60 characters. */
export function preview(value: unknown): string {
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value))
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)
const isString = (v: unknown): v is string => typeof v === 'string'
const isId = (v: unknown): v is string => isString(v) && v !== ''

/** The provider's type test (ctool's atm_data_type:is_instance), by data type. */
function isInstance(spec: DataSpec, v: unknown): boolean {
  switch (spec.type) {
    case 'array':
      return Array.isArray(v)
    case 'boolean':
      return typeof v === 'boolean'
    case 'object':
      return isObject(v)
    case 'number':
      return typeof v === 'number'
    case 'string':
      return isString(v)
    // An empty id passes the provider's type test but never its lookup, which then refuses it.
    case 'file':
      return isObject(v) && isId(v.fileId)
    case 'dataset':
      return isObject(v) && isId(v.datasetId)
    case 'group':
      return isObject(v) && isId(v.groupId)
    case 'range':
      // "end" is required; "start" and "step", when present (null included), whole numbers.
      return (
        isObject(v) &&
        isInteger(v.end) &&
        (!('start' in v) || isInteger(v.start)) &&
        (!('step' in v) || isInteger(v.step))
      )
    case 'timeSeriesMeasurement':
      return (
        isObject(v) &&
        isString(v.tsName) &&
        isInteger(v.timestamp) &&
        v.timestamp >= 0 &&
        typeof v.value === 'number'
      )
    case 'unknown':
      return true
  }
}

const MAX_PROBLEMS = 20

/**
 * Every reason the provider would refuse `value` as `spec` (up to 20), in the order it checks:
 * the type, then the constraints (array items one by one).
 */
export function checkValue(value: unknown, spec: DataSpec, path = '$'): ValueProblem[] {
  const problems: ValueProblem[] = []
  check(value, spec, path, problems)
  return problems
}

function check(v: unknown, spec: DataSpec, path: string, out: ValueProblem[]): void {
  if (out.length >= MAX_PROBLEMS) return
  if (!isInstance(spec, v)) {
    out.push({ path, message: `should be ${describeDataSpec(spec)}, got ${preview(v)}` })
    return
  }
  const fail = (message: string) => out.push({ path, message })
  switch (spec.type) {
    case 'array':
      ;(v as unknown[]).forEach((item, i) => check(item, spec.itemDataSpec, `${path}[${i}]`, out))
      return
    case 'number':
      if (spec.integersOnly && !Number.isInteger(v))
        return void fail(`should be a whole number, got ${preview(v)}`)
      if (spec.allowedValues && !spec.allowedValues.includes(v))
        fail(`should be one of ${spec.allowedValues.map(preview).join(', ')}, got ${preview(v)}`)
      return
    case 'string':
      if (spec.allowedValues && !spec.allowedValues.includes(v))
        fail(`should be one of ${spec.allowedValues.map(preview).join(', ')}, got ${preview(v)}`)
      return
    case 'range': {
      const r = v as { start?: number; end: number; step?: number }
      const start = r.start ?? 0
      const step = r.step ?? 1
      const ok = (start <= r.end && step > 0) || (start >= r.end && step < 0)
      if (!ok) fail(`has a step going the wrong way (start ${start}, end ${r.end}, step ${step})`)
      return
    }
    case 'timeSeriesMeasurement': {
      const name = (v as { tsName: string }).tsName
      const matches = spec.specs.some((s) =>
        s.nameMatcherType === 'hasPrefix' ? name.startsWith(s.nameMatcher) : s.nameMatcher === name
      )
      if (!matches) {
        const allowed = spec.specs
          .map((s) => (s.nameMatcherType === 'hasPrefix' ? `${s.nameMatcher}…` : s.nameMatcher))
          .join(', ')
        fail(
          `has tsName "${name}", which matches no measurement of this store (${allowed || 'none'})`
        )
      }
      return
    }
    default:
      return
  }
}
