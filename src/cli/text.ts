// Text from a server reaches a terminal only with its control characters made visible: a name or
// an error message must not be able to start a fake line, move the cursor, retitle the window or
// reorder what is shown (bidirectional overrides). `\n` becomes the two characters "\n", ESC
// becomes "\u001b", and so on.

// C0 controls, DEL, C1 controls, the line and paragraph separators and the bidi controls.
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
// The same without the C0 controls, which JSON already escapes.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const escape = (c: string) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** One line of text as it may be printed: every control character made visible. */
export function cleanText(text: string): string {
  return text.replace(UNSAFE, escape)
}

/** Text of several lines: each line cleaned, the line breaks kept. */
export function cleanLines(text: string): string {
  return text.split('\n').map(cleanText).join('\n')
}

/** JSON for a terminal: valid JSON whose strings carry no raw control character. */
export function cleanJson(value: unknown, indent = 2): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(UNSAFE_IN_JSON, escape)
}

/** The value with every string (keys included) cleaned, for text laid out from a whole object. */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T
  if (Array.isArray(value)) return value.map(cleanDeep) as T
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [cleanText(k), cleanDeep(v)])
    ) as T
  return value
}
