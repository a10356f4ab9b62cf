import { fireEvent, render, screen, within } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import ScheduleDialog from '../../src/renderer/src/components/ScheduleDialog.svelte'
import type { ScheduleLoaders } from '../../src/renderer/src/lib/schedule/form.svelte'
import type { RevisionView, WorkflowSummary } from '../../src/shared/workflow-catalog'

const summaries: WorkflowSummary[] = [
  {
    atmWorkflowSchemaId: 'w1',
    name: 'checksum-and-publish',
    summary: 'Hashes and publishes files',
    atmInventoryId: 'inv',
    revisions: [
      { revisionNumber: 3, state: 'draft' },
      { revisionNumber: 2, state: 'stable', description: 'faster hashing' }
    ]
  },
  {
    atmWorkflowSchemaId: 'w2',
    name: 'variant-calling',
    summary: '',
    atmInventoryId: 'inv',
    revisions: [{ revisionNumber: 1, state: 'stable' }]
  }
]
const revision: RevisionView = {
  atmWorkflowSchemaId: 'w1',
  revisionNumber: 2,
  laneNames: ['Hash', 'Publish'],
  stores: [
    {
      id: 'in',
      name: 'Input files',
      type: 'list',
      config: { itemDataSpec: { type: 'file' } },
      requiresInitialContent: true,
      defaultInitialContent: null
    },
    {
      id: 'level',
      name: 'Level',
      type: 'singleValue',
      config: { itemDataSpec: { type: 'number', integersOnly: true } },
      requiresInitialContent: false
    }
  ]
}

function setup(picking = true, over: Partial<ScheduleLoaders> = {}) {
  const loaders: ScheduleLoaders = {
    inventories: vi.fn(async () => [{ atmInventoryId: 'inv', name: 'Main' }]),
    workflows: vi.fn(async () => summaries),
    revision: vi.fn(async () => revision),
    submit: vi.fn(async () => ({ executionId: 'new-id', notes: ['a note'] })),
    ...over
  }
  const onscheduled = vi.fn()
  const onclose = vi.fn()
  render(ScheduleDialog, {
    spaces: [
      { spaceId: 's1', name: 'Lab' },
      { spaceId: 's2', name: 'Remote', unsupported: 'not supported by this provider' }
    ],
    spaceId: 's1',
    picking,
    loaders,
    onclose,
    onscheduled
  })
  const dialog = screen.getByRole('dialog', { name: 'Schedule a workflow' })
  const q = within(dialog)
  const scheduleButton = () => q.getByRole('button', { name: 'Schedule' }) as HTMLButtonElement
  const overlay = () => q.getByLabelText(/Initial store content/) as HTMLTextAreaElement
  return { loaders, onscheduled, onclose, dialog, q, scheduleButton, overlay }
}

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } })

describe('ScheduleDialog with Onezone', () => {
  it('picks the only inventory, finds workflows by description, offers the stable revision', async () => {
    const { q, loaders } = setup()
    expect(await q.findByRole('radio', { name: /checksum-and-publish/ })).toBeInTheDocument()
    expect(loaders.workflows).toHaveBeenCalledWith('inv')
    expect(q.getAllByRole('radio')).toHaveLength(2)
    await type(q.getByLabelText('Search workflows'), 'publishes')
    expect(q.getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['w1'])
    await type(q.getByLabelText('Search workflows'), 'nothing')
    expect(q.getByText('No workflow matches "nothing".')).toBeInTheDocument()
    await type(q.getByLabelText('Search workflows'), '')
    await fireEvent.click(q.getByRole('radio', { name: /checksum-and-publish/ }))
    const rev = (await q.findByLabelText('Revision')) as HTMLSelectElement
    expect(rev.value).toBe('2')
    expect([...rev.options].map((o) => o.textContent)).toEqual([
      '3 (draft)',
      '2 (stable) — faster hashing'
    ])
    expect(loaders.revision).toHaveBeenCalledWith('w1', 2)
  })

  it('checks the overlay as typed and says why before sending; sends once it fits', async () => {
    const { q, loaders, onscheduled, scheduleButton, overlay } = setup()
    await fireEvent.click(await q.findByRole('radio', { name: /checksum-and-publish/ }))
    expect(await q.findByRole('table', { name: 'Stores of revision 2' })).toHaveTextContent(
      'Input files'
    )
    expect(
      q.getByText('Store "Input files" (in) needs initial content and has no default.')
    ).toBeInTheDocument()
    expect(scheduleButton().disabled).toBe(true)
    expect(q.getByText('To schedule: fix the overlay problems.')).toBeInTheDocument()

    await type(overlay(), '{"in": [1,]}')
    expect(q.getByText(/^Line 1, column 11: /)).toBeInTheDocument()
    expect(overlay()).toHaveAttribute('aria-invalid', 'true')

    await type(overlay(), '{"in": [7], "level": 1.5, "nope": 1}')
    const reasons = q.getAllByRole('listitem').map((li) => li.textContent)
    expect(reasons).toEqual([
      'There is no store "nope" in this revision (its stores: "Input files" (in), "Level" (level)).',
      'Store "Input files" (in): $[0] should be a file {"fileId": "…"}, got 7.',
      'Store "Level" (level): the content should be a whole number, got 1.5.'
    ])
    expect(overlay()).toHaveAccessibleDescription(expect.stringContaining('no store "nope"'))

    await type(overlay(), '')
    await fireEvent.click(q.getByRole('button', { name: 'Insert a template' }))
    expect(JSON.parse(overlay().value)).toEqual({ in: [{ fileId: '' }] })
    expect(scheduleButton().disabled).toBe(true) // the template's ids are to be filled in
    await type(overlay(), overlay().value.replace('""', '"f1"'))
    expect(q.getByText('The overlay fits the stores of this revision.')).toBeInTheDocument()
    expect(scheduleButton().disabled).toBe(false)

    await fireEvent.change(q.getByLabelText('Log level'), { target: { value: 'debug' } })
    await fireEvent.click(scheduleButton())
    await vi.waitFor(() => expect(onscheduled).toHaveBeenCalledWith('new-id', ['a note']))
    expect(loaders.submit).toHaveBeenCalledWith({
      spaceId: 's1',
      atmWorkflowSchemaId: 'w1',
      revisionNumber: 2,
      overlay: { in: [{ fileId: 'f1' }] },
      logLevel: 'debug'
    })
  })

  it('says when the inventories cannot be loaded, and tries again', async () => {
    let fail = true
    const { q } = setup(true, {
      inventories: vi.fn(async () => {
        if (fail) throw new Error('Onezone could not be reached.')
        return [{ atmInventoryId: 'inv', name: 'Main' }]
      })
    })
    const alert = await q.findByRole('alert')
    expect(alert).toHaveTextContent(
      'The inventories could not be loaded: Onezone could not be reached.'
    )
    fail = false
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await q.findByRole('option', { name: 'Main' })).toBeInTheDocument()
  })

  it('a refusal from the app is shown and the form is kept', async () => {
    const { q, scheduleButton, overlay, onscheduled } = setup(true, {
      submit: vi.fn(async () => {
        throw new Error('You may not schedule in this space. (forbidden)')
      })
    })
    await fireEvent.click(await q.findByRole('radio', { name: /checksum-and-publish/ }))
    await q.findByRole('table', { name: 'Stores of revision 2' })
    await type(overlay(), '{"in": [{"fileId": "f"}]}')
    await fireEvent.click(scheduleButton())
    expect(await q.findByRole('alert')).toHaveTextContent(
      'You may not schedule in this space. (forbidden)'
    )
    expect(overlay().value).toBe('{"in": [{"fileId": "f"}]}')
    expect(onscheduled).not.toHaveBeenCalled()
  })
})

describe('ScheduleDialog without Onezone', () => {
  it('takes the ids; checks JSON and the callback as typed; unsupported spaces are disabled', async () => {
    const { q, loaders, scheduleButton, overlay, onscheduled } = setup(false)
    expect(loaders.inventories).not.toHaveBeenCalled()
    const remote = q.getByRole('option', { name: 'Remote — not supported by this provider' })
    expect((remote as HTMLOptionElement).disabled).toBe(true)
    expect(
      q.getByText('To schedule: enter a workflow schema id, enter a revision number (1 or more).')
    ).toBeInTheDocument()
    await type(q.getByLabelText('Workflow schema id'), 'abc')
    await type(q.getByLabelText('Revision number'), '2')
    await type(overlay(), '{"x": 1')
    expect(q.getByText(/^Line 1, column 8: The JSON text ends too early\.$/)).toBeInTheDocument()
    await type(overlay(), '{"x": 1}')
    expect(
      q.getByText('Without Onezone, the provider checks the overlay when it is sent.')
    ).toBeInTheDocument()

    const callback = q.getByLabelText(/Callback URL/)
    await type(callback, 'example.org/hook')
    expect(callback).toHaveAttribute('aria-invalid', 'true')
    expect(callback).toHaveAccessibleDescription(
      'The callback URL is not a URL (expected e.g. https://example.org/hook).'
    )
    expect(scheduleButton().disabled).toBe(true)
    await type(callback, 'http://localhost:8080/hook')
    expect(callback).toHaveAccessibleDescription(
      'Note: the provider calls this URL, so a loopback address means its own machine.'
    )
    await fireEvent.click(scheduleButton())
    await vi.waitFor(() => expect(onscheduled).toHaveBeenCalledWith('new-id', ['a note']))
    expect(loaders.submit).toHaveBeenCalledWith({
      spaceId: 's1',
      atmWorkflowSchemaId: 'abc',
      revisionNumber: 2,
      overlay: { x: 1 },
      logLevel: 'info',
      callback: 'http://localhost:8080/hook'
    })
  })

  it('Esc and Cancel close it', async () => {
    const { dialog, q, onclose } = setup(false)
    await fireEvent.keyDown(dialog, { key: 'Escape' })
    await fireEvent.click(q.getByRole('button', { name: 'Cancel' }))
    expect(onclose).toHaveBeenCalledTimes(2)
  })
})
