// Where a click on a notification or a tray entry leads, held until the window's page is ready
// to hear it (a closed window is created first, and its page takes a moment to load).
import type { NavigateTarget } from '../shared/notifications'

export class NavigationQueue {
  private pending?: NavigateTarget
  private deliver?: (target: NavigateTarget) => void

  /** Sends now if a page is ready; otherwise keeps the latest target for when one is. */
  navigate(target: NavigateTarget): void {
    if (this.deliver) this.deliver(target)
    else this.pending = target
  }

  /** A page is ready: it receives what was waiting, then every later target. */
  ready(deliver: (target: NavigateTarget) => void): void {
    this.deliver = deliver
    const target = this.pending
    this.pending = undefined
    if (target) deliver(target)
  }

  /** The page is gone (window closed or reloading): hold targets again. */
  gone(): void {
    this.deliver = undefined
  }
}
