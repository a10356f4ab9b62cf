// Request targets and routes over HTTP: targets no URL parser likes, unknown paths, wrong
// methods, and the control API only with --control.
import { describe, expect, it } from 'vitest'
import { errorOf, raw } from '../../helpers/raw-http'
import { err, requestTestbed } from '../../helpers/request-testbed'
import { P } from '../../helpers/simulator'

const bed = requestTestbed()

const get = (target: string, headers = '') =>
  raw(
    bed.sim.sim.url,
    `GET ${target} HTTP/1.0\r\nHost: 127.0.0.1\r\nX-Auth-Token: ${bed.sim.token('admin')}\r\n${headers}\r\n`
  )

describe('request targets', () => {
  it('GET // and //api/… are 404 notFound, not a crash', async () => {
    for (const target of ['//', `//${P.slice(1)}/spaces`, `${P}//spaces`]) {
      const r = await get(target)
      expect(r).toMatchObject({ status: 404, reset: false })
      expect(errorOf(r.body).id).toBe('notFound')
    }
  })

  it('a "%" that starts no escape is 400 badData naming the path', async () => {
    for (const target of ['/%', `${P}/automation/execution/workflows/%zz`, `${P}/spaces/%E2/%82`]) {
      const r = await get(target)
      expect(r.status).toBe(400)
      expect(errorOf(r.body)).toMatchObject({ id: 'badData', details: { key: 'path' } })
    }
  })

  it('a target that is not a path is 400', async () => {
    const r = await get('http://elsewhere.example/api/v3/oneprovider/spaces')
    expect(r.status).toBe(400)
    expect(errorOf(r.body).details).toMatchObject({ key: 'path' })
  })

  it('a wrong method is 405 with the methods the path has', async () => {
    const r = await bed.sim.op('PUT', '/automation/execution/workflows/some-id')
    expect(r.status).toBe(405)
    expect(r.headers.get('allow')).toBe('GET, DELETE')
  })
})

describe('routes and the control API', () => {
  it('a path with a broken %-escape is 400, as cowboy’s router answers, and the simulator keeps serving', async () => {
    const r = await bed.sim.op('GET', '/automation/execution/workflows/%E0%A4%A')
    expect(r.status).toBe(400)
    expect(err(r)).toMatchObject({ id: 'badData', details: { key: 'path' } })
    expect((await bed.sim.op('GET', '/spaces')).status).toBe(200)
  })

  it('an unknown path is 404 and a wrong method 405', async () => {
    expect((await bed.sim.op('GET', '/automation/nothing-here')).status).toBe(404)
    expect(
      (await bed.sim.op('PUT', `/automation/execution/workflows/${bed.finished}`)).status
    ).toBe(405)
  })

  it('the control API does not exist without --control', async () => {
    const { startSimulator } = await import('../../../src/simulator/server')
    const plain = await startSimulator({ scenario: 'conformance' })
    try {
      const state = await fetch(`${plain.url}/__simulator/state`)
      expect(state.status).toBe(404)
      const reset = await fetch(`${plain.url}/__simulator/reset`, { method: 'POST' })
      expect(reset.status).toBe(404)
    } finally {
      await plain.stop()
    }
  })
})
