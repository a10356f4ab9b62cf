// The CLI's one function for text from a server: control characters made visible.
import { describe, expect, it } from 'vitest'
import { cleanDeep, cleanJson, cleanLines, cleanText } from '../../src/cli/text'

describe('cleanText', () => {
  it('makes every control character visible, so nothing fakes a line or drives the terminal', () => {
    expect(cleanText('a\nb\r\tc')).toBe('a\\nb\\r\\tc')
    expect(cleanText('\u001b]0;title\u0007\u001b[2J')).toBe('\\u001b]0;title\\u0007\\u001b[2J')
    expect(cleanText('\u0000\u007f\u0085\u009b')).toBe('\\u0000\\u007f\\u0085\\u009b')
    expect(cleanText('\u2028\u2029\u202e\u2066\u200f')).toBe('\\u2028\\u2029\\u202e\\u2066\\u200f')
  })

  it('leaves ordinary text alone, accents and emoji included', () => {
    const text = 'Łódź → 東京 ✓ 🧪 "quoted" \\ back'
    expect(cleanText(text)).toBe(text)
  })
})

describe('cleanLines and cleanJson', () => {
  it('cleanLines keeps the line breaks and cleans each line', () => {
    expect(cleanLines('one\u001b[31m\ntwo\r')).toBe('one\\u001b[31m\ntwo\\r')
  })

  it('cleanJson is valid JSON that reads back the same, with no raw C1 or bidi character', () => {
    const value = { name: 'a\u009b31m\u202eb\u2028c\u001b', n: 1 }
    const text = cleanJson(value)
    for (const raw of ['\u009b', '\u202e', '\u2028', '\u001b']) expect(text).not.toContain(raw)
    expect(JSON.parse(text)).toEqual(value)
    expect(cleanJson(undefined)).toBe('null')
  })
})

describe('cleanDeep', () => {
  it('reaches every string of a value, keys included, and leaves other values alone', () => {
    expect(cleanDeep({ [`k\u001b`]: ['a\u202eb', 1, null, { x: '\n' }] })).toEqual({
      'k\\u001b': ['a\\u202eb', 1, null, { x: '\\n' }]
    })
  })
})
