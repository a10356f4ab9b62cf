// JSON typed or read by a person (the schedule overlay): on a mistake, what is wrong and at which
// line and column. JavaScript engines word their errors differently and often give no position,
// so the mistake is located by a scan of our own, iterative so deep nesting cannot overflow.

/** A JSON text that failed to parse: the reason and where, 1-based. */
export interface JsonMistake {
  message: string
  line: number
  column: number
}

export type JsonText = { ok: true; value: unknown } | ({ ok: false } & JsonMistake)

/** Parses JSON text; on a mistake, says what and at which line and column. */
export function parseJsonText(text: string): JsonText {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    const found = findJsonMistake(text) ?? { offset: 0, message: 'This is not valid JSON' }
    const before = text.slice(0, found.offset).split('\n')
    return {
      ok: false,
      message: found.message,
      line: before.length,
      column: (before.at(-1)?.length ?? 0) + 1
    }
  }
}

const WS = new Set([' ', '\t', '\n', '\r'])
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

const show = (c: string | undefined) =>
  c === undefined ? 'the end' : c === '\n' ? 'a line break' : c === "'" ? `"'"` : `'${c}'`

type State = 'value' | 'item' | 'firstItem' | 'firstKey' | 'key' | 'colon' | 'after'

/** The first mistake in a JSON text and its offset, or undefined when it is valid. */
export function findJsonMistake(text: string): { offset: number; message: string } | undefined {
  if (text.trim() === '') return { offset: 0, message: 'The text is empty' }
  const stack: string[] = []
  let i = 0
  let state = 'value' as State
  const at = (message: string, offset = i) => ({ offset, message })
  const early = () => at('The JSON text ends too early', text.length)

  const string = () => {
    const start = i++
    for (; i < text.length; i++) {
      const c = text[i]!
      if (c === '"') return void i++
      if (c === '\n') return at('A line break inside a string (write it as \\n)')
      if (c < ' ') return at('A control character inside a string')
      if (c === '\\') {
        const e = text[++i]
        if (e === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5)) : !ESCAPES.has(e!))
          return e === undefined ? early() : at(`Unknown escape \\${e} in a string`, i - 1)
        if (e === 'u') i += 4
      }
    }
    return at('A string that is never closed', start)
  }

  const value = () => {
    const c = text[i]
    if (c === undefined) return early()
    if (c === '{' || c === '[') {
      stack.push(c)
      i++
      state = c === '{' ? 'firstKey' : 'firstItem'
      return
    }
    state = 'after'
    if (c === '"') return string()
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i
      if (!NUMBER.test(text)) return at(`A malformed number`)
      i = NUMBER.lastIndex
      return
    }
    for (const word of ['true', 'false', 'null'])
      if (text.startsWith(word, i)) return void (i += word.length)
    return at(
      `Unexpected ${show(c)}: expected a value (an object, array, string, number, true, false or null)`
    )
  }

  const close = () => {
    stack.pop()
    i++
    state = 'after'
  }
  const expected = (c: string | undefined, what: string) =>
    c === undefined ? early() : at(`Unexpected ${show(c)}: expected ${what}`)

  for (;;) {
    while (i < text.length && WS.has(text[i]!)) i++
    const c = text[i]
    let problem: { offset: number; message: string } | undefined
    switch (state as State) {
      case 'value':
        problem = value()
        break
      case 'firstItem':
        if (c === ']') close()
        else problem = value()
        break
      case 'item':
        if (c === ']') return at("A comma before ']' (JSON allows no trailing comma)")
        problem = value()
        break
      case 'firstKey':
      case 'key':
        if (c === '}' && state === 'firstKey') close()
        else if (c === '}') return at("A comma before '}' (JSON allows no trailing comma)")
        else if (c !== '"') return expected(c, 'a property name in double quotes')
        else {
          problem = string()
          state = 'colon'
        }
        break
      case 'colon':
        if (c !== ':') return expected(c, "':' after the property name")
        i++
        state = 'value'
        break
      case 'after': {
        const top = stack.at(-1)
        if (top === undefined)
          return c === undefined ? undefined : at(`Unexpected ${show(c)} after the JSON value`)
        const closer = top === '{' ? '}' : ']'
        if (c === closer) close()
        else if (c !== ',') return expected(c, `',' or '${closer}'`)
        else {
          i++
          state = top === '{' ? 'key' : 'item'
        }
        break
      }
    }
    if (problem) return problem
  }
}
