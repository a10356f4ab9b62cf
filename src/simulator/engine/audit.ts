// The workflow system audit log, written as op-worker's atm_workflow_execution_logger writes it:
// the same prefixes (`[Lane: N, Run: M, PBox: i, Task: j] …`), severities and details, stored only
// when the severity is within the execution's log level. README.md lists every text and its source.
import { LOG_LEVEL_NUMBER, type LogLevel } from '../../shared/statuses'
import type { SimClock } from '../clock'
import type { Execution, Run, Store, TaskRun } from './model'

type Details = Record<string, unknown> | undefined

/** `{laneIndex, RunNumber}`: op-worker's lane_run_selector_to_json, capital R included. */
export function selector(laneIndex: number, runNumber: number | null): Record<string, unknown> {
  return { laneIndex: laneIndex + 1, RunNumber: runNumber ?? '?' }
}

export class AuditLog {
  constructor(
    private readonly clock: SimClock,
    private readonly stores: Map<string, Store>
  ) {}

  /** A workflow-level entry (no prefix). */
  write(
    e: Execution,
    severity: LogLevel,
    description: string,
    details?: Details,
    referencedElements?: Record<string, unknown>
  ): void {
    if (LOG_LEVEL_NUMBER[severity] > LOG_LEVEL_NUMBER[e.logLevel]) return
    const store = this.stores.get(e.systemAuditLogStoreId)
    if (!store) return
    store.entries.push({
      index: String(store.entries.length),
      timestamp: this.clock.now(),
      severity,
      content: {
        description,
        ...(details ? { details } : {}),
        ...(referencedElements ? { referencedElements } : {})
      }
    })
  }

  lane(e: Execution, laneIndex: number, severity: LogLevel, text: string, details?: Details) {
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
    const base = runPrefix(run, opts.asPrepared ?? false).slice(0, -1)
    this.write(
      e,
      severity,
      `${base}, PBox: ${task.box}, Task: ${task.index}] ${text}`,
      opts.details,
      (opts.referenced ?? true) ? { tasks: [task.executionId] } : undefined
    )
  }
}

function runPrefix(run: Run, asPrepared: boolean): string {
  const number = asPrepared && run.inAdvance ? null : run.runNumber
  return `[Lane: ${run.laneIndex + 1}, Run: ${number ?? '?'}]`
}
