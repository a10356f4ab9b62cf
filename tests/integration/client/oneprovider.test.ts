// Every Oneprovider client function against the simulator, over HTTP and over TLS with the
// provider's CA: reading, scheduling, every action, and the server's refusals as sent.
import { describe, expect, it } from 'vitest'
import { OneproviderClient } from '../../../src/core/onedata'
import { caught, clientTestbed, type ClientOptions } from '../../helpers/client-testbed'

const bed = clientTestbed({ tls: true })

describe.each([
  ['HTTP', () => bed.sim],
  ['TLS with the provider CA', () => bed.tlsSim]
])('Oneprovider client against the simulator over %s', (_transport, S) => {
  const client = (opts: ClientOptions = {}) => bed.client({ on: S(), ca: S().sim.caPem, ...opts })

  it('reads configuration, spaces and one space', async () => {
    const c = client()
    expect((await c.getConfiguration()).providerId).toBe(S().state.providerId)
    const spaces = await c.listSpaces()
    expect(spaces.map((s) => s.name).sort()).toEqual(['Lab', 'Remote'])
    expect((await c.getSpace(S().space('lab'))).providers).toEqual([
      { providerId: S().state.providerId, providerName: 'Conformance Oneprovider' }
    ])
    const remote = await caught(c.getSpace(S().space('remote')))
    expect(remote).toMatchObject({ id: 'spaceNotSupportedBy', httpStatus: 400, kind: 'server' })
  })

  it('schedules, reads, lists page by page, and dumps the audit log', async () => {
    const c = client()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const scheduled = await c.scheduleExecution({
        spaceId: S().space('lab'),
        atmWorkflowSchemaId: S().schema('single'),
        atmWorkflowSchemaRevisionNumber: 1,
        logLevel: 'debug'
      })
      expect(scheduled.note).toBeUndefined()
      ids.push(scheduled.atmWorkflowExecutionId!)
    }
    const d = await c.getExecution(ids[0]!)
    expect(d.atmWorkflowExecutionId).toBe(ids[0])
    expect(d.lanes[0]!.runs[0]!.runNumber).toBe(1)

    const page = await c.listExecutions(S().space('lab'), { phase: 'waiting', limit: 2 })
    expect(page.atmWorkflowExecutions).toHaveLength(2)
    expect(page.isLast).toBe(false)
    const pages: string[][] = []
    for await (const batch of c.iterateExecutionIds(S().space('lab'), 'waiting', { pageSize: 2 }))
      pages.push(batch)
    expect(pages.flat().sort()).toEqual([...ids].sort())
    expect(pages.length).toBe(2)

    await S().untilStatus(ids[0]!, 'finished')
    const log = await c.dumpAuditLog(d.systemAuditLogStoreId!)
    expect(log[0]!.content.description).toBe('Scheduled execution.')
    expect(log.some((e) => e.severity === 'debug')).toBe(true)
  })

  it('pauses, resumes, cancels, force-continues, retries, reruns and deletes', async () => {
    const c = client()
    const id = await S().schedule('failing')
    await S().untilStatus(id, 'active')
    await c.lifecycle('pause', id)
    await S().untilStatus(id, 'paused')
    await c.lifecycle('resume', id)
    expect((await c.getExecution(id)).status).toBe('resuming')
    await S().untilStatus(id, 'failed')
    await c.repeatLaneRun('retry', id, { laneIndex: 1, laneRunNumber: 1 })
    expect((await c.getExecution(id)).lanes[0]!.runs[0]).toMatchObject({
      runNumber: 2,
      runType: 'retry'
    })
    await S().untilStatus(id, 'failed')
    await c.repeatLaneRun('rerun', id, { laneIndex: 1, laneRunNumber: 1 })
    await S().untilStatus(id, 'failed')
    await c.lifecycle('force_continue', id)
    expect((await c.getExecution(id)).status).toBe('resuming')
    await S().untilStatus(id, 'active')
    await c.lifecycle('cancel', id)
    await S().untilStatus(id, 'cancelled')
    await c.deleteExecution(id)
    expect(await caught(c.getExecution(id))).toMatchObject({ id: 'notFound', httpStatus: 404 })
  })

  it('carries the server’s refusal: id, description, details and ctx', async () => {
    const c = client()
    const id = await S().schedule('single')
    await S().untilStatus(id, 'active')
    await c.lifecycle('pause', id)
    await S().untilStatus(id, 'paused')
    const e = await caught(c.lifecycle('pause', id))
    expect(e).toMatchObject({
      id: 'atmInvalidStatusTransition',
      kind: 'server',
      httpStatus: 400,
      details: { prevStatus: 'paused', newStatus: 'stopping' },
      endpoint: { name: 'Pause execution', method: 'POST' }
    })
    expect(e.ctx).toMatchObject({ service: 'opw' })
    expect(e.userMessage()).toBe(
      'Invalid status transition from "paused" to "stopping". (atmInvalidStatusTransition)'
    )
    const forbidden = await caught(client({ user: 'viewer' }).lifecycle('cancel', id))
    expect(forbidden).toMatchObject({ id: 'forbidden', httpStatus: 403 })
    const badBody = await caught(c.repeatLaneRun('retry', id, { laneIndex: 0, laneRunNumber: 1 }))
    expect(badBody).toMatchObject({ id: 'badValueTooLow', details: { key: 'laneIndex', limit: 1 } })
  })

  it('reports a rejected token with the authError, and a missing one', async () => {
    const bad = new OneproviderClient({
      url: S().sim.url,
      token: 'definitely-wrong',
      ca: S().sim.caPem
    })
    bed.clients.push(bad)
    const e = await caught(bad.listSpaces())
    expect(e).toMatchObject({ id: 'unauthorized', httpStatus: 401 })
    expect(e.authError?.id).toBe('tokenInvalid')
    expect(e.userMessage()).toBe(
      'The provider rejected the token: Provided token is not valid. (tokenInvalid)'
    )
    const none = await caught(client({ user: '' }).listSpaces())
    expect(none.userMessage()).toMatch(/requires a token/)
    const stranger = await caught(client({ user: 'stranger' }).listSpaces())
    expect(stranger.authError?.id).toBe('userNotSupported')
  })
})
