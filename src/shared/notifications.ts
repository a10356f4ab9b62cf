// Notifications as the app keeps them: the in-app history (the last 100, with an unread count)
// that the bell shows, and what a desktop notification carries. Made in core from the monitor's
// events; main only shows them.
import type { NotificationKind } from './monitor-settings'

/** Where clicking a notification leads. */
export type NavigateTarget =
  | { view: 'execution'; accountId: string; executionId: string }
  | { view: 'space'; accountId: string; spaceId: string }
  /** A snapshot file the system handed over (double-click, File → Open, a second launch). */
  | { view: 'snapshot'; handle: string; fileName: string }

export interface AppNotification {
  id: string
  /** When it was made (ms since the epoch). */
  at: number
  kind: NotificationKind
  title: string
  body: string
  accountId: string
  spaceId?: string
  target?: NavigateTarget
  /** How many monitor events it stands for (more than one when aggregated). */
  count: number
  read: boolean
  /** Whether it was shown on the desktop (not while notifications were paused). */
  shown: boolean
}

export interface NotificationHistory {
  /** Newest first, at most `HISTORY_SIZE`. */
  items: AppNotification[]
  unread: number
  /** Desktop notifications are paused until then (ms since the epoch). */
  pausedUntil?: number
}

export const HISTORY_SIZE = 100
