// The schedule dialog's state: what is picked (from Onezone, or typed as ids without one), the
// overlay text checked live against the chosen revision's store schemas, the callback URL as
// typed, and why sending is not possible yet. Loaders and submit come from outside, so the app
// wires them to the schedule.* channels and tests to plain functions.
import { parseJsonText, type JsonText } from '../../../../shared/json-text'
import type { Inventory } from '../../../../shared/onezone'
import {
  checkCallbackUrl,
  checkOverlay,
  overlayTemplate,
  DEFAULT_LOG_LEVEL,
  type OverlayProblem,
  type OverlayReport,
  type ScheduleInput
} from '../../../../shared/schedule'
import type { LogLevel } from '../../../../shared/statuses'
import {
  findWorkflows,
  preferredRevision,
  type RevisionView,
  type WorkflowSummary
} from '../../../../shared/workflow-catalog'
import { Loadable } from '../loadable.svelte'

export interface ScheduleLoaders {
  inventories(): Promise<Inventory[]>
  workflows(inventoryId: string): Promise<WorkflowSummary[]>
  revision(schemaId: string, revisionNumber: number): Promise<RevisionView>
  submit(input: ScheduleInput): Promise<{ executionId: string; notes: string[] }>
}

export class ScheduleForm {
  spaceId = $state('')
  inventoryId = $state('')
  query = $state('')
  schemaId = $state('')
  /** The revision number as chosen or typed. */
  revisionText = $state('')
  overlayText = $state('')
  logLevel = $state<LogLevel>(DEFAULT_LOG_LEVEL)
  callbackText = $state('')
  submitting = $state(false)
  submitError = $state<string>()
  /** Problems the service found in the overlay after all (it checks again before sending). */
  refused = $state<OverlayProblem[]>([])

  readonly inventories = new Loadable<Inventory[]>()
  readonly workflows = new Loadable<WorkflowSummary[]>()
  readonly revision = new Loadable<RevisionView>()

  constructor(
    private readonly loaders: ScheduleLoaders,
    /** With a Onezone the workflow is picked from lists; without, typed as ids. */
    readonly picking: boolean,
    spaceId = ''
  ) {
    this.spaceId = spaceId
  }

  readonly found = $derived(findWorkflows(this.workflows.value ?? [], this.query))
  readonly workflow = $derived(
    this.workflows.value?.find((w) => w.atmWorkflowSchemaId === this.schemaId)
  )
  readonly revisionNumber = $derived.by(() => {
    const n = Number(this.revisionText.trim())
    return this.revisionText.trim() && Number.isInteger(n) && n >= 1 ? n : undefined
  })
  /** The overlay as parsed; an empty text is no overlay. */
  readonly overlay = $derived<JsonText>(
    this.overlayText.trim() ? parseJsonText(this.overlayText) : { ok: true, value: undefined }
  )
  /** The overlay against the revision's stores; undefined until both are known. */
  readonly report = $derived.by((): OverlayReport | undefined => {
    const stores = this.revision.value?.stores
    if (!stores || !this.overlay.ok) return undefined
    return checkOverlay(this.overlay.value, stores, this.logLevel)
  })
  readonly callback = $derived(checkCallbackUrl(this.callbackText))

  /** What still stands between the form and sending, in words; empty when it can be sent. */
  readonly missing = $derived.by(() => {
    const m: string[] = []
    if (!this.spaceId) m.push('choose a space')
    if (!this.schemaId.trim())
      m.push(this.picking ? 'choose a workflow' : 'enter a workflow schema id')
    if (this.revisionNumber === undefined)
      m.push(this.picking ? 'choose a revision' : 'enter a revision number (1 or more)')
    else if (this.picking && !this.revision.value) m.push('wait for the revision to load')
    if (!this.overlay.ok) m.push('fix the overlay JSON')
    else if (this.overlay.value !== undefined && !isObject(this.overlay.value))
      m.push('make the overlay a JSON object')
    if (this.report && !this.report.ok) m.push('fix the overlay problems')
    if (!this.callback.ok) m.push('fix the callback URL')
    return m
  })

  loadInventories(): Promise<void> {
    return this.inventories.load(() => this.loaders.inventories())
  }

  async chooseInventory(inventoryId: string): Promise<void> {
    this.inventoryId = inventoryId
    this.chooseWorkflow('')
    this.workflows.reset()
    if (inventoryId) await this.workflows.load(() => this.loaders.workflows(inventoryId))
  }

  /** Picks a workflow schema and offers its newest stable revision. */
  async chooseWorkflow(schemaId: string): Promise<void> {
    this.schemaId = schemaId
    const summary = this.workflows.value?.find((w) => w.atmWorkflowSchemaId === schemaId)
    const preferred = summary ? preferredRevision(summary) : undefined
    await this.chooseRevision(preferred === undefined ? '' : String(preferred))
  }

  async chooseRevision(text: string): Promise<void> {
    this.revisionText = text
    this.revision.reset()
    const n = this.revisionNumber
    const schemaId = this.schemaId
    if (this.picking && schemaId && n !== undefined)
      await this.revision.load(() => this.loaders.revision(schemaId, n))
  }

  /** Puts a template for the stores that need content into an empty overlay. */
  insertTemplate(): void {
    const stores = this.revision.value?.stores ?? []
    this.overlayText = JSON.stringify(overlayTemplate(stores), null, 2)
  }

  async submit(): Promise<{ executionId: string; notes: string[] } | undefined> {
    if (this.missing.length || this.submitting) return undefined
    this.submitting = true
    this.submitError = undefined
    this.refused = []
    try {
      const overlay = this.overlay.ok ? this.overlay.value : undefined
      return await this.loaders.submit({
        spaceId: this.spaceId,
        atmWorkflowSchemaId: this.schemaId.trim(),
        revisionNumber: this.revisionNumber!,
        ...(isObject(overlay) ? { overlay } : {}),
        logLevel: this.logLevel,
        ...(this.callback.ok && this.callback.url ? { callback: this.callback.url } : {})
      })
    } catch (err) {
      this.submitError = err instanceof Error ? err.message : String(err)
      const problems = (err as { error?: { details?: { problems?: unknown } } }).error?.details
        ?.problems
      if (Array.isArray(problems)) this.refused = problems as OverlayProblem[]
      return undefined
    } finally {
      this.submitting = false
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
