// The order in which a request is checked (spec §1.1) and the errors of §5.2 for the bodies of
// retry and rerun, over HTTP.
import { describe, expect, it } from 'vitest'
import { BOGUS_ID, detailsPath, err, requestTestbed } from '../../helpers/request-testbed'

const bed = requestTestbed()

describe('request processing order (spec §1.1)', () => {
  it('a present but invalid token is refused first, even with a bad body on an unknown id', async () => {
    const r = await bed.sim.request('POST', `${detailsPath(BOGUS_ID)}/retry`, {
      token: 'bogus-token-value',
      body: { laneIndex: 'x' }
    })
    expect(r.status).toBe(401)
    expect(err(r).details?.authError).toMatchObject({ id: 'tokenInvalid' })
  })

  it('a bad body on an unknown id is a 400, not a 404', async () => {
    const r = await bed.sim.op('POST', `/automation/execution/workflows/${BOGUS_ID}/retry`, {
      body: { laneIndex: 0, laneRunNumber: 1 }
    })
    expect(r.status).toBe(400)
    expect(err(r)).toMatchObject({ id: 'badValueTooLow', details: { key: 'laneIndex', limit: 1 } })
  })

  it('a bad body without any token is a 400: sanitising comes before the guest check', async () => {
    const r = await bed.sim.request('POST', `${detailsPath(BOGUS_ID)}/rerun`, { body: {} })
    expect(r.status).toBe(400)
    expect(err(r)).toMatchObject({ id: 'missingRequiredValue', details: { key: 'laneIndex' } })
  })

  it('no token on a valid request is a 401, even for an unknown id', async () => {
    const r = await bed.sim.request('POST', `${detailsPath(BOGUS_ID)}/retry`, {
      body: { laneIndex: 1, laneRunNumber: 1 }
    })
    expect(r.status).toBe(401)
    expect(err(r).id).toBe('unauthorized')
  })

  it('an unknown id with a good token and body is 404 notFound', async () => {
    const r = await bed.sim.op('POST', `/automation/execution/workflows/${BOGUS_ID}/pause`)
    expect(r.status).toBe(404)
    expect(err(r).id).toBe('notFound')
  })

  it('a body that is not a JSON object is malformedData', async () => {
    for (const rawBody of ['[1,2]', '{"laneIndex": ', '"text"']) {
      const r = await bed.sim.op('POST', `/automation/execution/workflows/${bed.finished}/rerun`, {
        rawBody,
        headers: { 'content-type': 'application/json' }
      })
      expect(r.status).toBe(400)
      expect(err(r).id).toBe('malformedData')
    }
  })

  it('retry and rerun refuse a body of another content type with 415', async () => {
    const r = await bed.sim.op('POST', `/automation/execution/workflows/${bed.finished}/rerun`, {
      rawBody: 'laneIndex=1',
      headers: { 'content-type': 'text/plain' }
    })
    expect(r.status).toBe(415)
  })

  it('query parameters win over body keys', async () => {
    const r = await bed.sim.op(
      'POST',
      `/automation/execution/workflows/${bed.finished}/rerun?laneIndex=7`,
      { body: { laneIndex: 1, laneRunNumber: 1 } }
    )
    expect(r.status).toBe(404) // lane 7 does not exist; the body's lane 1 would have worked
  })
})

describe('retry and rerun bodies', () => {
  const cases: [Record<string, unknown>, string, Record<string, unknown>][] = [
    [{ laneRunNumber: 1 }, 'missingRequiredValue', { key: 'laneIndex' }],
    [{ laneIndex: 1 }, 'missingRequiredValue', { key: 'laneRunNumber' }],
    [{ laneIndex: 'one', laneRunNumber: 1 }, 'badValueInteger', { key: 'laneIndex' }],
    [{ laneIndex: 1, laneRunNumber: 1.5 }, 'badValueInteger', { key: 'laneRunNumber' }],
    [{ laneIndex: 1, laneRunNumber: -3 }, 'badValueTooLow', { key: 'laneRunNumber', limit: 1 }]
  ]
  for (const [body, id, details] of cases) {
    it(`${JSON.stringify(body)} → ${id}`, async () => {
      const r = await bed.sim.op('POST', `/automation/execution/workflows/${bed.finished}/retry`, {
        body
      })
      expect(r.status).toBe(400)
      expect(err(r)).toMatchObject({ id, details })
    })
  }

  it('accepts numbers sent as numeric strings', async () => {
    const r = await bed.sim.op('POST', `/automation/execution/workflows/${bed.finished}/rerun`, {
      body: { laneIndex: '1', laneRunNumber: '1' }
    })
    expect(r.status).toBe(204)
    await bed.sim.untilStatus(bed.finished, 'finished')
  })

  it('an unknown lane or run number is 404 notFound, like an unknown execution', async () => {
    for (const body of [
      { laneIndex: 2, laneRunNumber: 1 },
      { laneIndex: 1, laneRunNumber: 99 }
    ]) {
      const r = await bed.sim.op('POST', `/automation/execution/workflows/${bed.finished}/rerun`, {
        body
      })
      expect(r.status).toBe(404)
      expect(err(r).id).toBe('notFound')
    }
  })
})
