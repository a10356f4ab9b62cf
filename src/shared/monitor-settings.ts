// What the user can set about monitoring and notifications, with sane defaults, and what the
// cadences cost in requests per minute (shown next to them in the settings view).
import { z } from 'zod'

const ms = (min: number, max: number, dflt: number) =>
  z.number().int().min(min).max(max).default(dflt)

const SECOND = 1000
const MINUTE = 60 * SECOND

export const cadenceSchema = z.object({
  /** The execution on screen, while the window is visible. */
  onScreenMs: ms(500, MINUTE, 2 * SECOND),
  /** The waiting and ongoing phase lists of every watched space (hidden: the ongoing one). */
  listMs: ms(SECOND, 10 * MINUTE, 5 * SECOND),
  /** The suspended list and the newest page of the ended list (hidden: the waiting one too). */
  slowListMs: ms(5 * SECOND, 60 * MINUTE, 30 * SECOND),
  /** Waiting and ongoing executions right after they changed … */
  activeMinMs: ms(SECOND, 10 * MINUTE, 10 * SECOND),
  /** … slower while they stay quiet, but never slower than this. */
  activeMaxMs: ms(SECOND, 60 * MINUTE, 50 * SECOND),
  /** Paused and interrupted executions. */
  suspendedMs: ms(10 * SECOND, 24 * 60 * MINUTE, 5 * MINUTE),
  /**
   * A hidden window or the tray multiplies the intervals above (the on-screen one excepted):
   * nobody watches, the notifications still come (an end within about half a minute).
   */
  hiddenFactor: z.number().min(1).max(10).default(6),
  /**
   * With the window hidden or closed to the tray, a waiting or ongoing execution that stays quiet
   * rests on the phase lists (they reveal its end, pause or deletion within their own interval)
   * and its details are read at least this often (never more often than the hidden bound above,
   * never less often than half the stall time).
   */
  hiddenRestMs: ms(MINUTE, 60 * MINUTE, 15 * MINUTE),
  /**
   * A hidden window or the tray also gathers background work into bursts on this tick (0: off):
   * waking the process costs more than the requests a wake-up sends.
   */
  hiddenTickMs: ms(0, MINUTE, 10 * SECOND),
  /** Each interval varies by up to ± this fraction, so requests do not come in bursts. */
  jitter: z.number().min(0).max(0.5).default(0.1),
  /** Requests in flight at once per provider. */
  concurrency: z.number().int().min(1).max(16).default(4),
  /** An ongoing execution whose details and audit log do not change this long is stalled. */
  stallMs: ms(MINUTE, 24 * 60 * MINUTE, 30 * MINUTE),
  requestTimeoutMs: ms(SECOND, 5 * MINUTE, 30 * SECOND),
  /** Back-off after a provider error: doubles from the base up to the maximum. */
  backoffBaseMs: ms(100, 5 * MINUTE, 2 * SECOND),
  backoffMaxMs: ms(SECOND, 60 * MINUTE, 5 * MINUTE),
  /** Consecutive failed requests before a provider is announced unreachable. */
  unreachableAfter: z.number().int().min(1).max(20).default(3)
})
export type Cadence = z.infer<typeof cadenceSchema>

export const NOTIFICATION_KINDS = ['failures', 'ends', 'stalls', 'provider'] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const notificationRulesSchema = z.object({
  /** Lane runs and executions that failed or crashed. */
  failures: z.boolean().default(true),
  /** Every other end: executions that finished or were cancelled, lane runs that stopped, and
   *  executions in a status Lanewatch does not know (it may be an end). */
  ends: z.boolean().default(true),
  stalls: z.boolean().default(true),
  /** A provider that became unreachable, and its recovery. */
  provider: z.boolean().default(true)
})

const idSchema = z.string().min(1).max(200)

export const preferencesSchema = z.object({
  cadence: cadenceSchema.default(() => cadenceSchema.parse({})),
  notifications: notificationRulesSchema.default(() => notificationRulesSchema.parse({})),
  mutedAccounts: z.array(idSchema).max(1000).default([]),
  mutedSpaces: z
    .array(z.object({ accountId: idSchema, spaceId: idSchema }))
    .max(1000)
    .default([]),
  /** Closing the window keeps monitoring in the tray. */
  closeToTray: z.boolean().default(true),
  startAtLogin: z.boolean().default(false),
  /** Save a snapshot into the local history when an execution ends. */
  autoSaveSnapshots: z.boolean().default(false)
})
export type Preferences = z.infer<typeof preferencesSchema>

/** A change to the preferences: any part, cadences and rules field by field. */
export const preferencesPatchSchema = z
  .object({
    cadence: cadenceSchema.partial().strict(),
    notifications: notificationRulesSchema.partial().strict(),
    mutedAccounts: z.array(idSchema).max(1000),
    mutedSpaces: z.array(z.object({ accountId: idSchema, spaceId: idSchema }).strict()).max(1000),
    closeToTray: z.boolean(),
    startAtLogin: z.boolean(),
    autoSaveSnapshots: z.boolean()
  })
  .partial()
  .strict()
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>

export const defaultPreferences = (): Preferences => preferencesSchema.parse({})

/** Applies a patch; the result is checked as a whole (e.g. the minimum not above the maximum). */
export function applyPreferencesPatch(current: Preferences, patch: PreferencesPatch): Preferences {
  const next = preferencesSchema.parse({
    ...current,
    ...patch,
    cadence: { ...current.cadence, ...patch.cadence },
    notifications: { ...current.notifications, ...patch.notifications }
  })
  if (next.cadence.activeMinMs > next.cadence.activeMaxMs)
    throw new RangeError('the fastest interval for running executions is above the slowest')
  if (next.cadence.backoffBaseMs > next.cadence.backoffMaxMs)
    throw new RangeError('the first back-off is longer than the longest')
  return next
}

/** What is being watched, for the cost estimate. */
export interface WatchedCounts {
  spaces: number
  /** Waiting and ongoing executions. */
  active: number
  suspended: number
}

export interface CostEstimate {
  lists: number
  /** Details of waiting and ongoing executions: when they all change often … */
  activeBusiest: number
  /** … and when they are all quiet. */
  activeQuiet: number
  suspended: number
  onScreen: number
  /** Requests per minute, quiet to busiest. */
  total: { quiet: number; busiest: number }
}

/**
 * The longest a quiet waiting or ongoing execution goes unread: the slowest interval, times the
 * hidden factor while hidden, where quiet ones rest on the lists up to `hiddenRestMs` (within
 * half the stall time, so a stall is still noticed in time).
 */
export function quietBoundMs(visible: boolean, c: Cadence): number {
  if (visible) return c.activeMaxMs
  const hidden = c.activeMaxMs * c.hiddenFactor
  return Math.max(hidden, Math.min(c.hiddenRestMs, c.stallMs / 2))
}

/** Requests per minute the cadences cost for these counts (before back-off). */
export function estimateCost(c: Cadence, n: WatchedCounts, visible: boolean): CostEstimate {
  const f = visible ? 1 : c.hiddenFactor
  const perMin = (intervalMs: number) => MINUTE / intervalMs
  // Two fast lists (waiting, ongoing) and two slow ones (suspended, ended) per space; hidden,
  // the waiting list is a slow one.
  const fast = visible ? 2 : 1
  const lists = n.spaces * (fast * perMin(c.listMs * f) + (4 - fast) * perMin(c.slowListMs * f))
  const activeBusiest = n.active * perMin(c.activeMinMs * f)
  const activeQuiet = n.active * perMin(quietBoundMs(visible, c))
  const suspended = n.suspended * perMin(c.suspendedMs * f)
  const onScreen = visible ? perMin(c.onScreenMs) : 0
  const round = (x: number) => Math.round(x * 10) / 10
  return {
    lists: round(lists),
    activeBusiest: round(activeBusiest),
    activeQuiet: round(activeQuiet),
    suspended: round(suspended),
    onScreen: round(onScreen),
    total: {
      quiet: round(lists + activeQuiet + suspended + onScreen),
      busiest: round(lists + activeBusiest + suspended + onScreen)
    }
  }
}
