// The window's state and what each keyboard command does to it: opening, going back, moving the
// selection and the phase tab, scheduling only with an account, navigating from a notification,
// and a gone execution opening from its snapshot.
import { afterEach, describe, expect, it } from 'vitest'
import { AppState } from '../../src/renderer/src/lib/app.svelte'
import { runCommand } from '../../src/renderer/src/lib/app-commands'
import type { Account } from '../../src/shared/accounts'
import type { MonitorOverview } from '../../src/shared/monitor-state'
import { details } from '../helpers/details'
import { installBridge, removeBridge } from './fake-bridge'

afterEach(removeBridge)

const account = { id: 'acc', label: 'Lab', providerUrl: 'https://op.example.org' } as Account
const overview: MonitorOverview = {
  now: 0,
  paused: false,
  visible: true,
  providers: [],
  spaces: [
    {
      accountId: 'acc',
      spaceId: 'gen',
      name: 'Genomics',
      counts: { waiting: 0, ongoing: 2, suspended: 0, ended: 0 },
      failuresSinceSeen: 0
    }
  ],
  active: [],
  recentlyEnded: [],
  unseenFailures: 0,
  problems: []
}

function listed(): AppState {
  const app = new AppState()
  app.accounts = [account]
  app.overview.value = overview
  app.place.restore({ accountId: 'acc', spaceId: 'gen', phase: 'ongoing' })
  app.place.list.setIds(
    ['w1', 'w2'],
    [{ executionId: 'gone', savedAt: 1, file: 'gone.lanewatch', details: details('failed', []) }]
  )
  app.place.list.update([
    details('active', [], { atmWorkflowExecutionId: 'w1', scheduleTime: 300 }),
    details('active', [], { atmWorkflowExecutionId: 'w2', scheduleTime: 200 })
  ])
  return app
}

describe('keyboard commands on the window', () => {
  it('j moves the selection, Enter opens it, Esc comes back to the list', async () => {
    installBridge({})
    const app = listed()
    expect(app.listShown).toBe(true)
    await runCommand(app, 'next')
    await runCommand(app, 'next')
    expect(app.place.list.selectedId).toBe('w2')
    await runCommand(app, 'open')
    expect(app.openExecution).toBe('w2')
    expect(app.listShown).toBe(false)
    // Moving in a list that is not shown does nothing.
    await runCommand(app, 'previous')
    expect(app.place.list.selectedId).toBe('w2')
    await runCommand(app, 'back')
    expect(app.openExecution).toBeUndefined()
    expect(app.place.list.selectedId).toBe('w2')
  })

  it('an execution the server no longer has opens from its snapshot', async () => {
    installBridge({})
    const app = listed()
    app.place.list.selectedId = 'gone'
    await runCommand(app, 'open')
    expect(app.openExecution).toBeUndefined()
    expect(app.snapshots).toEqual({
      view: 'offline',
      source: { file: 'gone.lanewatch' },
      fromList: true
    })
  })

  it('arrow keys go round the phase tabs', async () => {
    installBridge({})
    const app = listed()
    await runCommand(app, 'previousTab')
    expect(app.place.phase).toBe('waiting')
    await runCommand(app, 'previousTab')
    expect(app.place.phase).toBe('all')
    await runCommand(app, 'nextTab')
    expect(app.place.phase).toBe('waiting')
  })

  it('schedules only with an account; r refreshes the selected execution', async () => {
    const bridge = installBridge({ 'monitor.refresh': () => ({ done: true }) })
    const none = new AppState()
    await runCommand(none, 'schedule')
    expect(none.scheduling).toBe(false)
    const app = listed()
    await runCommand(app, 'schedule')
    expect(app.scheduling).toBe(true)
    app.place.list.selectedId = 'w1'
    await runCommand(app, 'refresh')
    expect(bridge.of('monitor.refresh').map((c) => c.request)).toEqual([
      { accountId: 'acc', executionId: 'w1' }
    ])
    expect(app.said).toBe('Refreshing…')
  })

  it('a notification opens its execution, or its space, leaving settings and snapshots', () => {
    installBridge({})
    const app = listed()
    app.settings = true
    app.snapshots = { view: 'library' }
    app.navigate({ view: 'execution', accountId: 'acc', executionId: 'w9' })
    expect([app.openExecution, app.settings, app.snapshots]).toEqual(['w9', false, undefined])
    app.navigate({ view: 'space', accountId: 'acc', spaceId: 'gen' })
    expect(app.openExecution).toBeUndefined()
    expect(app.listShown).toBe(true)
  })
})
