// The timeline's benchmark page. `window.bench` mounts the Timeline with synthetic executions
// and times it; `?gallery` shows realistic executions for screenshots instead.
import { mount } from 'svelte'
import '../../src/renderer/src/global.css'
import Timeline from '../../src/renderer/src/components/timeline/Timeline.svelte'
import TimelineGallery from './TimelineGallery.svelte'
import { nextFrame, timeMount, timeUpdate, type Timing } from './measure'
import { synthetic, withOneStatusChanged } from './timeline-data'

const target = document.getElementById('app')!

async function firstRender(lanes: number, runs: number): Promise<Timing> {
  const data = synthetic(lanes, runs)
  await nextFrame()
  const { timing, destroy } = timeMount(Timeline, { ...data }, target)
  await nextFrame()
  destroy()
  return timing
}

async function statusUpdate(lanes: number, runs: number): Promise<Timing> {
  const data = synthetic(lanes, runs)
  const props = $state({ ...data })
  const { destroy } = timeMount(Timeline, props, target)
  await nextFrame()
  const next = withOneStatusChanged(data.details)
  const timing = timeUpdate(() => (props.details = next), target)
  await nextFrame()
  destroy()
  return timing
}

declare global {
  interface Window {
    bench: { firstRender: typeof firstRender; statusUpdate: typeof statusUpdate; ready: true }
  }
}

if (new URLSearchParams(location.search).has('gallery')) mount(TimelineGallery, { target })
window.bench = { firstRender, statusUpdate, ready: true }
