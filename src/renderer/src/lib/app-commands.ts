// What each keyboard command does in the window: the same whatever is on screen (cheat sheet,
// schedule, back, refresh, pause or resume), or only while a list is shown (search, next and
// previous execution, open, phase tabs). Focus follows where the command moved the eye.
import { INBOX_PHASES } from '../../../shared/inbox'
import { bridge, call } from './api'
import type { AppState } from './app.svelte'
import { pauseOrResumeExecution } from './commands'
import { focusOn } from './focus'
import type { Command } from './keyboard'

export async function runCommand(app: AppState, command: Command): Promise<void> {
  const { place } = app
  const selected = app.listShown ? place.list.selected : undefined
  const executionId = app.openExecution ?? (selected?.saved ? undefined : selected?.id)
  switch (command) {
    case 'cheatSheet':
      app.cheatSheet = true
      return
    case 'schedule':
      app.scheduling = !!app.account
      return
    case 'back':
      if (app.openExecution) app.closeExecution()
      else if (app.settings) app.settings = false
      return
    case 'refresh':
      if (place.accountId)
        await call(bridge().monitor.refresh({ accountId: place.accountId, executionId })).catch(
          () => {}
        )
      app.said = 'Refreshing…'
      return
    case 'pauseResume':
      if (place.accountId && executionId)
        app.said = await pauseOrResumeExecution(place.accountId, executionId)
      return
  }
  if (!app.listShown) return
  if (command === 'search') return focusOn('#list-search')
  if (command === 'next' || command === 'previous') {
    place.list.step(command === 'next' ? 1 : -1)
    return focusOn('[role="grid"]')
  }
  if (command === 'open' && place.list.selectedId) return app.openFromList(place.list.selectedId)
  if (command === 'nextTab' || command === 'previousTab') {
    const at = INBOX_PHASES.indexOf(place.phase) + (command === 'nextTab' ? 1 : -1)
    place.show({ phase: INBOX_PHASES[(at + INBOX_PHASES.length) % INBOX_PHASES.length]! })
    return focusOn('[role="tab"][aria-selected="true"]')
  }
}
