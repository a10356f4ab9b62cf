// When to read an execution again, from its phase, whether it just changed, whether it is on
// screen and whether the window is visible. Pure: the monitor applies it, tests check it.
import type { Cadence } from '../../shared/monitor-settings'
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
  return { delayMs: j(intervalMs * f), intervalMs }
}

/** Delay before the next listing of a phase in a space. */
export function listDelay(
  phase: Phase,
  visible: boolean,
  c: Cadence,
  random: () => number
): number {
  const f = visible ? 1 : c.hiddenFactor
  const base = phase === 'waiting' || phase === 'ongoing' ? c.listMs : c.slowListMs
  return jittered(base * f, c.jitter, random)
}
