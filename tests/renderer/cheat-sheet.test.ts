import { fireEvent, render, screen, within } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import CheatSheet from '../../src/renderer/src/components/CheatSheet.svelte'
import { SHORTCUTS } from '../../src/renderer/src/lib/keyboard'

describe('CheatSheet', () => {
  it('lists every shortcut from the one table, keys and sequences included', () => {
    render(CheatSheet, { onclose: () => {} })
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    expect(dialog).toHaveAttribute('aria-modal', 'true')
    const rows = within(dialog).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(SHORTCUTS.length)
    const text = rows.map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent?.replace(/\s+/g, ' ').trim())
    )
    expect(text).toContainEqual(['g then s', 'Schedule a workflow'])
    expect(text).toContainEqual(['j or ↓Down arrow', 'Next execution'])
    expect(text).toContainEqual(['Esc', 'Back, or close a dialog'])
  })

  it('takes the focus, keeps Tab inside, closes on Esc, and gives the focus back', async () => {
    const opener = document.createElement('button')
    opener.textContent = 'open'
    document.body.append(opener)
    opener.focus()
    const onclose = vi.fn()
    const { unmount } = render(CheatSheet, { onclose })
    const close = screen.getByRole('button', { name: 'Close' })
    expect(document.activeElement).toBe(close)
    expect(await fireEvent.keyDown(close, { key: 'Tab' })).toBe(false)
    expect(document.activeElement).toBe(close)
    expect(await fireEvent.keyDown(close, { key: 'Escape' })).toBe(false) // taken, not "back"
    expect(onclose).toHaveBeenCalledOnce()
    await fireEvent.click(close)
    expect(onclose).toHaveBeenCalledTimes(2)
    unmount()
    expect(document.activeElement).toBe(opener)
    opener.remove()
  })
})
