// In-page measuring for benchmark pages: milliseconds around a Svelte mount or update and the
// synchronous flush that puts it into the DOM, with a forced style and layout pass measured
// apart. Shared by every benchmark page (timeline, execution list).
import { flushSync, mount, unmount, type Component } from 'svelte'

export interface Timing {
  /** Mount or update plus flushSync: Svelte's work and the DOM writes. */
  script: number
  /** The same followed by a forced style/layout pass (what the next frame would do first). */
  withLayout: number
}

function forceLayout(target: HTMLElement): void {
  void target.getBoundingClientRect().height
}

/** Mounts a component, times it, and leaves it mounted; returns the timing and an unmount. */
export function timeMount<P extends Record<string, unknown>>(
  component: Component<P>,
  props: P,
  target: HTMLElement
): { timing: Timing; instance: ReturnType<typeof mount>; destroy: () => void } {
  const t0 = performance.now()
  const instance = mount(component, { target, props })
  flushSync()
  const t1 = performance.now()
  forceLayout(target)
  const t2 = performance.now()
  return {
    timing: { script: t1 - t0, withLayout: t2 - t0 },
    instance,
    destroy: () => {
      unmount(instance)
      target.replaceChildren()
    }
  }
}

/** Times a change of state (e.g. assigning new props) and the flush that applies it. */
export function timeUpdate(change: () => void, target: HTMLElement): Timing {
  const t0 = performance.now()
  change()
  flushSync()
  const t1 = performance.now()
  forceLayout(target)
  const t2 = performance.now()
  return { script: t1 - t0, withLayout: t2 - t0 }
}

/** Lets the browser paint and settle between runs. */
export const nextFrame = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => resolve()))

/**
 * A fixed amount of plain JavaScript (ten million additions), timed: how fast this machine is
 * right now, printed beside the results so figures from a busy machine can be read as such.
 */
export function calibrate(): number {
  const t0 = performance.now()
  let sum = 0
  for (let i = 0; i < 1e7; i++) sum += i % 7
  const ms = performance.now() - t0
  if (sum < 0) throw new Error('unreachable')
  return ms
}
