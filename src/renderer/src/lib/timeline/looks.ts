// How a lane run looks: its status by colour *and* glyph and fill, its type by shape, so that
// neither colour vision nor the theme decides what can be read. Statuses the spec does not list
// get their own look and are labelled exactly as sent.
import { isKnownLaneRunStatus } from '../../../../shared/statuses'

export type StatusLook =
  | 'finished'
  | 'failed'
  | 'cancelled'
  | 'crashed'
  | 'active'
  | 'stopping'
  | 'waiting'
  | 'suspended'
  | 'prepared'
  | 'unknown'

export type Fill = 'solid' | 'hatched' | 'crossed' | 'striped' | 'hollow' | 'dotted'

export interface Look {
  /** What the legend says. */
  label: string
  /** A glyph drawn on the bar and in the legend. */
  glyph: string
  fill: Fill
}

export const LOOKS: Record<StatusLook, Look> = {
  finished: { label: 'finished', glyph: '✓', fill: 'solid' },
  failed: { label: 'failed', glyph: '✕', fill: 'hatched' },
  crashed: { label: 'crashed', glyph: '!', fill: 'crossed' },
  cancelled: { label: 'cancelled', glyph: '⊘', fill: 'crossed' },
  active: { label: 'active', glyph: '▶', fill: 'solid' },
  stopping: { label: 'stopping', glyph: '■', fill: 'striped' },
  waiting: { label: 'scheduled, preparing, enqueued or resuming', glyph: '…', fill: 'hollow' },
  suspended: { label: 'paused or interrupted', glyph: '‖', fill: 'striped' },
  prepared: { label: 'prepared in advance (no run number yet)', glyph: '◇', fill: 'dotted' },
  unknown: { label: 'a status Lanewatch does not know, shown as sent', glyph: '?', fill: 'dotted' }
}

/** The look of a lane run; a run prepared in advance looks "prepared" whatever its status. */
export function statusLook(status: string, inAdvance = false): StatusLook {
  if (inAdvance) return 'prepared'
  if (!isKnownLaneRunStatus(status)) return 'unknown'
  switch (status) {
    case 'finished':
    case 'failed':
    case 'cancelled':
    case 'crashed':
    case 'active':
    case 'stopping':
      return status
    case 'paused':
    case 'interrupted':
      return 'suspended'
    default:
      return 'waiting'
  }
}

export type RunShape = 'regular' | 'retry' | 'rerun' | 'other'

export const SHAPES: Record<RunShape, { label: string }> = {
  regular: { label: 'regular run (square ends)' },
  retry: { label: 'retry: failed items again (rounded ends)' },
  rerun: { label: 'rerun: all items again (pointed start)' },
  other: { label: 'another run type, shown as sent (notched end)' }
}

export function runShape(runType: string): RunShape {
  return runType === 'regular' || runType === 'retry' || runType === 'rerun' ? runType : 'other'
}

/** Failed-only filter: these stay bright, the rest is dimmed. */
export const isFailure = (look: StatusLook): boolean => look === 'failed' || look === 'crashed'

/** The SVG path of a bar of a given shape. */
export function barPath(shape: RunShape, x: number, y: number, w: number, h: number): string {
  const r = (n: number) => Math.round(n * 10) / 10
  const right = x + w
  const bottom = y + h
  const mid = y + h / 2
  switch (shape) {
    case 'retry': {
      const rad = Math.min(h / 2, w / 2)
      return `M${r(x + rad)},${r(y)}H${r(right - rad)}A${r(rad)},${r(rad)} 0 0 1 ${r(right - rad)},${r(bottom)}H${r(x + rad)}A${r(rad)},${r(rad)} 0 0 1 ${r(x + rad)},${r(y)}Z`
    }
    case 'rerun': {
      const tip = Math.min(h / 2, w)
      return `M${r(x + tip)},${r(y)}H${r(right)}V${r(bottom)}H${r(x + tip)}L${r(x)},${r(mid)}Z`
    }
    case 'other': {
      const notch = Math.min(h / 3, w / 2)
      return `M${r(x)},${r(y)}H${r(right)}L${r(right - notch)},${r(mid)}L${r(right)},${r(bottom)}H${r(x)}Z`
    }
    default:
      return `M${r(x)},${r(y)}H${r(right)}V${r(bottom)}H${r(x)}Z`
  }
}
