// The app's keyboard shortcuts: one table (the cheat sheet shows it) and a pure handler that turns
// a key press into a command. Keys typed into text fields are left alone (Esc excepted), as are
// presses a component already handled and browser shortcuts with Ctrl, Alt or Cmd. A sequence
// ("g" then "s") must be completed within a second, measured on an injectable clock.

export type Command =
  | 'search'
  | 'next'
  | 'previous'
  | 'open'
  | 'back'
  | 'pauseResume'
  | 'refresh'
  | 'schedule'
  | 'nextTab'
  | 'previousTab'
  | 'cheatSheet'

export interface Shortcut {
  command: Command
  /** Alternatives; each is a sequence of keys as `KeyboardEvent.key` names them. */
  keys: string[][]
  description: string
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'search', keys: [['/']], description: 'Search executions' },
  { command: 'next', keys: [['j'], ['ArrowDown']], description: 'Next execution' },
  { command: 'previous', keys: [['k'], ['ArrowUp']], description: 'Previous execution' },
  { command: 'open', keys: [['Enter']], description: 'Open the selected execution' },
  { command: 'back', keys: [['Escape']], description: 'Back, or close a dialog' },
  { command: 'pauseResume', keys: [['p']], description: 'Pause or resume the execution' },
  { command: 'refresh', keys: [['r']], description: 'Refresh now' },
  { command: 'schedule', keys: [['g', 's']], description: 'Schedule a workflow' },
  { command: 'previousTab', keys: [['ArrowLeft']], description: 'Previous phase tab' },
  { command: 'nextTab', keys: [['ArrowRight']], description: 'Next phase tab' },
  { command: 'cheatSheet', keys: [['?']], description: 'Show these shortcuts' }
]

export const SEQUENCE_TIMEOUT_MS = 1000

/** What the handler needs of a KeyboardEvent (so tests need no DOM). */
export interface KeyPress {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
  defaultPrevented?: boolean
  target?: {
    tagName?: string
    isContentEditable?: boolean
    type?: string
    getAttribute?(name: string): string | null
  } | null
}

const NOT_TEXT_INPUTS = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'range',
  'color',
  'file',
  'image'
])

/** Fields the user types into: their keys are theirs. */
export function isTextEntry(target: KeyPress['target']): boolean {
  if (!target) return false
  if (target.isContentEditable) return true
  const tag = target.tagName?.toUpperCase()
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  return tag === 'INPUT' && !NOT_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase())
}

/** Elements that Enter activates by themselves. */
function activatesOnEnter(target: KeyPress['target']): boolean {
  const tag = target?.tagName?.toUpperCase()
  return (
    tag === 'BUTTON' ||
    tag === 'A' ||
    tag === 'SUMMARY' ||
    target?.getAttribute?.('role') === 'button'
  )
}

const SINGLE = new Map<string, Command>()
const SEQUENCES = new Map<string, Command>()
for (const s of SHORTCUTS)
  for (const keys of s.keys) (keys.length === 1 ? SINGLE : SEQUENCES).set(keys.join(' '), s.command)
const PREFIXES = new Set([...SEQUENCES.keys()].map((k) => k.split(' ')[0]!))

export class ShortcutHandler {
  private pending?: { key: string; at: number }

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** The first key of a sequence waiting for its second, if any (for a hint on screen). */
  get waiting(): string | undefined {
    return this.pending && this.now() - this.pending.at <= SEQUENCE_TIMEOUT_MS
      ? this.pending.key
      : undefined
  }

  /** The command a key press means, or undefined when it is not the app's to handle. */
  handle(e: KeyPress): Command | undefined {
    const first = this.waiting
    this.pending = undefined
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return undefined
    if (e.key === 'Escape') return 'back'
    if (isTextEntry(e.target)) return undefined
    if (first) {
      const command = SEQUENCES.get(`${first} ${e.key}`)
      if (command) return command
    }
    if (PREFIXES.has(e.key)) {
      this.pending = { key: e.key, at: this.now() }
      return undefined
    }
    if (e.key === 'Enter' && activatesOnEnter(e.target)) return undefined
    return SINGLE.get(e.key)
  }
}
