// When to read an execution again, from its phase, whether it just changed, whether it is on
// screen and whether the window is visible. Pure: the monitor applies it, tests check it.
import { quietBoundMs, type Cadence } from '../../shared/monitor-settings'
import type { Phase } from '../../shared/statuses'

/** Varies an interval by up to ± `jitter` of itself. */
export function jittered(ms: number, jitter: number, random: () => number): number {
  return Math.max(0, Math.round(ms * (1 + jitter * (2 * random() - 1))))
}

/**
 * The base interval of a waiting or ongoing execution: short after a change, then growing. One
 * not seen changing yet (first read at start, or as it was before a restart) counts as quiet:
 * reading a thousand of them at the fastest pace would tell nothing the phase lists do not.
 */
export function activeInterval(previous: number | undefined, changed: boolean, c: Cadence): number {
  if (changed) return c.activeMinMs
  if (previous === undefined) return c.activeMaxMs
  return Math.min(c.activeMaxMs, Math.round(previous * 1.5))
}

/**
 * How early background work may go out: while the window is hidden, up to half a tick of
 * `hiddenTickMs`, so that what falls due around the same moment goes out together, a few
 * requests per wake-up instead of one (each wake-up of the process costs more CPU than a request
 * it sends). Early as often as late, so the cadences keep their mean.
 */
export function earlyMs(visible: boolean, c: Cadence): number {
  return visible || c.hiddenTickMs <= 0 ? 0 : c.hiddenTickMs / 2
}

/**
 * When to wake up for work due at `at`: at that moment while the window is visible; hidden, at
 * the tick nearest to it (ticks are multiples of the tick on the clock, so every account wakes
 * at the same moments), where work due up to `earlyMs` later counts as due. `notBefore`: the
 * first tick at or after `at` (the end of a back-off, which must not be anticipated).
 */
export function wakeAt(at: number, visible: boolean, c: Cadence, notBefore = false): number {
  const early = earlyMs(visible, c)
  if (early === 0) return at
  const tick = c.hiddenTickMs
  return Math.ceil((notBefore ? at : at - early) / tick) * tick
}

export interface ReadPlan {
  /** Delay before the next read of the details; undefined: none (ended). */
  delayMs?: number
  /** The base interval to remember for the next step of the adaptive cadence. */
  intervalMs?: number
}

/**
 * The next read of an execution's details. `phase` undefined is a status the spec does not
 * list: it is read as often as a quiet running one, since it may still change.
 */
export function planRead(opts: {
  phase: Phase | undefined
  previousIntervalMs: number | undefined
  changed: boolean
  onScreen: boolean
  visible: boolean
  cadence: Cadence
  random: () => number
}): ReadPlan {
  const c = opts.cadence
  const f = opts.visible ? 1 : c.hiddenFactor
  const j = (ms: number) => jittered(ms, c.jitter, opts.random)
  if (opts.phase === 'ended') return {}
  if (opts.onScreen && opts.visible) return { delayMs: j(c.onScreenMs), intervalMs: c.activeMinMs }
  if (opts.phase === 'suspended') return { delayMs: j(c.suspendedMs * f) }
  const intervalMs =
    opts.phase === undefined
      ? c.activeMaxMs
      : activeInterval(opts.previousIntervalMs, opts.changed, c)
  // Quiet at the slowest interval: hidden, it rests on the lists (see `quietBoundMs`).
  const resting = !opts.changed && intervalMs >= c.activeMaxMs
  const delay = resting ? quietBoundMs(opts.visible, c) : intervalMs * f
  // Not seen changing yet (a first look, a restart): the first of the quiet readings falls
  // anywhere in one interval, so a thousand executions read at once at the start are not all
  // due again in the same few seconds, then every interval after.
  if (opts.previousIntervalMs === undefined && !opts.changed)
    return { delayMs: Math.round(delay * (0.1 + opts.random())), intervalMs }
  return { delayMs: j(delay), intervalMs }
}

/**
 * The longest an execution of this phase goes unread while the window is visible, if it is read
 * at all: readings put off while it was hidden are brought within it when it is shown again.
 */
export function visibleBoundMs(phase: Phase | undefined, c: Cadence): number | undefined {
  if (phase === 'ended') return undefined
  return phase === 'suspended' ? c.suspendedMs : c.activeMaxMs
}

/**
 * Delay before the next listing of a phase in a space. Hidden, the waiting list goes with the
 * slow ones: what it reveals first (a start, a retry) the ongoing list shows soon after, and an
 * execution over before either saw it is new on, or back at the front of, the ended list.
 */
export function listDelay(
  phase: Phase,
  visible: boolean,
  c: Cadence,
  random: () => number
): number {
  const f = visible ? 1 : c.hiddenFactor
  const fast = phase === 'ongoing' || (phase === 'waiting' && visible)
  const base = fast ? c.listMs : c.slowListMs
  return jittered(base * f, c.jitter, random)
}
