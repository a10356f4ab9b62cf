import { describe, expect, it } from 'vitest'
import type { WorkflowSchema } from '../../src/shared/onezone'
import { checkCallbackUrl, scheduleRequest } from '../../src/shared/schedule'
import {
  findWorkflows,
  preferredRevision,
  revisionView,
  summarizeSchema,
  type WorkflowSummary
} from '../../src/shared/workflow-catalog'

describe('checkCallbackUrl: checked as typed', () => {
  it('empty is none; http(s) with a host is kept', () => {
    expect(checkCallbackUrl('  ')).toEqual({ ok: true })
    expect(checkCallbackUrl(' https://hooks.example.org/lanes?x=1 ')).toEqual({
      ok: true,
      url: 'https://hooks.example.org/lanes?x=1'
    })
  })

  it('refuses what the provider could not call, with the reason', () => {
    expect(checkCallbackUrl('hooks.example.org')).toEqual({
      ok: false,
      reason: 'is not a URL (expected e.g. https://example.org/hook)'
    })
    expect(checkCallbackUrl('ftp://example.org/x')).toEqual({
      ok: false,
      reason: 'must be http or https, not ftp:'
    })
  })

  it('notes that a loopback address is the provider’s own machine', () => {
    expect(checkCallbackUrl('http://127.0.0.1:9/hook')).toMatchObject({
      ok: true,
      note: 'the provider calls this URL, so a loopback address means its own machine'
    })
  })
})

describe('scheduleRequest', () => {
  it('always sends a log level (info unless chosen), and an overlay only when it has stores', () => {
    expect(
      scheduleRequest({ spaceId: 's', atmWorkflowSchemaId: 'w', revisionNumber: 2, overlay: {} })
    ).toEqual({
      spaceId: 's',
      atmWorkflowSchemaId: 'w',
      atmWorkflowSchemaRevisionNumber: 2,
      logLevel: 'info'
    })
    expect(
      scheduleRequest({
        spaceId: 's',
        atmWorkflowSchemaId: 'w',
        revisionNumber: 1,
        overlay: { x: [1] },
        logLevel: 'debug',
        callback: 'https://h.example.org'
      })
    ).toMatchObject({
      storeInitialContentOverlay: { x: [1] },
      logLevel: 'debug',
      callback: 'https://h.example.org'
    })
  })
})

const rev = (state: string, description = '') => ({
  state,
  description,
  lanes: [{ id: 'l', name: 'Lane one', parallelBoxes: [] }],
  stores: [{ id: 's', name: 'Input', type: 'list', requiresInitialContent: true }]
})
const schema = (over: Partial<WorkflowSchema>): WorkflowSchema => ({
  atmWorkflowSchemaId: 'id',
  name: 'w',
  summary: '',
  atmInventoryId: 'inv',
  revisionRegistry: {},
  ...over
})

describe('workflow catalog', () => {
  it('summarises revisions newest first, skipping keys that are not revision numbers', () => {
    const s = summarizeSchema(
      schema({
        revisionRegistry: { '1': rev('stable', 'first'), '3': rev('draft'), x: rev('draft') }
      })
    )
    expect(s.revisions).toEqual([
      { revisionNumber: 3, state: 'draft' },
      { revisionNumber: 1, state: 'stable', description: 'first' }
    ])
  })

  it('offers the newest stable revision, else the newest not deprecated, else the newest', () => {
    const r = (...states: string[]): WorkflowSummary => ({
      ...summarizeSchema(schema({})),
      revisions: states.map((state, i) => ({ revisionNumber: states.length - i, state }))
    })
    expect(preferredRevision(r('draft', 'stable', 'stable'))).toBe(2)
    expect(preferredRevision(r('deprecated', 'draft'))).toBe(1)
    expect(preferredRevision(r('deprecated', 'deprecated'))).toBe(2)
    expect(preferredRevision(r())).toBeUndefined()
  })

  it('gives one revision with its stores and lane names, or nothing', () => {
    const s = schema({ revisionRegistry: { '2': rev('stable') } })
    expect(revisionView(s, 2)).toMatchObject({
      revisionNumber: 2,
      laneNames: ['Lane one'],
      stores: [{ id: 's', requiresInitialContent: true }]
    })
    expect(revisionView(s, 1)).toBeUndefined()
  })

  it('finds schemas by every word in name, summary or description; name matches first', () => {
    const list = [
      schema({ atmWorkflowSchemaId: 'a', name: 'checksum-and-publish', summary: 'Hashes files' }),
      schema({
        atmWorkflowSchemaId: 'b',
        name: 'variant-calling',
        revisionRegistry: { '1': rev('stable', 'Publish variants, checksum each') }
      }),
      schema({ atmWorkflowSchemaId: 'c', name: 'Archive', summary: 'cold storage' })
    ].map(summarizeSchema)
    expect(findWorkflows(list, 'CHECKSUM publish').map((w) => w.atmWorkflowSchemaId)).toEqual([
      'a',
      'b'
    ])
    expect(findWorkflows(list, 'hashes').map((w) => w.name)).toEqual(['checksum-and-publish'])
    expect(findWorkflows(list, 'nothing like it')).toEqual([])
    expect(findWorkflows(list, '  ').map((w) => w.name)).toEqual([
      'Archive',
      'checksum-and-publish',
      'variant-calling'
    ])
  })
})
