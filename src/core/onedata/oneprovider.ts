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
import { MAX_PAGES, PageGuard } from './paging'
import { Transport, type Call, type CallOptions, type TransportOptions } from './transport'

export interface ListOptions {
  phase?: Phase
  limit?: number
  offset?: number
  index?: string
  token?: string
}

export type LifecycleAction = 'pause' | 'resume' | 'cancel' | 'force_continue'

/** A change the provider accepted (2xx). `note` says so when its answer could not be read. */
export interface Accepted {
  note?: string
}

/** A scheduled execution; its id is unknown only when the answer could not be read at all. */
export interface Scheduled extends Accepted {
  atmWorkflowExecutionId?: string
}

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

  /**
   * Every execution id of a phase, following `nextPageToken` page by page; a repeated token or
   * more than `maxPages` pages end it with an error.
   */
  async *iterateExecutionIds(
    spaceId: string,
    phase: Phase,
    opts: { pageSize?: number; maxPages?: number } & CallOptions = {}
  ): AsyncGenerator<string[], void, void> {
    const guard = new PageGuard('List executions', this.host, opts.maxPages ?? MAX_PAGES)
    let token: string | undefined
    for (;;) {
      const page = await this.listExecutions(
        spaceId,
        { phase, limit: opts.pageSize ?? 1000, token },
        opts
      )
      if (page.atmWorkflowExecutions.length) yield page.atmWorkflowExecutions
      if (page.isLast || !page.nextPageToken) return
      guard.next(page.nextPageToken)
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

  /** The details, unless they are byte for byte those read when `seen` was returned. */
  getExecutionUnlessSame(
    executionId: string,
    seen: string | undefined,
    o?: CallOptions
  ): Promise<{ digest: string; value?: ExecutionDetails }> {
    return this.transport.callUnlessSame(
      { name: 'Read execution details', method: 'GET', path: workflow(executionId) },
      executionDetailsSchema,
      seen,
      o
    )
  }

  async scheduleExecution(request: ScheduleRequest, o?: CallOptions): Promise<Scheduled> {
    const written = await this.transport.write(
      {
        name: 'Schedule execution',
        method: 'POST',
        path: '/automation/execution/workflows',
        body: request
      },
      scheduleResponseSchema,
      o
    )
    if (written.value) return { atmWorkflowExecutionId: written.value.atmWorkflowExecutionId }
    // The id is also the last segment of the Location header of a 201.
    const fromLocation = idFromLocation(written.headers.location)
    return {
      atmWorkflowExecutionId: fromLocation,
      note: acceptedNote(
        written.unreadable,
        fromLocation
          ? 'the id was read from its Location header'
          : 'list the waiting executions to find it'
      )
    }
  }

  deleteExecution(executionId: string, o?: CallOptions): Promise<Accepted> {
    return this.accept(
      { name: 'Delete execution', method: 'DELETE', path: workflow(executionId) },
      o
    )
  }

  /** pause, resume, cancel or force_continue (spec §2.5–§2.8). */
  lifecycle(action: LifecycleAction, executionId: string, o?: CallOptions): Promise<Accepted> {
    const name = {
      pause: 'Pause',
      resume: 'Resume',
      cancel: 'Cancel',
      force_continue: 'Force-continue'
    }[action]
    return this.accept(
      { name: `${name} execution`, method: 'POST', path: `${workflow(executionId)}/${action}` },
      o
    )
  }

  /** Retry (failed items again) or rerun (all items again) one lane run. */
  repeatLaneRun(
    type: 'retry' | 'rerun',
    executionId: string,
    run: LaneRunSelector,
    o?: CallOptions
  ): Promise<Accepted> {
    return this.accept(
      {
        name: type === 'retry' ? 'Retry lane run' : 'Rerun lane run',
        method: 'POST',
        path: `${workflow(executionId)}/${type}`,
        body: { laneIndex: run.laneIndex, laneRunNumber: run.laneRunNumber }
      },
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

  /** A write whose answer carries nothing we need. */
  private async accept(call: Call, o?: CallOptions): Promise<Accepted> {
    const written = await this.transport.write(call, undefined, o)
    return written.unreadable ? { note: acceptedNote(written.unreadable) } : {}
  }
}

function acceptedNote(why: string | undefined, hint?: string): string {
  return `The server accepted it; its answer could not be read (${why?.replace(/\.$/, '') ?? 'no answer'})${hint ? `; ${hint}` : ''}.`
}

function idFromLocation(location: string | string[] | undefined): string | undefined {
  if (typeof location !== 'string') return undefined
  try {
    const last = new URL(location, 'http://provider').pathname.split('/').pop()
    const id = last ? decodeURIComponent(last) : ''
    return /^[\w-]{1,200}$/.test(id) ? id : undefined
  } catch {
    return undefined
  }
}
