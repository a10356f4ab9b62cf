// Text from a snapshot reaches the terminal inert: control characters are shown, not obeyed, and
// JSON output stays the same data.
import { describe, expect, it } from 'vitest'
import { printable, printableDeep, safeJson } from '../../src/cli/commands/snapshot-render'

const nasty = 'ok\u001b[2J\rX\u009b31m\u202eevil\u2028end\u0000'

describe('printable', () => {
  it('shows escape sequences, carriage returns, C1 controls and bidi overrides as \\uXXXX', () => {
    expect(printable(nasty)).toBe('ok\\u001b[2J\\u000dX\\u009b31m\\u202eevil\\u2028end\\u0000')
    expect(printable('naïve 名前 🎉 tab-free')).toBe('naïve 名前 🎉 tab-free')
    expect(printable(printable(nasty))).toBe(printable(nasty))
  })

  it('reaches every string of a value, keys included', () => {
    expect(printableDeep({ [`k\u001b`]: [nasty, 1, null, { x: '\n' }] })).toEqual({
      'k\\u001b': [printable(nasty), 1, null, { x: '\\u000a' }]
    })
  })

  it('JSON output holds no raw control character and parses to the same value', () => {
    const value = { name: nasty, list: ['\u0085', '\u2066'] }
    const text = safeJson(value)
    const lines = text.split('\n')
    expect(lines.map(printable)).toEqual(lines)
    expect(JSON.parse(text)).toEqual(value)
  })
})
