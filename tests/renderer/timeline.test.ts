// The Timeline component in jsdom: what it draws from realistic details and log, the listbox
// and its keyboard, the filters, zoom, and that an update keeps the selection and the DOM.
import './jsdom'
import { fireEvent, render, screen, within } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import Timeline from '../../src/renderer/src/components/timeline/Timeline.svelte'
import { expectDuration } from '../../src/shared/timeline/expected'
import { execution } from '../fixtures/timeline/build'
import {
  storyDetails,
  storyLog,
  storyNames,
  storyNow,
  storyObservations
} from '../fixtures/timeline/story'

function props(details = storyDetails(), extra: Record<string, unknown> = {}) {
  return {
    details,
    log: storyLog(details),
    observations: storyObservations,
    names: storyNames,
    now: storyNow,
    ...extra
  }
}
const listbox = () => screen.getByRole('listbox', { name: 'Timeline of lane runs' })
const run = (name: RegExp) => within(listbox()).getByRole('option', { name })

describe('Timeline', () => {
  it('draws every lane run as an option named "Lane N, run M, …"', () => {
    render(Timeline, props())
    const names = within(listbox())
      .getAllByRole('option')
      .map((o) => o.getAttribute('aria-label'))
    expect(names).toHaveLength(6)
    expect(names[0]).toMatch(/^Lane 1, run 1, regular, finished, started /)
    expect(run(/^Lane 2, run 2, retry of run 1, finished/)).toBeTruthy()
    expect(run(/^Lane 2, run 3, rerun of run 1, active, .*still running/)).toBeTruthy()
    expect(run(/^Lane 3, run prepared in advance, regular, enqueued/)).toBeTruthy()
  })

  it('shows the "now" line while running, the compressed gap, and the lane names', () => {
    const { container } = render(Timeline, props())
    expect(container.querySelector('.now-label')?.textContent).toBe('now')
    expect(container.textContent).toContain('≈ 3 d idle')
    expect(container.textContent).toContain('Compute checksums')
  })

  it('keeps one run in the tab order: the selected one', () => {
    render(Timeline, props(undefined, { selected: '2:2' }))
    const options = within(listbox()).getAllByRole('option')
    expect(options.filter((o) => o.getAttribute('tabindex') === '0')).toHaveLength(1)
    expect(run(/^Lane 2, run 2,/)).toHaveAttribute('tabindex', '0')
    expect(run(/^Lane 2, run 2,/)).toHaveAttribute('aria-selected', 'true')
  })

  it('selects a run on click and moves with the arrow keys', async () => {
    const onselect = vi.fn()
    const { rerender } = render(Timeline, props(undefined, { selected: '2:1', onselect }))
    await fireEvent.click(run(/^Lane 1, run 1,/))
    expect(onselect).toHaveBeenLastCalledWith('1:1')
    await fireEvent.keyDown(run(/^Lane 2, run 1,/), { key: 'ArrowRight' })
    expect(onselect).toHaveBeenLastCalledWith('2:2')
    await rerender(props(undefined, { selected: '2:2', onselect }))
    await fireEvent.keyDown(run(/^Lane 2, run 2,/), { key: 'ArrowDown' })
    expect(onselect).toHaveBeenLastCalledWith('3:2')
    await fireEvent.keyDown(run(/^Lane 2, run 2,/), { key: 'End' })
    expect(onselect).toHaveBeenLastCalledWith('2:3')
  })

  it('moves keyboard focus to the run the arrow keys select', async () => {
    let selected = '2:1'
    const { rerender } = render(
      Timeline,
      props(undefined, { selected, onselect: (k: string) => (selected = k) })
    )
    run(/^Lane 2, run 1,/).focus()
    await fireEvent.keyDown(run(/^Lane 2, run 1,/), { key: 'ArrowRight' })
    await rerender(props(undefined, { selected, onselect: (k: string) => (selected = k) }))
    await vi.waitFor(() => expect(document.activeElement).toBe(run(/^Lane 2, run 2,/)))
  })

  it('draws each run as one element, its outline; its fill, glyph and number above, hidden, pointing at the run', async () => {
    const onselect = vi.fn()
    const { container } = render(Timeline, props(undefined, { onselect }))
    const option = run(/^Lane 2, run 1,/)
    expect(option.tagName).toBe('path')
    expect(option.childNodes).toHaveLength(0)
    expect(option.getAttribute('d')).toMatch(/^M/)
    const decor = container.querySelector('.decor[data-key="2:1"]')!
    expect(decor.closest('[aria-hidden="true"]')).not.toBeNull()
    expect(decor.querySelector('.texture')?.getAttribute('fill')).toMatch(/-hatched\)$/)
    expect(decor.querySelector('.tl-glyph')?.textContent).toMatch(/^✕\s*1$/)
    await fireEvent.click(decor.querySelector('.tl-glyph')!)
    expect(onselect).toHaveBeenLastCalledWith('2:1')
  })

  it('shows the whole execution again when the time scale changes', async () => {
    render(Timeline, props(undefined, { selected: '2:2' }))
    await fireEvent.click(screen.getByRole('button', { name: 'Zoom to selected run' }))
    expect(screen.getByRole('button', { name: 'Whole execution' })).toBeEnabled()
    await fireEvent.click(screen.getByLabelText('True time scale'))
    expect(screen.getByRole('button', { name: 'Whole execution' })).toBeDisabled()
    expect(within(listbox()).getAllByRole('option')).toHaveLength(6)
  })

  it('dims all but the failed runs with "Failed only"', async () => {
    render(Timeline, props(storyDetails('failed')))
    await fireEvent.click(screen.getByLabelText('Failed only'))
    const dimmed = within(listbox())
      .getAllByRole('option')
      .filter((o) => o.classList.contains('dimmed'))
      .map((o) => o.getAttribute('data-key'))
    expect(dimmed.sort()).toEqual(['1:1', '2:2', '3:2'])
  })

  it('shows the true scale on request: no compressed gap', async () => {
    const { container } = render(Timeline, props())
    await fireEvent.click(screen.getByLabelText('True time scale'))
    expect(container.textContent).not.toContain('3 d idle')
  })

  it('zooms to the selected run and back to the whole execution', async () => {
    render(Timeline, props(undefined, { selected: '2:2' }))
    const width = () => run(/^Lane 2, run 2,/).getAttribute('d')
    const before = width()
    expect(within(listbox()).getAllByRole('option')).toHaveLength(6)
    await fireEvent.click(screen.getByRole('button', { name: 'Zoom to selected run' }))
    expect(width()).not.toBe(before)
    // The rerun three days later is outside the zoomed view.
    expect(within(listbox()).queryByRole('option', { name: /^Lane 2, run 3,/ })).toBeNull()
    await fireEvent.click(screen.getByRole('button', { name: 'Whole execution' }))
    expect(width()).toBe(before)
  })

  it('says the expected duration of a lane and flags a run over twice the median', () => {
    const expectations = new Map([[2, expectDuration([100_000, 120_000, 130_000])!]])
    const { container } = render(Timeline, props(storyDetails('failed'), { expectations }))
    expect(container.textContent).toContain('usually about 2 min')
    expect(run(/^Lane 2, run 1,.*over twice the usual duration/)).toBeTruthy()
  })

  it('keeps the selection and the unchanged runs’ elements when new details arrive', async () => {
    const { rerender } = render(Timeline, props(undefined, { selected: '2:1' }))
    const kept = run(/^Lane 2, run 1,/)
    const next = storyDetails()
    next.lanes[1]!.runs[0]!.status = 'stopping'
    await rerender(props(next, { selected: '2:1' }))
    expect(run(/^Lane 2, run 1,/)).toBe(kept)
    expect(kept).toHaveAttribute('aria-selected', 'true')
    expect(run(/^Lane 2, run 3, rerun of run 1, stopping/)).toBeTruthy()
  })

  it('draws a lane’s links grouped by kind, and one by one once a run of its line is selected', async () => {
    const { container, rerender } = render(Timeline, props())
    // Lane 2's retry and rerun: one path each, with their arrowheads, none highlighted.
    expect(container.querySelectorAll('.link-retry')).toHaveLength(1)
    expect(container.querySelectorAll('.link-rerun')).toHaveLength(1)
    expect(container.querySelectorAll('.arrows')).toHaveLength(2)
    expect(container.querySelectorAll('.link.lit')).toHaveLength(0)
    await rerender(props(undefined, { selected: '2:2' }))
    // The retry's line (run 1 and its retry) is highlighted; the rerun's link stays plain.
    const lit = container.querySelectorAll('.link.lit')
    expect(lit).toHaveLength(1)
    expect(lit[0]).toHaveClass('link-retry')
    expect(lit[0]!.getAttribute('marker-end')).toMatch(/-arrow\)$/)
    expect(container.querySelectorAll('.link-rerun:not(.lit)')).toHaveLength(1)
    expect(container.querySelectorAll('.arrows')).toHaveLength(0)
  })

  it('draws the links of every lane in view in one path per kind', () => {
    const retried = () => [
      { runNumber: 1, status: 'failed' },
      { runNumber: 2, originRunNumber: 1, runType: 'retry', status: 'finished' }
    ]
    const d = execution('finished', [retried(), retried(), retried()])
    const { container } = render(Timeline, { details: d, now: storyNow })
    const paths = container.querySelectorAll('.link-retry')
    expect(paths).toHaveLength(1)
    // Three curves and three arrowheads.
    expect(paths[0]!.getAttribute('d')!.match(/M/g)).toHaveLength(3)
    expect(container.querySelector('.arrows')!.getAttribute('d')!.match(/Z/g)).toHaveLength(3)
  })

  it('places runs in run order when nothing gives a time, and says so', () => {
    const { container } = render(Timeline, props(undefined, { log: [], observations: undefined }))
    expect(container.textContent).toContain('No times known yet: runs are placed in run order.')
    expect(run(/^Lane 1, run 1, regular, finished, times not known/)).toBeTruthy()
  })

  it('shows a status it does not know as sent', () => {
    const d = execution('failed', [[{ runNumber: 1, status: 'skipped' }]])
    render(Timeline, { details: d, now: storyNow })
    expect(run(/^Lane 1, run 1, regular, skipped,/)).toHaveClass('tl-look-unknown')
  })

  it('says when there is no lane run yet', () => {
    render(Timeline, { details: execution('scheduled', [[]]), now: storyNow })
    expect(screen.getByText('No lane run yet.')).toBeTruthy()
  })
})

describe('Timeline with many lanes', () => {
  // jsdom lays nothing out: give the scrolled canvas a height, as a browser would.
  function withCanvasHeight(height: number) {
    // Defined on HTMLElement over Element's own getter; deleting it restores that.
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('canvas') ? height : 0
      }
    })
    return () => void delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight
  }
  const many = () =>
    execution(
      'finished',
      Array.from({ length: 40 }, () => [{ runNumber: 1, status: 'finished' }])
    )

  it('puts only the lanes in view into the DOM, rows and runs, each run knowing its place in the whole', () => {
    const restore = withCanvasHeight(300)
    try {
      const { container } = render(Timeline, { details: many(), now: storyNow })
      const options = within(listbox()).getAllByRole('option')
      expect(options.length).toBeLessThan(20)
      // Rows too: only those of the lanes drawn.
      expect(container.querySelectorAll('.row')).toHaveLength(options.length)
      expect(options[0]).toHaveAttribute('aria-setsize', '40')
      expect(options[0]).toHaveAttribute('aria-posinset', '1')
    } finally {
      restore()
    }
  })

  it('scrolls a lane into view and focuses its run when the keyboard moves there', async () => {
    const restore = withCanvasHeight(300)
    try {
      let selected = '1:1'
      const onselect = (k: string) => (selected = k)
      const { rerender, container } = render(Timeline, {
        details: many(),
        now: storyNow,
        selected,
        onselect
      })
      await fireEvent.keyDown(run(/^Lane 1, run 1,/), { key: 'End' })
      for (let lane = 1; lane < 30; lane++) {
        await fireEvent.keyDown(document.activeElement ?? listbox(), { key: 'ArrowDown' })
        await rerender({ details: many(), now: storyNow, selected, onselect })
      }
      expect(selected).toBe('30:1')
      const canvas = container.querySelector('.canvas') as HTMLElement
      expect(canvas.scrollTop).toBeGreaterThan(0)
      await vi.waitFor(() => expect(document.activeElement).toBe(run(/^Lane 30, run 1,/)))
    } finally {
      restore()
    }
  })
})
