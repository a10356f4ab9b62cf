import { describe, expect, it } from 'vitest'
import { findJsonMistake, parseJsonText } from '../../src/shared/json-text'

describe('parseJsonText: where a JSON mistake is, in words of our own', () => {
  it('gives the value of good JSON', () => {
    expect(parseJsonText(' {"a": [1, -2.5e3, "x\\u00e9\\n", true, null]} ')).toEqual({
      ok: true,
      value: { a: [1, -2500, 'xé\n', true, null] }
    })
  })

  it('gives the reason and the 1-based line and column', () => {
    expect(parseJsonText('{\n  "a": 1,\n  "b" 2\n}')).toEqual({
      ok: false,
      message: "Unexpected '2': expected ':' after the property name",
      line: 3,
      column: 7
    })
    expect(parseJsonText('{\n  "a": [1,\n}')).toEqual({
      ok: false,
      message:
        "Unexpected '}': expected a value (an object, array, string, number, true, false or null)",
      line: 3,
      column: 1
    })
  })

  const cases: [string, string, number][] = [
    ['{"a": 1,}', "A comma before '}' (JSON allows no trailing comma)", 9],
    ['[1, 2,]', "A comma before ']' (JSON allows no trailing comma)", 7],
    ["{'a': 1}", `Unexpected "'": expected a property name in double quotes`, 2],
    [
      '{"a": tru}',
      "Unexpected 't': expected a value (an object, array, string, number, true, false or null)",
      7
    ],
    ['[1 2]', "Unexpected '2': expected ',' or ']'", 4],
    ['[1, 2]]', "Unexpected ']' after the JSON value", 7],
    ['{"a": 01}', "Unexpected '1': expected ',' or '}'", 8],
    ['{"a": -}', 'A malformed number', 7],
    ['["a\\q"]', 'Unknown escape \\q in a string', 4],
    ['["abc', 'A string that is never closed', 2],
    ['{"a": [1, 2', 'The JSON text ends too early', 12],
    ['', 'The text is empty', 1]
  ]
  for (const [text, message, column] of cases)
    it(`${JSON.stringify(text)}: ${message}`, () => {
      expect(parseJsonText(text)).toEqual({ ok: false, message, line: 1, column })
    })

  it('a line break inside a string is named as such', () => {
    expect(parseJsonText('{"a": "one\ntwo"}')).toMatchObject({
      message: 'A line break inside a string (write it as \\n)',
      line: 1,
      column: 11
    })
  })

  it('agrees with JSON.parse on what is valid, for random texts and random damage', () => {
    let seed = 7
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const gen = (depth: number): unknown => {
      const r = rand()
      if (depth > 3 || r < 0.3)
        return [1, -0.5, 'x"\\y', true, null, 1e21, ''][Math.floor(rand() * 7)]
      if (r < 0.65) return Array.from({ length: Math.floor(rand() * 4) }, () => gen(depth + 1))
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [`k${i}`, gen(depth + 1)])
      )
    }
    const junk = ['', ',', '}', ']', '"', ':', '1', ' ', '\\', 'n', '{', '[', '-', '.']
    for (let n = 0; n < 3000; n++) {
      let text = JSON.stringify(gen(0), null, rand() < 0.5 ? 2 : undefined)
      if (n % 3) {
        const at = Math.floor(rand() * (text.length + 1))
        const cut = Math.floor(rand() * 2)
        text = text.slice(0, at) + junk[Math.floor(rand() * junk.length)] + text.slice(at + cut)
      }
      let valid = true
      try {
        JSON.parse(text)
      } catch {
        valid = false
      }
      expect(findJsonMistake(text) === undefined, text).toBe(valid)
    }
  })

  it('survives very deep nesting', () => {
    const deep = '['.repeat(200_000)
    expect(findJsonMistake(deep)).toEqual({
      offset: 200_000,
      message: 'The JSON text ends too early'
    })
  })
})
