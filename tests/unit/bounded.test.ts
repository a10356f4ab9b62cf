// Pass-through values are bounded as they are parsed: depth, number of values and string length,
// iteratively (no stack frame per level), saying in the value what was cut.
import { describe, expect, it } from 'vitest'
import { boundExtras, boundValue, PASS_THROUGH_LIMITS } from '../../src/shared/bounded'
import { errorEnvelopeSchema } from '../../src/shared/errors'
import { auditLogEntrySchema } from '../../src/shared/execution'
import { zoneUserSchema } from '../../src/shared/onezone'
import { spaceListSchema } from '../../src/shared/provider'

const deep = (depth: number): unknown => JSON.parse(`${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`)
const limits = { maxDepth: 3, maxNodes: 10, maxStringLength: 5 }

describe('boundValue', () => {
  it('leaves a value within the limits as it is', () => {
    const value = { a: [1, 'two', null, true, { b: 'c' }], d: {} }
    expect(boundValue(value)).toBe(value)
    expect(boundValue(value, limits)).toEqual(value)
  })

  it('cuts containers deeper than maxDepth and says so', () => {
    expect(boundValue({ a: { b: { c: { d: 1 } } } }, limits)).toEqual({
      a: { b: { c: '[cut: nested deeper than 3 levels]' } }
    })
    expect(boundValue([[[[]]]], limits)).toEqual([[['[cut: nested deeper than 3 levels]']]])
  })

  it('walks a value nested 100,000 levels deep without overflowing the stack', () => {
    const bounded = boundValue(deep(100_000))
    const text = JSON.stringify(bounded)
    expect(text).toBe(
      `${'{"x":'.repeat(PASS_THROUGH_LIMITS.maxDepth)}"[cut: nested deeper than 32 levels]"${'}'.repeat(32)}`
    )
  })

  it('keeps at most maxNodes values, cutting items and keys with a count', () => {
    expect(
      boundValue(
        Array.from({ length: 20 }, (_, i) => i),
        limits
      )
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, '[cut: 11 more items]'])
    const keys = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]))
    const bounded = boundValue(keys, limits) as Record<string, unknown>
    expect(Object.keys(bounded)).toHaveLength(10)
    expect(bounded['[cut]']).toBe('3 more keys')
    // The budget is shared by the whole value, however it is spread.
    const wide = boundValue(
      Array.from({ length: 5 }, () => [1, 2, 3, 4, 5]),
      limits
    )
    expect(JSON.stringify(wide).match(/\d/g)!.length).toBeLessThan(20)
  })

  it('cuts long strings, turns non-finite numbers to null and names what JSON cannot hold', () => {
    expect(boundValue('abcdefgh', limits)).toBe('abcde[cut: 3 more characters]')
    expect(boundValue({ n: Infinity, f: () => 1, b: 10n, u: undefined })).toEqual({
      n: null,
      f: '[cut: a value of type function]',
      b: '[cut: a value of type bigint]',
      u: '[cut: a value of type undefined]'
    })
  })

  it('keeps a "__proto__" key as a key, never as a prototype', () => {
    const bounded = boundValue(JSON.parse('{"__proto__":{"polluted":true}}')) as object
    expect(Object.getPrototypeOf(bounded)).toBe(Object.prototype)
    expect(Object.keys(bounded)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('boundExtras', () => {
  it('bounds the undeclared keys together and leaves the declared ones to the schema', () => {
    const declaredValue = deep(50)
    const out = boundExtras({ known: declaredValue, extra: deep(40) }, new Set(['known'])) as {
      known: unknown
      extra: unknown
    }
    expect(out.known).toBe(declaredValue)
    expect(JSON.stringify(out.extra)).toContain('[cut: nested deeper than 32 levels]')
    expect(boundExtras('not an object', new Set())).toBe('not an object')
  })
})

describe('the schemas bound what they pass through', () => {
  const cut = '[cut: nested deeper than 32 levels]'

  it('error details, ctx and extra keys', () => {
    const parsed = errorEnvelopeSchema.parse({
      error: { id: 'x', description: 'y', details: deep(100_000), ctx: deep(100), more: deep(99) }
    })
    expect(JSON.stringify(parsed).split(cut)).toHaveLength(4)
  })

  it('audit-log details, referenced elements and extra content keys', () => {
    const entry = auditLogEntrySchema.parse({
      index: '1',
      timestamp: 1,
      severity: 'info',
      content: {
        description: 'ok',
        details: deep(1000),
        referencedElements: deep(1000),
        x: deep(1000)
      }
    })
    expect(entry.content.description).toBe('ok')
    expect(JSON.stringify(entry).split(cut)).toHaveLength(4)
  })

  it('Onezone and provider extras', () => {
    expect(JSON.stringify(zoneUserSchema.parse({ userId: 'u', x: deep(1000) }))).toContain(cut)
    const spaces = spaceListSchema.parse([{ spaceId: 's', name: 'n', x: deep(1000) }])
    expect(JSON.stringify(spaces)).toContain(cut)
    expect(spaces[0]!.name).toBe('n')
  })
})
