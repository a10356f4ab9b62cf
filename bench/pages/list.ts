// The execution list's benchmark page. The runner hands it the rows once (`load`); `firstRender`
// mounts the virtualized ExecutionList or the plain list with every row, and `scrollFrames`
// times the work one scroll step causes in the virtualized list.
import { flushSync, mount, unmount } from 'svelte'
import '../../src/renderer/src/global.css'
import ExecutionList from '../../src/renderer/src/components/ExecutionList.svelte'
import PlainList from './PlainList.svelte'
import { calibrate, nextFrame, timeMount, type Timing } from './measure'

const target = document.getElementById('app')!
target.style.height = '800px'
// The rows as ExecutionList takes them ({id, details}); typed there, not here, as this page is
// also type-checked with the Node project.
let rows: never[] = []
const DEFAULT_SORT = { column: 'scheduled', direction: 'desc' } as const
let now = 0

const props = () => ({
  rows,
  label: 'executions',
  people: {},
  now,
  sort: DEFAULT_SORT,
  onsort: () => {},
  onselect: () => {},
  onopen: () => {},
  height: 800
})

async function firstRender(kind: 'virtual' | 'plain'): Promise<Timing> {
  await nextFrame()
  const { timing, destroy } =
    kind === 'virtual'
      ? timeMount(ExecutionList, props(), target)
      : timeMount(PlainList, { rows, people: {}, now, sort: DEFAULT_SORT }, target)
  await nextFrame()
  destroy()
  return timing
}

/** Scrolls the virtualized list `steps` times by `by` pixels; the time of each step's work. */
async function scrollFrames(steps: number, by: number): Promise<number[]> {
  const instance = mount(ExecutionList, { target, props: props() })
  flushSync()
  await nextFrame()
  const grid = target.querySelector<HTMLElement>('[role="grid"]')!
  const times: number[] = []
  for (let i = 1; i <= steps; i++) {
    const t0 = performance.now()
    grid.scrollTop = i * by
    grid.dispatchEvent(new Event('scroll'))
    flushSync()
    void grid.getBoundingClientRect().height
    times.push(performance.now() - t0)
    await nextFrame()
  }
  const shown = grid.querySelectorAll('[role="row"]').length
  unmount(instance)
  target.replaceChildren()
  if (shown > 100) throw new Error(`the virtualized list had ${shown} rows in the page`)
  return times
}

const bench = {
  load: (r: never[], n: number) => {
    rows = r
    now = n
    return rows.length
  },
  firstRender,
  scrollFrames,
  calibrate,
  ready: true
}
;(window as unknown as { bench: typeof bench }).bench = bench
