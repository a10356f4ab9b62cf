// The workflow system audit log, written as op-worker's atm_workflow_execution_logger writes it:
// the same prefixes (`[Lane: N, Run: M, PBox: i, Task: j] …`), severities and details, stored only
// when the severity is within the execution's log level. README.md lists every text and its source.
import { LOG_LEVEL_NUMBER, type LogLevel } from '../../shared/statuses'
import type { SimClock } from '../clock'
import type { AuditEntry, Execution, Run, Store, TaskRun } from './model'

type Details = Record<string, unknown> | undefined

/** `{laneIndex, RunNumber}`: op-worker's lane_run_selector_to_json, capital R included. */
export function selector(laneIndex: number, runNumber: number | null): Record<string, unknown> {
  return { laneIndex: laneIndex + 1, RunNumber: runNumber ?? '?' }
}

/** Distinct descriptions kept for sharing; beyond this many a text is stored as it comes. */
const SHARED_TEXTS_MAX = 10_000

export class AuditLog {
  // Descriptions repeat across executions ("[Lane: 1, Run: 1] Stopped."): one copy of each is
  // shared, which keeps large scenarios small.
  private readonly texts = new Map<string, string>()

  constructor(
    private readonly clock: SimClock,
    private readonly stores: Map<string, Store>
  ) {}

  /** A workflow-level entry (no prefix); `task` is referenced as op-worker's task logs do. */
  write(
    e: Execution,
    severity: LogLevel,
    description: string,
    details?: Details,
    task?: string
  ): void {
    if (!this.keeps(e, severity)) return
    const store = this.stores.get(e.systemAuditLogStoreId)
    if (!store) return
    const entry: AuditEntry = {
      timestamp: this.clock.now(),
      severity,
      description: this.shared(description)
    }
    if (details) entry.details = details
    if (task !== undefined) entry.task = task
    store.entries.push(entry)
  }

  /** Whether the execution's log level stores entries of this severity (build costly details only then). */
  keeps(e: Execution, severity: LogLevel): boolean {
    return LOG_LEVEL_NUMBER[severity] <= LOG_LEVEL_NUMBER[e.logLevel]
  }

  private shared(text: string): string {
    const known = this.texts.get(text)
    if (known !== undefined) return known
    if (this.texts.size < SHARED_TEXTS_MAX) this.texts.set(text, text)
    return text
  }

  lane(e: Execution, laneIndex: number, severity: LogLevel, text: string, details?: Details) {
    if (!this.keeps(e, severity)) return
    this.write(e, severity, `[Lane: ${laneIndex + 1}] ${text}`, details)
  }

  /** A lane-run entry; `asPrepared` names the run as its preparation did (`?` if in advance). */
  run(
    e: Execution,
    run: Run,
    severity: LogLevel,
    text: string,
    details?: Details,
    asPrepared = false
  ) {
    if (!this.keeps(e, severity)) return
    this.write(e, severity, `${runPrefix(run, asPrepared)} ${text}`, details)
  }

  /** A task entry; `referenced` adds `referencedElements.tasks` as op-worker's task logs do. */
  task(
    e: Execution,
    run: Run,
    task: TaskRun,
    severity: LogLevel,
    text: string,
    opts: { details?: Details; referenced?: boolean; asPrepared?: boolean } = {}
  ) {
    if (!this.keeps(e, severity)) return
    const base = runPrefix(run, opts.asPrepared ?? false).slice(0, -1)
    this.write(
      e,
      severity,
      `${base}, PBox: ${task.box}, Task: ${task.index}] ${text}`,
      opts.details,
      (opts.referenced ?? true) ? task.executionId : undefined
    )
  }
}

/** An entry as the dump sends it (op-worker's audit log entry JSON). */
export function auditEntryJson(entry: AuditEntry, index: number) {
  return {
    index: String(index),
    timestamp: entry.timestamp,
    severity: entry.severity,
    content: {
      description: entry.description,
      ...(entry.details ? { details: entry.details } : {}),
      ...(entry.task !== undefined ? { referencedElements: { tasks: [entry.task] } } : {})
    }
  }
}

function runPrefix(run: Run, asPrepared: boolean): string {
  const number = asPrepared && run.inAdvance ? null : run.runNumber
  return `[Lane: ${run.laneIndex + 1}, Run: ${number ?? '?'}]`
}
