// Scheduling an execution (spec §2.1) over HTTP: the answer, every refusal of a bad body, schema
// or revision, store overlays, and the callback when the execution stops.
import { describe, expect, it } from 'vitest'
import { BOGUS_ID, err, requestTestbed } from '../../helpers/request-testbed'

const bed = requestTestbed()

describe('schedule (spec §2.1)', () => {
  const base = () => ({
    spaceId: bed.sim.space('lab'),
    atmWorkflowSchemaId: bed.sim.schema('single'),
    atmWorkflowSchemaRevisionNumber: 1
  })
  const schedule = (body: unknown, user = 'admin') =>
    bed.sim.op('POST', '/automation/execution/workflows', { body, user })

  it('answers 201 with a Location header and the new id; the execution starts scheduled', async () => {
    const r = await schedule(base())
    expect(r.status).toBe(201)
    const id = (r.body as { atmWorkflowExecutionId: string }).atmWorkflowExecutionId
    expect(id).toMatch(/^[0-9a-f]{32}ch[0-9a-f]{4}$/)
    expect(r.headers.get('location')).toMatch(
      new RegExp(`/api/v3/oneprovider/automation/execution/workflows/${id}$`)
    )
    const d = await bed.sim.details(id)
    expect(d).toMatchObject({ status: 'scheduled', startTime: 0, suspendTime: 0, finishTime: 0 })
    expect(d.lanes[0]!.runs).toEqual([
      expect.objectContaining({
        runNumber: 1,
        originRunNumber: null,
        runType: 'regular',
        status: 'scheduled',
        parallelBoxes: []
      })
    ])
  })

  const invalid: [
    string,
    (b: Record<string, unknown>) => unknown,
    string,
    Record<string, unknown>?
  ][] = [
    ['missing space', ({ spaceId: _, ...b }) => b, 'missingRequiredValue', { key: 'spaceId' }],
    [
      'missing schema and space: the first key in order wins',
      ({ spaceId: _s, atmWorkflowSchemaId: _w, ...b }) => b,
      'missingRequiredValue',
      { key: 'atmWorkflowSchemaId' }
    ],
    [
      'empty schema id',
      (b) => ({ ...b, atmWorkflowSchemaId: '' }),
      'badValueEmpty',
      { key: 'atmWorkflowSchemaId' }
    ],
    ['space id not a string', (b) => ({ ...b, spaceId: 42 }), 'badValueString', { key: 'spaceId' }],
    [
      'non-integer revision',
      (b) => ({ ...b, atmWorkflowSchemaRevisionNumber: 'latest' }),
      'badValueInteger'
    ],
    [
      'revision 0',
      (b) => ({ ...b, atmWorkflowSchemaRevisionNumber: 0 }),
      'badValueTooLow',
      { key: 'atmWorkflowSchemaRevisionNumber', limit: 1 }
    ],
    ['bad log level', (b) => ({ ...b, logLevel: 'verbose' }), 'badValueNotAllowed'],
    ['bad callback', (b) => ({ ...b, callback: 'not a url' }), 'badData', { key: 'callback' }],
    [
      'overlay not an object',
      (b) => ({ ...b, storeInitialContentOverlay: [1] }),
      'badValueJSON',
      { key: 'storeInitialContentOverlay' }
    ]
  ]
  for (const [name, body, id, details] of invalid) {
    it(`${name} → 400 ${id}`, async () => {
      const r = await schedule(body(base()))
      expect(r.status).toBe(400)
      expect(err(r).id).toBe(id)
      if (details) expect(err(r).details).toMatchObject(details)
    })
  }

  it('unknown schema or revision → 404 notFound', async () => {
    expect((await schedule({ ...base(), atmWorkflowSchemaId: BOGUS_ID })).status).toBe(404)
    expect((await schedule({ ...base(), atmWorkflowSchemaRevisionNumber: 9 })).status).toBe(404)
  })

  it('a schema from an inventory the user is not in → 403', async () => {
    expect((await schedule(base(), 'outsider')).status).toBe(403)
  })

  it('revisions that cannot run: no lanes, a lane without boxes, a box without tasks', async () => {
    const broken = (revision: number) =>
      schedule({
        ...base(),
        atmWorkflowSchemaId: bed.sim.schema('broken'),
        atmWorkflowSchemaRevisionNumber: revision
      })
    expect(err(await broken(1)).id).toBe('atmWorkflowEmpty')
    const lane = await broken(2)
    expect(err(lane)).toMatchObject({
      id: 'atmLaneEmpty',
      details: { atmLaneSchemaId: expect.any(String) }
    })
    const box = await broken(3)
    expect(err(box)).toMatchObject({
      id: 'atmParallelBoxEmpty',
      details: { atmParallelBoxSchemaId: expect.any(String) }
    })
  })

  it('initial content that is not an array → atmStoreCreationFailed naming the store', async () => {
    const storeId = bed.sim.state.schemas.find((s) => s.key === 'single')!.stores['1']![0]!
    const r = await schedule({ ...base(), storeInitialContentOverlay: { [storeId]: 'oops' } })
    expect(r.status).toBe(400)
    expect(err(r)).toMatchObject({
      id: 'atmStoreCreationFailed',
      details: { atmStoreSchemaId: storeId, specificError: { id: 'atmDataTypeUnverified' } }
    })
  })

  it('initial content overlays the store the lane iterates', async () => {
    const storeId = bed.sim.state.schemas.find((s) => s.key === 'single')!.stores['1']![0]!
    const r = await schedule({
      ...base(),
      storeInitialContentOverlay: { [storeId]: [1, 2, 3, 4, 5, 6, 7] }
    })
    const id = (r.body as { atmWorkflowExecutionId: string }).atmWorkflowExecutionId
    await bed.sim.untilStatus(id, 'finished')
    const task = (await bed.sim.view(id)).lanes[0]!.runs[0]!.boxes[0]!.tasks[0]!
    expect(task).toMatchObject({ itemsProcessed: 7, itemsFailed: 0 })
  })

  it('refuses a body of another content type with 415', async () => {
    const r = await bed.sim.op('POST', '/automation/execution/workflows', {
      rawBody: JSON.stringify(base()),
      headers: { 'content-type': 'text/plain' }
    })
    expect(r.status).toBe(415)
  })

  it('calls the callback URL when the execution stops', async () => {
    const { createServer } = await import('node:http')
    const received: unknown[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        received.push({ type: req.headers['content-type'], body: JSON.parse(body) })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    try {
      const r = await schedule({ ...base(), callback: `http://127.0.0.1:${port}/done` })
      const id = (r.body as { atmWorkflowExecutionId: string }).atmWorkflowExecutionId
      await bed.sim.untilStatus(id, 'finished')
      await expect.poll(() => received.length, { timeout: 5000 }).toBe(1)
      expect(received[0]).toEqual({
        type: 'application/json',
        body: { atmWorkflowExecutionId: id, status: 'finished' }
      })
    } finally {
      server.close()
    }
  })
})
