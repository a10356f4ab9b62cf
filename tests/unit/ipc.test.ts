import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../src/core/errors'
import { dispatch } from '../../src/core/ipc'
import { OnedataError } from '../../src/core/onedata'
import type { Handlers } from '../../src/core/service'
import { buildApi } from '../../src/shared/ipc'

const handlers = (overrides: Partial<Record<string, (r: unknown) => Promise<unknown>>> = {}) =>
  new Proxy({} as Handlers, {
    get: (_t, channel: string) => overrides[channel] ?? (async (r: unknown) => ({ echo: r }))
  })

describe('dispatch', () => {
  it('refuses an unknown channel, including prototype names', async () => {
    for (const channel of ['nope', 'toString', '__proto__', 42]) {
      expect(await dispatch(handlers(), channel, {})).toMatchObject({
        ok: false,
        error: { id: 'ipc.unknownChannel' }
      })
    }
  })

  it('validates the payload against the contract (extra keys included) and never throws', async () => {
    const h = handlers()
    expect(
      await dispatch(h, 'executions.list', { accountId: 'a', spaceId: 's', phase: 'done' })
    ).toMatchObject({
      ok: false,
      error: {
        id: 'ipc.badRequest',
        description: expect.stringMatching(/^Invalid request for executions\.list: phase: /)
      }
    })
    expect(await dispatch(h, 'accounts.remove', { accountId: 'a', extra: 1 })).toMatchObject({
      ok: false,
      error: { id: 'ipc.badRequest' }
    })
    expect(await dispatch(h, 'executions.get', 'not an object')).toMatchObject({ ok: false })
    expect(
      await dispatch(h, 'executions.repeat', {
        accountId: 'a',
        executionId: 'e',
        type: 'retry',
        laneIndex: 0,
        laneRunNumber: 1
      })
    ).toMatchObject({ ok: false })
    expect(await dispatch(h, 'accounts.list', undefined)).toEqual({ ok: true, value: { echo: {} } })
  })

  it('turns failures into plain errors', async () => {
    const fail = (err: unknown) => handlers({ 'accounts.list': async () => Promise.reject(err) })
    const server = new OnedataError({
      id: 'forbidden',
      kind: 'server',
      description: 'No.',
      httpStatus: 403
    })
    expect(await dispatch(fail(server), 'accounts.list', {})).toEqual({
      ok: false,
      error: { id: 'forbidden', kind: 'server', description: 'No. (forbidden)', httpStatus: 403 }
    })
    expect(await dispatch(fail(new AppError('x.y', 'Because.')), 'accounts.list', {})).toEqual({
      ok: false,
      error: { id: 'x.y', description: 'Because.' }
    })
    expect(await dispatch(fail(new TypeError('boom')), 'accounts.list', {})).toEqual({
      ok: false,
      error: { id: 'app.unexpected', description: 'Something went wrong: boom' }
    })
  })
})

describe('buildApi', () => {
  it('exposes one domain method per channel and nothing raw', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: 1 }))
    const api = buildApi(invoke, () => () => {}) as unknown as Record<
      string,
      Record<string, (r?: unknown) => Promise<unknown>>
    >
    expect(Object.keys(api).sort()).toEqual([
      'accounts',
      'app',
      'demo',
      'executions',
      'monitor',
      'notifications',
      'on',
      'settings',
      'spaces'
    ])
    expect(Object.keys(api.executions!).sort()).toEqual([
      'act',
      'auditLog',
      'get',
      'list',
      'repeat'
    ])
    await api.executions!.list!({ accountId: 'a' })
    expect(invoke).toHaveBeenCalledWith('executions.list', { accountId: 'a' })
    await api.accounts!.list!()
    expect(invoke).toHaveBeenLastCalledWith('accounts.list', {})
  })

  it('subscribes to known events only and returns an unsubscribe', () => {
    const unsubscribe = vi.fn()
    const subscribe = vi.fn(() => unsubscribe)
    const api = buildApi(async () => undefined, subscribe)
    const off = api.on('monitor:event', () => {})
    off()
    expect(unsubscribe).toHaveBeenCalled()
    expect(() => api.on('bogus' as 'navigate', () => {})).toThrow(/unknown event/)
  })
})
