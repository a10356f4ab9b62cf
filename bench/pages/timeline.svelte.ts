// The timeline's benchmark page. `window.bench` mounts the Timeline with synthetic executions
// and times it; `?gallery` shows realistic executions for screenshots instead.
import { mount } from 'svelte'
import '../../src/renderer/src/global.css'
import Timeline from '../../src/renderer/src/components/timeline/Timeline.svelte'
import TimelineGallery from './TimelineGallery.svelte'
import { calibrate, nextFrame, timeMount, timeUpdate, type Timing } from './measure'
import { stages } from './timeline-stages'
import { synthetic, withOneStatusChanged } from './timeline-data'

const target = document.getElementById('app')!

/**
 * An execution made ready to mount: the first render apart from making its data, so a caller
 * can measure it on its own (e.g. in thread time, unlike the wall-clock timing it returns).
 */
function prepareFirstRender(
  lanes: number,
  runs: number
): { render: () => Timing; destroy: () => void } {
  const data = synthetic(lanes, runs)
  let destroy = () => {}
  return {
    render: () => {
      const mounted = timeMount(Timeline, { ...data }, target)
      destroy = mounted.destroy
      return mounted.timing
    },
    destroy: () => destroy()
  }
}

async function firstRender(lanes: number, runs: number): Promise<Timing> {
  const { render, destroy } = prepareFirstRender(lanes, runs)
  await nextFrame()
  const timing = render()
  await nextFrame()
  destroy()
  return timing
}

/** Mounts an execution and returns a function that applies one status change and times it. */
function prepareStatusUpdate(
  lanes: number,
  runs: number
): { update: () => Timing; destroy: () => void } {
  const data = synthetic(lanes, runs)
  // Raw state, as a view holding the monitor's details should: no deep proxies over them.
  let details = $state.raw(data.details)
  let log = $state.raw(data.log)
  const props = {
    get details() {
      return details
    },
    get log() {
      return log
    },
    now: data.now
  }
  const { destroy } = timeMount(Timeline, props, target)
  // The monitor's push brings the whole state again through IPC: new objects, the log too.
  const next = withOneStatusChanged(data.details)
  const nextLog = structuredClone(data.log)
  const update = () =>
    timeUpdate(() => {
      details = next
      log = nextLog
    }, target)
  return { update, destroy }
}

async function statusUpdate(lanes: number, runs: number): Promise<Timing> {
  const { update, destroy } = prepareStatusUpdate(lanes, runs)
  await nextFrame()
  const timing = update()
  await nextFrame()
  destroy()
  return timing
}

declare global {
  interface Window {
    bench: {
      firstRender: typeof firstRender
      prepareFirstRender: typeof prepareFirstRender
      statusUpdate: typeof statusUpdate
      prepareStatusUpdate: typeof prepareStatusUpdate
      calibrate: typeof calibrate
      stages: typeof stages
      ready: true
    }
  }
}

if (new URLSearchParams(location.search).has('gallery')) mount(TimelineGallery, { target })
window.bench = {
  firstRender,
  prepareFirstRender,
  statusUpdate,
  prepareStatusUpdate,
  calibrate,
  stages,
  ready: true
}
