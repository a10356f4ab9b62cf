// Authentication (spec §1) over HTTP: the token headers, the authErrors, what needs no token,
// and the ctx every error carries.
import { describe, expect, it } from 'vitest'
import { BOGUS_ID, detailsPath, err, requestTestbed } from '../../helpers/request-testbed'
import { P, SimDriver, Z } from '../../helpers/simulator'

const bed = requestTestbed()

describe('authentication', () => {
  it('accepts X-Auth-Token, Authorization: Bearer and the deprecated Macaroon header', async () => {
    const token = bed.sim.token('admin')
    const variants: Record<string, string>[] = [
      { 'x-auth-token': token },
      { authorization: `Bearer ${token}` },
      { macaroon: token }
    ]
    for (const headers of variants) {
      const r = await bed.sim.request('GET', detailsPath(bed.finished), { headers })
      expect(r.status).toBe(200)
    }
  })

  it('refuses a request without a token with 401 unauthorized and no authError', async () => {
    const r = await bed.sim.request('GET', detailsPath(bed.finished))
    expect(r.status).toBe(401)
    expect(err(r).id).toBe('unauthorized')
    expect(err(r).details).toBeUndefined()
  })

  it('refuses an unknown token with authError tokenInvalid', async () => {
    const r = await bed.sim.request('GET', detailsPath(bed.finished), {
      token: 'not-a-token-at-all'
    })
    expect(r.status).toBe(401)
    expect(err(r).details?.authError).toMatchObject({ id: 'tokenInvalid' })
  })

  it('refuses a revoked token with authError tokenRevoked', async () => {
    const d = await SimDriver.start()
    try {
      const before = await d.request('GET', `${P}/spaces`, { token: d.token('viewer') })
      expect(before.status).toBe(200)
      await d.inject({ type: 'revokeToken', user: 'viewer' })
      const r = await d.request('GET', `${P}/spaces`, { token: d.token('viewer') })
      expect(r.status).toBe(401)
      expect(err(r).details?.authError).toMatchObject({ id: 'tokenRevoked' })
    } finally {
      await d.stop()
    }
  })

  it('refuses a user none of whose spaces this provider supports (userNotSupported)', async () => {
    const r = await bed.sim.op('GET', '/spaces', { user: 'stranger' })
    expect(r.status).toBe(401)
    expect(err(r).details?.authError).toMatchObject({ id: 'userNotSupported' })
  })

  it('serves /configuration without authentication', async () => {
    const r = await bed.sim.request<Record<string, unknown>>('GET', `${P}/configuration`)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ providerId: bed.sim.state.providerId, version: '25.0' })
  })

  it('puts ctx with the service description into every error', async () => {
    const r = await bed.sim.op('GET', `/automation/execution/workflows/${BOGUS_ID}`)
    expect(r.status).toBe(404)
    expect(err(r)).toMatchObject({
      id: 'notFound',
      ctx: {
        service: 'opw',
        serviceId: bed.sim.state.providerId,
        serviceReleaseVersion: '25.0',
        timestamp: expect.any(Number),
        module: expect.any(String),
        line: expect.any(Number)
      }
    })
    const zone = await bed.sim.request('GET', `${Z}/atm_workflow_schemas/${BOGUS_ID}`, {
      token: bed.sim.token('admin')
    })
    expect(err(zone).ctx).toMatchObject({ service: 'ozw', serviceId: 'onezone' })
  })
})
