// One typed function per Oneprovider endpoint the product uses (spec §2 #1–#11, plus spaces and
// configuration). Every answer is validated; every call takes an AbortSignal.
import {
  auditLogDumpSchema,
  executionDetailsSchema,
  executionListPageSchema,
  scheduleResponseSchema,
  type AuditLogEntry,
  type ExecutionDetails,
  type ExecutionListPage,
  type LaneRunSelector,
  type ScheduleRequest
} from '../../shared/execution'
import {
  configurationSchema,
  spaceDetailsSchema,
  spaceListSchema,
  type ProviderConfiguration,
  type SpaceDetails,
  type SpaceSummary
} from '../../shared/provider'
import type { Phase } from '../../shared/statuses'
import { Transport, type CallOptions, type TransportOptions } from './transport'

export interface ListOptions {
  phase?: Phase
  limit?: number
  offset?: number
  index?: string
  token?: string
}

export type LifecycleAction = 'pause' | 'resume' | 'cancel' | 'force_continue'

const id = (value: string) => encodeURIComponent(value)
const workflow = (wid: string) => `/automation/execution/workflows/${id(wid)}`

export class OneproviderClient {
  readonly transport: Transport

  constructor(opts: Omit<TransportOptions, 'prefix'>) {
    this.transport = new Transport({ ...opts, prefix: '/api/v3/oneprovider' })
  }

  get host(): string {
    return this.transport.host
  }

  getConfiguration(o?: CallOptions): Promise<ProviderConfiguration> {
    return this.transport.call(
      { name: 'Read provider configuration', method: 'GET', path: '/configuration' },
      configurationSchema,
      o
    )
  }

  listSpaces(o?: CallOptions): Promise<SpaceSummary[]> {
    return this.transport.call(
      { name: 'List spaces', method: 'GET', path: '/spaces' },
      spaceListSchema,
      o
    )
  }

  getSpace(spaceId: string, o?: CallOptions): Promise<SpaceDetails> {
    return this.transport.call(
      { name: 'Read space', method: 'GET', path: `/spaces/${id(spaceId)}` },
      spaceDetailsSchema,
      o
    )
  }

  listExecutions(
    spaceId: string,
    list: ListOptions = {},
    o?: CallOptions
  ): Promise<ExecutionListPage> {
    return this.transport.call(
      {
        name: 'List executions',
        method: 'GET',
        path: `/spaces/${id(spaceId)}/automation/execution/workflows`,
        query: {
          phase: list.phase,
          limit: list.limit,
          offset: list.offset,
          index: list.index,
          token: list.token
        }
      },
      executionListPageSchema,
      o
    )
  }

  /** Every execution id of a phase, following `nextPageToken` page by page. */
  async *iterateExecutionIds(
    spaceId: string,
    phase: Phase,
    opts: { pageSize?: number } & CallOptions = {}
  ): AsyncGenerator<string[], void, void> {
    let token: string | undefined
    for (;;) {
      const page = await this.listExecutions(
        spaceId,
        { phase, limit: opts.pageSize ?? 1000, token },
        opts
      )
      if (page.atmWorkflowExecutions.length) yield page.atmWorkflowExecutions
      if (page.isLast || !page.nextPageToken) return
      token = page.nextPageToken
    }
  }

  getExecution(executionId: string, o?: CallOptions): Promise<ExecutionDetails> {
    return this.transport.call(
      { name: 'Read execution details', method: 'GET', path: workflow(executionId) },
      executionDetailsSchema,
      o
    )
  }

  async scheduleExecution(request: ScheduleRequest, o?: CallOptions): Promise<string> {
    const res = await this.transport.call(
      {
        name: 'Schedule execution',
        method: 'POST',
        path: '/automation/execution/workflows',
        body: request
      },
      scheduleResponseSchema,
      o
    )
    return res.atmWorkflowExecutionId
  }

  deleteExecution(executionId: string, o?: CallOptions): Promise<void> {
    return this.transport.call(
      { name: 'Delete execution', method: 'DELETE', path: workflow(executionId) },
      undefined,
      o
    )
  }

  /** pause, resume, cancel or force_continue (spec §2.5–§2.8). */
  lifecycle(action: LifecycleAction, executionId: string, o?: CallOptions): Promise<void> {
    const name = {
      pause: 'Pause',
      resume: 'Resume',
      cancel: 'Cancel',
      force_continue: 'Force-continue'
    }[action]
    return this.transport.call(
      { name: `${name} execution`, method: 'POST', path: `${workflow(executionId)}/${action}` },
      undefined,
      o
    )
  }

  /** Retry (failed items again) or rerun (all items again) one lane run. */
  repeatLaneRun(
    type: 'retry' | 'rerun',
    executionId: string,
    run: LaneRunSelector,
    o?: CallOptions
  ): Promise<void> {
    return this.transport.call(
      {
        name: type === 'retry' ? 'Retry lane run' : 'Rerun lane run',
        method: 'POST',
        path: `${workflow(executionId)}/${type}`,
        body: { laneIndex: run.laneIndex, laneRunNumber: run.laneRunNumber }
      },
      undefined,
      o
    )
  }

  /** The entries of an audit-log store, oldest first (spec §2.11). */
  dumpAuditLog(storeId: string, o?: CallOptions): Promise<AuditLogEntry[]> {
    return this.transport.call(
      {
        name: 'Download audit log',
        method: 'GET',
        path: `/automation/execution/stores/${id(storeId)}/dump`
      },
      auditLogDumpSchema,
      o
    )
  }

  close(): Promise<void> {
    return this.transport.close()
  }
}
