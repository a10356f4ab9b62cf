import { describe, expect, it } from 'vitest'
import {
  SEQUENCE_TIMEOUT_MS,
  SHORTCUTS,
  ShortcutHandler,
  isTextEntry,
  type KeyPress
} from '../../src/renderer/src/lib/keyboard'

function clock() {
  let t = 0
  return { now: () => t, advance: (ms: number) => (t += ms) }
}
const key = (k: string, over: Partial<KeyPress> = {}): KeyPress => ({
  key: k,
  target: { tagName: 'BODY' },
  ...over
})

describe('keyboard shortcuts', () => {
  it('maps each single key to its command', () => {
    const h = new ShortcutHandler(clock().now)
    const pressed = [
      '/',
      'j',
      'ArrowDown',
      'k',
      'ArrowUp',
      'Enter',
      'Escape',
      'p',
      'r',
      'ArrowLeft',
      'ArrowRight',
      '?',
      'x'
    ].map((k) => h.handle(key(k)))
    expect(pressed).toEqual([
      'search',
      'next',
      'next',
      'previous',
      'previous',
      'open',
      'back',
      'pauseResume',
      'refresh',
      'previousTab',
      'nextTab',
      'cheatSheet',
      undefined
    ])
  })

  it('g then s schedules, within the time-out only', () => {
    const c = clock()
    const h = new ShortcutHandler(c.now)
    expect(h.handle(key('g'))).toBeUndefined()
    expect(h.waiting).toBe('g')
    c.advance(SEQUENCE_TIMEOUT_MS)
    expect(h.handle(key('s'))).toBe('schedule')
    expect(h.waiting).toBeUndefined()

    h.handle(key('g'))
    c.advance(SEQUENCE_TIMEOUT_MS + 1)
    expect(h.waiting).toBeUndefined()
    expect(h.handle(key('s'))).toBeUndefined()
  })

  it('another key after g cancels the sequence and counts on its own', () => {
    const h = new ShortcutHandler(clock().now)
    h.handle(key('g'))
    expect(h.handle(key('j'))).toBe('next')
    expect(h.handle(key('s'))).toBeUndefined()
    h.handle(key('g'))
    expect(h.handle(key('g'))).toBeUndefined()
    expect(h.handle(key('s'))).toBe('schedule')
  })

  it('leaves keys typed into text fields alone, except Esc', () => {
    const h = new ShortcutHandler(clock().now)
    for (const target of [
      { tagName: 'INPUT' },
      { tagName: 'input', type: 'search' },
      { tagName: 'TEXTAREA' },
      { tagName: 'SELECT' },
      { tagName: 'DIV', isContentEditable: true }
    ]) {
      expect(h.handle(key('j', { target })), JSON.stringify(target)).toBeUndefined()
      expect(h.handle(key('/', { target }))).toBeUndefined()
      h.handle(key('g', { target }))
      expect(h.handle(key('s', { target }))).toBeUndefined()
      expect(h.handle(key('Escape', { target }))).toBe('back')
    }
    expect(h.handle(key('j', { target: { tagName: 'INPUT', type: 'checkbox' } }))).toBe('next')
    expect(isTextEntry(null)).toBe(false)
  })

  it('leaves browser shortcuts, handled presses and Enter on buttons to others', () => {
    const h = new ShortcutHandler(clock().now)
    expect(h.handle(key('r', { ctrlKey: true }))).toBeUndefined()
    expect(h.handle(key('r', { metaKey: true }))).toBeUndefined()
    expect(h.handle(key('/', { altKey: true }))).toBeUndefined()
    expect(h.handle(key('Escape', { defaultPrevented: true }))).toBeUndefined()
    expect(h.handle(key('Enter', { target: { tagName: 'BUTTON' } }))).toBeUndefined()
    expect(h.handle(key('Enter', { target: { tagName: 'A' } }))).toBeUndefined()
    const roleButton = {
      tagName: 'DIV',
      getAttribute: (n: string) => (n === 'role' ? 'button' : null)
    }
    expect(h.handle(key('Enter', { target: roleButton }))).toBeUndefined()
    expect(h.handle(key('Enter', { target: { tagName: 'DIV' } }))).toBe('open')
  })

  it('the table has every command once and no key twice', () => {
    const commands = SHORTCUTS.map((s) => s.command)
    expect(new Set(commands).size).toBe(commands.length)
    const keys = SHORTCUTS.flatMap((s) => s.keys.map((k) => k.join(' ')))
    expect(new Set(keys).size).toBe(keys.length)
  })
})
