// Focus is never left on the page body: after a view change it goes where the eye is, and
// whatever removed the focused element (a view change, a removed account, a closed panel) hands
// it to the main view.
import { tick } from 'svelte'

/** Focuses the first element `selector` finds once the view has updated, else the main view. */
export async function focusOn(selector: string): Promise<void> {
  await tick()
  const target =
    document.querySelector<HTMLElement>(selector) ?? document.querySelector<HTMLElement>('main')
  target?.focus()
}

/** For the document's focusout: when focus went nowhere, the main view takes it. */
export function keepFocus(e: FocusEvent): void {
  if (e.relatedTarget) return
  setTimeout(() => {
    if (document.activeElement === document.body && document.hasFocus())
      document.querySelector<HTMLElement>('main')?.focus()
  })
}
