import { describe, expect, it, vi } from 'vitest'
import type { z } from 'zod'
import { AppError } from '../../src/core/errors'
import { dispatch } from '../../src/core/ipc'
import { OnedataError } from '../../src/core/onedata'
import type { Handlers } from '../../src/core/service'
import { buildApi, CHANNELS, contract } from '../../src/shared/ipc'

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
        description: expect.stringMatching(/^The phase is not usable: /)
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

describe('dispatch guarantees a result both transports can carry', () => {
  const answering = (value: unknown) => handlers({ 'accounts.list': async () => value })
  const cyclic: Record<string, unknown> = { a: 1 }
  cyclic.self = cyclic
  const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown
  class Account {
    label = 'x'
  }

  it.each([
    ['a cycle', cyclic, /nested deeper than 64 levels \(or circular\) at value(\.self)+/],
    ['a value 100,000 levels deep', deep, /nested deeper than 64 levels/],
    ['a bigint', { n: 1n }, /value\.n is a bigint/],
    ['a function', [1, () => 2], /value\[1\] is a function/],
    ['a symbol', { s: Symbol('s') }, /value\.s is a symbol/],
    ['a Date', { when: new Date(0) }, /value\.when is an object of type Date/],
    ['a class instance', [new Account()], /value\[0\] is an object of type Account/],
    ['NaN', { x: NaN }, /value\.x is NaN/],
    [
      'a getter that throws',
      {
        get boom() {
          throw new Error('no')
        }
      },
      /reading it failed \(no\)/
    ]
  ])('%s becomes an ipc.badReply error for that call', async (_what, value, problem) => {
    const result = await dispatch(answering(value), 'accounts.list', {})
    expect(result).toMatchObject({ ok: false, error: { id: 'ipc.badReply' } })
    const { description } = (result as { error: { description: string } }).error
    expect(description).toMatch(/^The answer to accounts\.list could not be sent: /)
    expect(description).toMatch(problem)
    // What dispatch returns always survives both transports.
    expect(() => JSON.stringify(result)).not.toThrow()
    expect(() => structuredClone(result)).not.toThrow()
  })

  it('passes plain data through as it is, undefined included', async () => {
    const value = { a: [1, undefined, 'x'], b: undefined, c: { d: null }, __proto__: null }
    const result = await dispatch(answering(value), 'accounts.list', {})
    expect(result).toEqual({ ok: true, value })
    expect((result as { value: unknown }).value).toBe(value)
    expect(() => structuredClone(result)).not.toThrow()
    expect(JSON.parse(JSON.stringify(result))).toEqual({
      ok: true,
      value: { a: [1, null, 'x'], c: { d: null } }
    })
    expect(await dispatch(answering(undefined), 'accounts.list', {})).toEqual({
      ok: true,
      value: undefined
    })
  })

  it('an error whose details cannot travel keeps its id and description', async () => {
    const err = new AppError('x.y', 'Because.', { details: { cyclic } })
    const failing = handlers({ 'accounts.list': async () => Promise.reject(err) })
    expect(await dispatch(failing, 'accounts.list', {})).toEqual({
      ok: false,
      error: { id: 'x.y', description: 'Because.' }
    })
    const odd = Object.create(null) as object
    const throwing = handlers({ 'accounts.list': async () => Promise.reject(odd) })
    expect(await dispatch(throwing, 'accounts.list', {})).toEqual({
      ok: false,
      error: {
        id: 'app.unexpected',
        description: 'Something went wrong: a value of type object was thrown'
      }
    })
  })

  it('a channel that is not a string is refused without turning it into one', async () => {
    const hostile = {
      toString: () => {
        throw new Error('no')
      }
    }
    expect(await dispatch(handlers(), hostile, {})).toMatchObject({
      ok: false,
      error: {
        id: 'ipc.unknownChannel',
        description: 'A channel name must be a string, not object.'
      }
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
      'inbox',
      'monitor',
      'notifications',
      'on',
      'schedule',
      'settings',
      'snapshots',
      'spaces'
    ])
    expect(Object.keys(api.snapshots!).sort()).toEqual([
      'admit',
      'choose',
      'compare',
      'delete',
      'gone',
      'list',
      'open',
      'reveal',
      'save',
      'saved'
    ])
    expect(Object.keys(api.schedule!).sort()).toEqual([
      'inventories',
      'revision',
      'submit',
      'workflows'
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

describe('every input of the contract is bounded', () => {
  /** Where a schema takes a value without an upper bound (a length, a count or a number). */
  function unbounded(schema: z.ZodType, at: string): string[] {
    const def = schema._zod.def as unknown as Record<string, unknown> & { type: string }
    const checks = (def.checks ?? []) as { _zod: { def: { check: string } } }[]
    const has = (check: string) => checks.some((c) => c._zod.def.check === check)
    const inner = (key: string, where = at) => unbounded(def[key] as z.ZodType, where)
    switch (def.type) {
      case 'object':
        return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) =>
          unbounded(v, `${at}.${k}`)
        )
      case 'string':
        return (schema as z.ZodString).maxLength === null ? [at] : []
      case 'number':
        return ((schema as z.ZodNumber).maxValue ?? Infinity) > 2 ** 31 - 1 ? [at] : []
      case 'array':
        return [...(has('max_length') ? [] : [at]), ...inner('element', `${at}[]`)]
      case 'record':
        // Values the contract only carries (an overlay) are bounded as a whole, by a refinement.
        return [
          ...inner('keyType', `${at}{key}`),
          ...(has('custom') ? [] : inner('valueType', `${at}{value}`))
        ]
      case 'optional':
      case 'nullable':
      case 'default':
        return inner('innerType')
      case 'pipe':
        return [...inner('in'), ...inner('out')]
      case 'enum':
      case 'boolean':
      case 'literal':
      case 'transform':
        return []
      case 'union':
        return (def.options as z.ZodType[]).flatMap((o) => unbounded(o, at))
      default:
        return [`${at} (${def.type})`]
    }
  }

  it('every string, number and list has an upper bound', () => {
    const found = CHANNELS.flatMap((c) => unbounded(contract[c].request, c))
    expect(found).toEqual([])
  })

  const request = (over: Record<string, unknown>) => ({
    accountId: 'a',
    executionId: 'e',
    type: 'retry',
    laneIndex: 1,
    laneRunNumber: 1,
    ...over
  })
  const submit = (over: Record<string, unknown>) => ({
    accountId: 'a',
    spaceId: 's',
    atmWorkflowSchemaId: 'w',
    revisionNumber: 1,
    ...over
  })
  const refused = { ok: false, error: { id: 'ipc.badRequest' } }

  it.each([
    ['executions.repeat', request({ laneIndex: 10_001 }), /^The lane index is not usable: /],
    ['executions.repeat', request({ laneRunNumber: 2 ** 31 }), /^The lane run number is not /],
    ['executions.repeat', request({ laneRunNumber: Number.MAX_SAFE_INTEGER }), /lane run number/],
    [
      'schedule.revision',
      { accountId: 'a', atmWorkflowSchemaId: 'w', revisionNumber: 2 ** 31 },
      /revision number/
    ],
    ['schedule.submit', submit({ revisionNumber: 2 ** 40 }), /revision number/],
    [
      'schedule.submit',
      submit({ overlay: { ['k'.repeat(201)]: 1 } }),
      /^The initial store content is not usable: a key is refused: too big[^k]*$/
    ],
    [
      'schedule.submit',
      submit({ overlay: { s: JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) } }),
      /The overlay is nested deeper than 32 levels/
    ],
    [
      'schedule.submit',
      submit({ overlay: { s: Array.from({ length: 100_001 }, () => 1) } }),
      /more than 100000 values/
    ],
    ['executions.list', { accountId: 'a', spaceId: 's', phase: 'ended', limit: 1001 }, /limit/],
    [
      'executions.list',
      { accountId: 'a', spaceId: 's', phase: 'ended', pageToken: 't'.repeat(2001) },
      /page token/
    ]
  ])('%s refuses an out-of-range value (%#)', async (channel, payload, message) => {
    const h = handlers()
    const r = await dispatch(h, channel, payload)
    expect(r).toMatchObject(refused)
    expect((r as { error: { description: string } }).error.description).toMatch(message)
  })

  it('takes the largest values in range', async () => {
    const h = handlers()
    for (const [channel, payload] of [
      ['executions.repeat', request({ laneIndex: 10_000, laneRunNumber: 2 ** 31 - 1 })],
      ['schedule.submit', submit({ revisionNumber: 2 ** 31 - 1, overlay: { s: [[1, 2], 'x'] } })]
    ] as const)
      expect(await dispatch(h, channel, payload)).toMatchObject({ ok: true })
  })
})
