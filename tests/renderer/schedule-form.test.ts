import { describe, expect, it, vi } from 'vitest'
import { ScheduleForm, type ScheduleLoaders } from '../../src/renderer/src/lib/schedule/form.svelte'
import type { RevisionView, WorkflowSummary } from '../../src/shared/workflow-catalog'

const workflow = (id: string, name: string, states: string[], summary = ''): WorkflowSummary => ({
  atmWorkflowSchemaId: id,
  name,
  summary,
  atmInventoryId: 'inv',
  revisions: states.map((state, i) => ({ revisionNumber: states.length - i, state }))
})

const revision: RevisionView = {
  atmWorkflowSchemaId: 'w1',
  revisionNumber: 2,
  laneNames: ['Checksum'],
  stores: [
    {
      id: 'files',
      name: 'Input files',
      type: 'list',
      config: { itemDataSpec: { type: 'file' } },
      requiresInitialContent: true,
      defaultInitialContent: null
    }
  ]
}

function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

function loaders(over: Partial<ScheduleLoaders> = {}): ScheduleLoaders {
  return {
    inventories: vi.fn(async () => [{ atmInventoryId: 'inv', name: 'Main' }]),
    workflows: vi.fn(async () => [
      workflow('w1', 'checksum-and-publish', ['draft', 'stable', 'stable'], 'hashes files'),
      workflow('w2', 'variant-calling', ['stable'])
    ]),
    revision: vi.fn(async () => revision),
    submit: vi.fn(async () => ({ executionId: 'e1', notes: [] })),
    ...over
  }
}

describe('ScheduleForm (picking from Onezone)', () => {
  it('loads inventories, then workflows; search narrows them; a pick offers the newest stable revision', async () => {
    const l = loaders()
    const form = new ScheduleForm(l, true, 'space1')
    await form.loadInventories()
    expect(form.inventories.value).toEqual([{ atmInventoryId: 'inv', name: 'Main' }])
    await form.chooseInventory('inv')
    expect(form.found.map((w) => w.name)).toEqual(['checksum-and-publish', 'variant-calling'])
    form.query = 'HASHES'
    expect(form.found.map((w) => w.name)).toEqual(['checksum-and-publish'])
    await form.chooseWorkflow('w1')
    expect(form.revisionText).toBe('2')
    expect(l.revision).toHaveBeenCalledWith('w1', 2)
    expect(form.revision.value).toEqual(revision)
  })

  it('checks the overlay live: JSON first, then against the stores; a template passes', async () => {
    const form = new ScheduleForm(loaders(), true, 'space1')
    await form.chooseInventory('inv')
    await form.chooseWorkflow('w1')
    expect(form.report?.problems.map((p) => p.kind)).toEqual(['missing'])
    expect(form.missing).toEqual(['fix the overlay problems'])
    form.overlayText = '{"files": [1,}'
    expect(form.overlay).toMatchObject({ ok: false, line: 1, column: 14 })
    expect(form.report).toBeUndefined()
    expect(form.missing).toEqual(['fix the overlay JSON'])
    form.overlayText = '{"files": [1]}'
    expect(form.report?.problems[0]?.message).toBe(
      'Store "Input files" (files): $[0] should be a file {"fileId": "…"}, got 1.'
    )
    form.insertTemplate()
    expect(JSON.parse(form.overlayText)).toEqual({ files: [{ fileId: '' }] })
    expect(form.report?.ok).toBe(false)
    form.overlayText = form.overlayText.replace('""', '"f1"')
    expect(form.report?.ok).toBe(true)
    expect(form.missing).toEqual([])
  })

  it('checks the callback URL as typed', () => {
    const form = new ScheduleForm(loaders(), true)
    form.callbackText = 'example.org/hook'
    expect(form.callback).toMatchObject({ ok: false })
    expect(form.missing).toContain('fix the callback URL')
    form.callbackText = 'https://example.org/hook'
    expect(form.missing).not.toContain('fix the callback URL')
  })

  it('sends what was chosen, with the log level (info unless changed)', async () => {
    const l = loaders()
    const form = new ScheduleForm(l, true, 'space1')
    await form.chooseInventory('inv')
    await form.chooseWorkflow('w1')
    form.overlayText = '{"files": [{"fileId": "f"}]}'
    form.callbackText = ' https://example.org/hook '
    expect(await form.submit()).toEqual({ executionId: 'e1', notes: [] })
    expect(l.submit).toHaveBeenCalledWith({
      spaceId: 'space1',
      atmWorkflowSchemaId: 'w1',
      revisionNumber: 2,
      overlay: { files: [{ fileId: 'f' }] },
      logLevel: 'info',
      callback: 'https://example.org/hook'
    })
  })

  it('a refusal keeps the form, with the reason and the problems the service found', async () => {
    const refusal = Object.assign(new Error('The overlay was not sent: …'), {
      error: {
        id: 'schedule.overlayRefused',
        details: { problems: [{ kind: 'missing', message: 'x' }] }
      }
    })
    const form = new ScheduleForm(
      loaders({ submit: vi.fn(async () => Promise.reject(refusal)) }),
      true,
      's'
    )
    await form.chooseInventory('inv')
    await form.chooseWorkflow('w1')
    form.overlayText = '{"files": [{"fileId": "f1"}]}'
    expect(await form.submit()).toBeUndefined()
    expect(form.submitError).toBe('The overlay was not sent: …')
    expect(form.refused).toEqual([{ kind: 'missing', message: 'x' }])
    expect(form.submitting).toBe(false)
  })

  it('a late answer for an earlier choice never replaces the later one', async () => {
    const slow = deferred<WorkflowSummary[]>()
    const l = loaders({
      workflows: vi.fn(async (inv: string) =>
        inv === 'slow' ? slow.promise : [workflow('b', 'fast', ['stable'])]
      )
    })
    const form = new ScheduleForm(l, true, 's')
    const first = form.chooseInventory('slow')
    await form.chooseInventory('fast')
    slow.resolve([workflow('a', 'stale', ['stable'])])
    await first
    expect(form.workflows.value?.map((w) => w.name)).toEqual(['fast'])
    expect(form.inventoryId).toBe('fast')
  })

  it('a failed load says why and can be tried again', async () => {
    let fail = true
    const form = new ScheduleForm(
      loaders({
        inventories: vi.fn(async () => {
          if (fail) throw new Error('Onezone could not be reached.')
          return []
        })
      }),
      true
    )
    await form.loadInventories()
    expect(form.inventories.error).toBe('Onezone could not be reached.')
    fail = false
    await form.loadInventories()
    expect(form.inventories).toMatchObject({ error: undefined, value: [] })
  })
})

describe('ScheduleForm (ids, without Onezone)', () => {
  it('takes typed ids; the overlay is checked for JSON only, the provider judges the rest', async () => {
    const l = loaders()
    const form = new ScheduleForm(l, false, 's')
    expect(form.missing).toEqual([
      'enter a workflow schema id',
      'enter a revision number (1 or more)'
    ])
    form.schemaId = ' w9 '
    await form.chooseRevision('0')
    expect(form.missing).toEqual(['enter a revision number (1 or more)'])
    await form.chooseRevision('3')
    expect(l.revision).not.toHaveBeenCalled()
    form.overlayText = '[1]'
    expect(form.missing).toEqual(['make the overlay a JSON object'])
    form.overlayText = '{"anything": 1}'
    expect(form.report).toBeUndefined()
    expect(form.missing).toEqual([])
    form.logLevel = 'debug'
    await form.submit()
    expect(l.submit).toHaveBeenCalledWith({
      spaceId: 's',
      atmWorkflowSchemaId: 'w9',
      revisionNumber: 3,
      overlay: { anything: 1 },
      logLevel: 'debug'
    })
  })
})
