// Privileges (spec §2.0) over HTTP: who may list, read, schedule and act on executions, and in
// which spaces.
import { describe, expect, it } from 'vitest'
import { BOGUS_ID, err, requestTestbed } from '../../helpers/request-testbed'

const bed = requestTestbed()

describe('privileges (spec §2.0)', () => {
  it('view privilege and inventory membership let a viewer read details but not act', async () => {
    expect(
      (
        await bed.sim.op('GET', `/automation/execution/workflows/${bed.running}`, {
          user: 'viewer'
        })
      ).status
    ).toBe(200)
    const r = await bed.sim.op('POST', `/automation/execution/workflows/${bed.running}/pause`, {
      user: 'viewer'
    })
    expect(r.status).toBe(403)
    expect(err(r).id).toBe('forbidden')
  })

  it('without inventory membership details are forbidden, listing is not', async () => {
    const d = await bed.sim.op('GET', `/automation/execution/workflows/${bed.finished}`, {
      user: 'outsider'
    })
    expect(d.status).toBe(403)
    const list = await bed.sim.op<{ atmWorkflowExecutions: string[] }>(
      'GET',
      `/spaces/${bed.sim.space('lab')}/automation/execution/workflows?phase=ended`,
      { user: 'outsider' }
    )
    expect(list.status).toBe(200)
    expect(list.body.atmWorkflowExecutions).toContain(bed.finished)
  })

  it('a member without the view privilege cannot list', async () => {
    const r = await bed.sim.op(
      'GET',
      `/spaces/${bed.sim.space('lab')}/automation/execution/workflows`,
      {
        user: 'member'
      }
    )
    expect(r.status).toBe(403)
  })

  it('an unknown space and a space one is not in both answer 403 on listing', async () => {
    const r = await bed.sim.op('GET', `/spaces/${BOGUS_ID}/automation/execution/workflows`)
    expect(r.status).toBe(403)
  })

  it('the schedule privilege covers one own executions; others need manage', async () => {
    const own = await bed.sim.schedule('single', { user: 'operator' })
    expect((await bed.sim.action(own, 'pause', { user: 'operator' })).status).toBe(204)
    const others = await bed.sim.schedule('single')
    const refused = await bed.sim.action(others, 'pause', { user: 'operator' })
    expect(refused.status).toBe(403)
    expect((await bed.sim.action(others, 'pause', { user: 'manager' })).status).toBe(204)
  })

  it('scheduling needs the schedule privilege (manage alone is not enough)', async () => {
    const r = await bed.sim.op('POST', '/automation/execution/workflows', {
      user: 'manager',
      body: {
        spaceId: bed.sim.space('lab'),
        atmWorkflowSchemaId: bed.sim.schema('single'),
        atmWorkflowSchemaRevisionNumber: 1
      }
    })
    expect(r.status).toBe(403)
  })

  it('a space this provider does not support is spaceNotSupportedBy for listing and scheduling', async () => {
    const list = await bed.sim.op(
      'GET',
      `/spaces/${bed.sim.space('remote')}/automation/execution/workflows`
    )
    expect(list.status).toBe(400)
    expect(err(list)).toMatchObject({
      id: 'spaceNotSupportedBy',
      details: { spaceId: bed.sim.space('remote'), providerId: bed.sim.state.providerId }
    })
    const sched = await bed.sim.op('POST', '/automation/execution/workflows', {
      body: {
        spaceId: bed.sim.space('remote'),
        atmWorkflowSchemaId: bed.sim.schema('single'),
        atmWorkflowSchemaRevisionNumber: 1
      }
    })
    expect(sched.status).toBe(400)
    expect(err(sched).id).toBe('spaceNotSupportedBy')
  })
})
