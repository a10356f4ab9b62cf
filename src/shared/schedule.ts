// Scheduling a workflow, for the CLI and the app alike: the initial store content overlay checked
// against the revision's store schemas before anything is sent (required stores, unknown store
// ids, wrong types — the checks op-worker makes when it creates the stores), the callback URL,
// and the request itself.
import type { ValueLimits } from './bounded'
import { checkValue, parseDataSpec, preview, type DataSpec } from './data-spec'
import type { ScheduleRequest } from './execution'
import type { WorkflowRevision } from './onezone'
import { LOG_LEVEL_NUMBER, type LogLevel } from './statuses'

export type StoreSchema = WorkflowRevision['stores'][number]

export type OverlayProblemKind = 'notObject' | 'unknownStore' | 'missing' | 'wrongType' | 'refused'

export interface OverlayProblem {
  kind: OverlayProblemKind
  storeId?: string
  message: string
}

export interface OverlayReport {
  ok: boolean
  problems: OverlayProblem[]
  /** What could not be checked here and is left to the provider. */
  notes: string[]
}

export const DEFAULT_LOG_LEVEL: LogLevel = 'info'

/** The largest revision number a request may name (the server's numbers are 32-bit). */
export const REVISION_NUMBER_MAX = 2 ** 31 - 1

/** How large an overlay may be: room for big initial contents, none for unbounded work. */
export const OVERLAY_LIMITS: ValueLimits = {
  maxDepth: 32,
  maxNodes: 100_000,
  maxStringLength: 65_536
}
/** Said when an overlay is beyond OVERLAY_LIMITS. */
export const OVERLAY_TOO_LARGE = `the overlay is nested deeper than ${OVERLAY_LIMITS.maxDepth} levels, holds more than ${OVERLAY_LIMITS.maxNodes} values or a text longer than ${OVERLAY_LIMITS.maxStringLength} characters`

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const label = (s: StoreSchema) => `Store "${s.name}" (${s.id})`

/** The data spec a store's initial content must match, or why it takes none. */
type ContentRule =
  | { kind: 'value'; spec: DataSpec }
  | { kind: 'auditLog'; logContentSpec: DataSpec }
  | { kind: 'none' }
  | { kind: 'unknown' }

function contentRule(store: StoreSchema): ContentRule {
  const config = isObject(store.config) ? store.config : {}
  switch (store.type) {
    case 'list':
    case 'treeForest':
      return {
        kind: 'value',
        spec: { type: 'array', itemDataSpec: parseDataSpec(config.itemDataSpec) }
      }
    case 'singleValue':
      return { kind: 'value', spec: parseDataSpec(config.itemDataSpec) }
    case 'range':
      return { kind: 'value', spec: { type: 'range' } }
    case 'auditLog':
      return { kind: 'auditLog', logContentSpec: parseDataSpec(config.logContentDataSpec) }
    case 'timeSeries':
      return { kind: 'none' }
    default:
      return { kind: 'unknown' }
  }
}

const SEVERITIES = Object.keys(LOG_LEVEL_NUMBER) as LogLevel[]

/**
 * The contents op-worker validates for an audit-log store: entries are `{content, severity}`,
 * `{severity, …rest}` or bare content; an unknown severity counts as info, and entries above the
 * execution's log level are dropped before validation.
 */
function auditLogContents(
  items: unknown[],
  logLevel: LogLevel
): { index: number; content: unknown }[] {
  const kept: { index: number; content: unknown }[] = []
  items.forEach((item, index) => {
    let content: unknown = item
    let severity: unknown = 'info'
    if (isObject(item) && 'content' in item) {
      content = item.content
      severity = item.severity ?? 'info'
    } else if (isObject(item) && 'severity' in item) {
      const { severity: s, ...rest } = item
      severity = s
      content = rest
    }
    const level = SEVERITIES.includes(severity as LogLevel) ? (severity as LogLevel) : 'info'
    if (LOG_LEVEL_NUMBER[level] <= LOG_LEVEL_NUMBER[logLevel]) kept.push({ index, content })
  })
  return kept
}

/** A data type Lanewatch does not know (possibly inside an array), as sent. */
function unknownType(spec: DataSpec): string | undefined {
  if (spec.type === 'array') return unknownType(spec.itemDataSpec)
  return spec.type === 'unknown' ? spec.sent : undefined
}

/** Files, datasets and groups must exist in the space: something only the provider can tell. */
function referenceType(spec: DataSpec): string | undefined {
  if (spec.type === 'array') return referenceType(spec.itemDataSpec)
  return ['file', 'dataset', 'group'].includes(spec.type) ? spec.type : undefined
}

/**
 * Checks an overlay `{storeSchemaId: initialContent}` against a revision's store schemas. A null
 * content counts as none, as on the provider. Every problem blocks sending; an unknown store id
 * would be ignored by the provider, so it is almost surely a typo and is refused here too.
 */
export function checkOverlay(
  overlay: unknown,
  stores: readonly StoreSchema[],
  logLevel: LogLevel = DEFAULT_LOG_LEVEL
): OverlayReport {
  const problems: OverlayProblem[] = []
  const notes: string[] = []
  const given = overlay === undefined || overlay === null ? {} : overlay
  if (!isObject(given)) {
    const message = 'The overlay must be a JSON object {"storeSchemaId": initialContent, …}.'
    return { ok: false, problems: [{ kind: 'notObject', message }], notes }
  }
  const ids = new Set(stores.map((s) => s.id))
  for (const key of Object.keys(given))
    if (!ids.has(key)) {
      const known = stores.map((s) => `"${s.name}" (${s.id})`).join(', ') || 'none'
      problems.push({
        kind: 'unknownStore',
        storeId: key,
        message: `There is no store "${key}" in this revision (its stores: ${known}).`
      })
    }
  for (const store of stores) {
    const content = Object.hasOwn(given, store.id) ? (given[store.id] ?? undefined) : undefined
    if (content === undefined) {
      const noDefault =
        store.defaultInitialContent === undefined || store.defaultInitialContent === null
      if (store.requiresInitialContent === true && noDefault)
        problems.push({
          kind: 'missing',
          storeId: store.id,
          message: `${label(store)} needs initial content and has no default.`
        })
      continue
    }
    const rule = contentRule(store)
    const wrong = (path: string, message: string) =>
      problems.push({
        kind: 'wrongType',
        storeId: store.id,
        message: `${label(store)}: ${path === '$' ? 'the content' : path} ${message}.`
      })
    if (rule.kind === 'none') {
      problems.push({
        kind: 'refused',
        storeId: store.id,
        message: `${label(store)} is a time series store, which takes no initial content.`
      })
    } else if (rule.kind === 'unknown') {
      notes.push(
        `${label(store)} is of type "${store.type}", which Lanewatch cannot check; the provider will.`
      )
    } else if (rule.kind === 'value') {
      for (const p of checkValue(content, rule.spec)) wrong(p.path, p.message)
      const unknown = unknownType(rule.spec)
      if (unknown)
        notes.push(
          `${label(store)} holds values of type "${unknown}", which Lanewatch cannot check; the provider will.`
        )
      const reference = referenceType(rule.spec)
      if (reference)
        notes.push(
          `${label(store)}: the provider checks that each ${reference} exists in the space.`
        )
    } else if (!Array.isArray(content)) {
      wrong('$', `should be an array of log entries, got ${preview(content)}`)
    } else {
      for (const { index, content: c } of auditLogContents(content, logLevel))
        for (const p of checkValue(c, rule.logContentSpec, `$[${index}]`))
          wrong(p.path, `(log content) ${p.message}`)
    }
  }
  return { ok: problems.length === 0, problems, notes }
}

const EXAMPLES: Record<string, unknown> = {
  boolean: false,
  object: {},
  number: 0,
  string: '',
  file: { fileId: '' },
  dataset: { datasetId: '' },
  group: { groupId: '' },
  range: { start: 0, end: 10, step: 1 },
  timeSeriesMeasurement: { tsName: '', timestamp: 0, value: 0 }
}

function example(spec: DataSpec): unknown {
  return spec.type === 'array' ? [example(spec.itemDataSpec)] : (EXAMPLES[spec.type] ?? null)
}

/**
 * A starting overlay: one entry per store that needs content and has no default, with a value of
 * the right shape to edit. Stores with a default are left out (an entry would replace it).
 */
export function overlayTemplate(stores: readonly StoreSchema[]): Record<string, unknown> {
  const template: Record<string, unknown> = {}
  for (const store of stores) {
    const noDefault =
      store.defaultInitialContent === undefined || store.defaultInitialContent === null
    if (store.requiresInitialContent !== true || !noDefault) continue
    const rule = contentRule(store)
    template[store.id] =
      rule.kind === 'value' ? example(rule.spec) : rule.kind === 'auditLog' ? [] : null
  }
  return template
}

/**
 * A callback URL as typed: empty means none; otherwise an http(s) URL with a host. The provider
 * calls it, so a loopback address points at the provider's own machine: worth a note.
 */
export function checkCallbackUrl(
  text: string
): { ok: true; url?: string; note?: string } | { ok: false; reason: string } {
  const trimmed = text.trim()
  if (!trimmed) return { ok: true }
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return { ok: false, reason: 'is not a URL (expected e.g. https://example.org/hook)' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, reason: `must be http or https, not ${url.protocol}` }
  if (!url.hostname) return { ok: false, reason: 'has no host' }
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname)
  return {
    ok: true,
    url: trimmed,
    ...(loopback
      ? { note: 'the provider calls this URL, so a loopback address means its own machine' }
      : {})
  }
}

export interface ScheduleInput {
  spaceId: string
  atmWorkflowSchemaId: string
  revisionNumber: number
  overlay?: Record<string, unknown>
  logLevel?: LogLevel
  callback?: string
}

/** The REST request for a schedule; the log level is always sent (default info). */
export function scheduleRequest(input: ScheduleInput): ScheduleRequest {
  return {
    spaceId: input.spaceId,
    atmWorkflowSchemaId: input.atmWorkflowSchemaId,
    atmWorkflowSchemaRevisionNumber: input.revisionNumber,
    ...(input.overlay && Object.keys(input.overlay).length
      ? { storeInitialContentOverlay: input.overlay }
      : {}),
    logLevel: input.logLevel ?? DEFAULT_LOG_LEVEL,
    ...(input.callback ? { callback: input.callback } : {})
  }
}
