// The window's state: the accounts, where the user is (the inbox place, an open execution, the
// settings or the snapshot area), which panel or dialog is open, and the notices to show. The
// header, the main view, the dialogs and the shortcuts read and change it; nothing else does.
import { untrack } from 'svelte'
import type { Account } from '../../../shared/accounts'
import type { NavigateTarget } from '../../../shared/notifications'
import { bridge, call, errorText } from './api'
import { focusOn } from './focus'
import { InboxPlace } from './inbox.svelte'
import { acceptDroppedSnapshots } from './snapshots/drop'
import { OverviewState } from './overview.svelte'
import { unsupportedReason } from './sidebar'
import type { SnapshotRoute } from './snapshots/route'

export class AppState {
  accounts = $state<Account[]>()
  loadError = $state<string>()
  openExecution = $state<string>()
  adding = $state(false)
  settings = $state(false)
  editing = $state<Account>()
  scheduling = $state(false)
  cheatSheet = $state(false)
  /** What the last shortcut did, for the header's status line. */
  said = $state('')
  /** The snapshot library, a snapshot opened offline or a comparison; works with no account. */
  snapshots = $state<SnapshotRoute>()
  notices = $state<string[]>([])
  visible = $state(document.visibilityState === 'visible')
  readonly overview = new OverviewState()
  readonly place = new InboxPlace((m) => call(bridge().inbox.set(m)))

  readonly account = $derived(this.accounts?.find((a) => a.id === this.place.accountId))
  readonly spaces = $derived(
    this.overview.value?.spaces.filter((s) => s.accountId === this.place.accountId) ?? []
  )
  readonly space = $derived(this.spaces.find((s) => s.spaceId === this.place.spaceId))
  readonly listShown = $derived(!!this.space && !this.openExecution && !this.settings)
  /** A panel or dialog has the keyboard: the app's shortcuts wait. */
  readonly busy = $derived(
    !this.accounts?.length || this.adding || !!this.editing || this.scheduling || this.cheatSheet
  )

  async loadAccounts(select?: string): Promise<void> {
    this.loadError = undefined
    try {
      this.accounts = await call(bridge().accounts.list({}))
      if (select) this.place.show({ accountId: select })
    } catch (err) {
      this.loadError = errorText(err)
    }
  }

  /** An account was added (or a demo started): show it. */
  added(id: string): void {
    this.adding = false
    this.openExecution = undefined
    void this.loadAccounts(id)
  }

  /** A notification or the tray asked for an execution, a space or a snapshot. */
  navigate(target: NavigateTarget): void {
    if (target.view === 'snapshot') {
      this.snapshots = { view: 'offline', source: { handle: target.handle } }
      return
    }
    this.snapshots = undefined
    this.settings = false
    this.place.show({ accountId: target.accountId })
    if (target.view === 'execution') this.openExecution = target.executionId
    else {
      this.openExecution = undefined
      this.place.show({ spaceId: target.spaceId })
    }
  }

  /** A space chosen in the sidebar: its list replaces whatever was on screen. */
  choose(accountId: string, spaceId: string): void {
    this.settings = false
    this.snapshots = undefined
    this.openExecution = undefined
    this.place.show({ accountId, spaceId })
  }

  /** A listed execution opens live; one the server no longer has opens from its snapshot. */
  openFromList(executionId: string): void {
    const saved = this.place.list.rows.find((r) => r.id === executionId)?.saved
    if (saved) this.snapshots = { view: 'offline', source: { file: saved.file }, fromList: true }
    else this.openExecution = executionId
  }

  closeExecution(): void {
    this.openExecution = undefined
    void focusOn('[role="grid"]')
  }

  /** A new execution was scheduled: it opens. */
  scheduled(executionId: string): void {
    this.scheduling = false
    this.settings = false
    this.openExecution = executionId
  }

  notify(message: string): void {
    this.notices = [...this.notices, message]
  }

  dismiss(index: number): void {
    this.notices = this.notices.filter((_, i) => i !== index)
  }

  /** An account or space that is gone (or not yet chosen) gives way to the first usable one. */
  settlePlace(): void {
    if (!this.accounts?.length) return
    if (!this.account) this.place.show({ accountId: this.accounts[0]!.id })
    if (this.overview.value && !this.space) {
      const first = this.spaces.find((s) => !unsupportedReason(s))
      if (first) this.place.show({ spaceId: first.spaceId })
    }
  }

  /** Keeps the window in step with the monitor and the place; call once as the app starts. */
  follow(): void {
    $effect(() => this.settlePlace())
    $effect(() => this.place.changed(this.place.memory()))
    // Relative times in the list move on.
    $effect(() => {
      const timer = setInterval(() => (this.place.list.now = Math.floor(Date.now() / 1000)), 15_000)
      return () => clearInterval(timer)
    })
    $effect(() => untrack(() => this.start()))
    // The monitor reads the execution on screen about every 2 s, and slows down while hidden.
    $effect(() => {
      const accountId = this.place.accountId
      const executionId = this.openExecution
      const focus = accountId && executionId && !this.settings ? { accountId, executionId } : null
      void call(bridge().monitor.view({ visible: this.visible, focus })).catch(() => {})
    })
  }

  /**
   * Restores where the user was, then reads the accounts and the notices; follows the monitor,
   * navigation requests, snapshots dropped on the window and the window's visibility.
   */
  private start(): () => void {
    void call(bridge().inbox.get({}))
      .then(
        (m) => this.place.restore(m),
        () => this.place.restore({})
      )
      .then(() => this.loadAccounts())
    void call(bridge().app.notices({})).then(
      (n) => (this.notices = n),
      () => {}
    )
    const stopOverview = this.overview.start()
    const offNavigate = bridge().on('navigate', (t) => this.navigate(t))
    const offDrop = acceptDroppedSnapshots(
      window,
      ({ handle }) => (this.snapshots = { view: 'offline', source: { handle } }),
      (message) => this.notify(message)
    )
    const onVisibility = () => (this.visible = document.visibilityState === 'visible')
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      stopOverview()
      offNavigate()
      offDrop()
      document.removeEventListener('visibilitychange', onVisibility)
    }
  }
}
