// The selected run's details: boxes and tasks by name with copyable ids, its stores, and retry
// and rerun by the server's flags and the shared rules, confirmed in Onedata's terms.
import './jsdom'
import { fireEvent, render, screen, within } from '@testing-library/svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import RunDetails from '../../src/renderer/src/components/RunDetails.svelte'
import { SPACE_PRIVILEGES } from '../../src/shared/privileges'
import { firstTaskId } from '../fixtures/timeline/build'
import { storyDetails, storyNames } from '../fixtures/timeline/story'

const button = (name: string | RegExp) => screen.getByRole('button', { name }) as HTMLButtonElement
afterEach(() => vi.unstubAllGlobals())

describe('RunDetails', () => {
  it('asks for a selection when none is made, and says when the run is gone', async () => {
    const { rerender } = render(RunDetails, {
      details: storyDetails('failed'),
      runKey: undefined,
      onrepeat: () => {}
    })
    expect(screen.getByText(/Select a lane run on the timeline/)).toBeTruthy()
    await rerender({ details: storyDetails('failed'), runKey: '9:9', onrepeat: () => {} })
    expect(screen.getByText('That run is no longer part of the execution.')).toBeTruthy()
  })

  it('lists parallel boxes and tasks by name, with their ids, and the stores', () => {
    const d = storyDetails('failed')
    render(RunDetails, { details: d, runKey: '2:3', names: storyNames, onrepeat: () => {} })
    expect(screen.getByRole('heading', { name: /Lane 2, run 3 · Compute checksums/ })).toBeTruthy()
    expect(screen.getByText('Checksums')).toBeTruthy()
    expect(screen.getByText('Metadata')).toBeTruthy()
    expect(screen.getByText(firstTaskId(d, 2, 3))).toBeTruthy()
    const run = d.lanes[1]!.runs[0]!
    expect(screen.getByText(run.exceptionStoreId!)).toBeTruthy()
    expect(screen.getByText(run.iteratedStoreId!)).toBeTruthy()
    expect(screen.getByText('rerun, of run 1')).toBeTruthy()
  })

  it('copies an id and says so', async () => {
    const writeText = vi.fn(async () => {})
    vi.stubGlobal('navigator', { clipboard: { writeText } })
    const d = storyDetails('failed')
    render(RunDetails, { details: d, runKey: '2:3', names: storyNames, onrepeat: () => {} })
    await fireEvent.click(button('Copy task execution id of md5'))
    expect(writeText).toHaveBeenCalledWith(firstTaskId(d, 2, 3))
    expect(await screen.findByText('copied')).toBeTruthy()
  })

  it('retries a retriable run after saying where the items come from and the new run number', async () => {
    const onrepeat = vi.fn()
    render(RunDetails, {
      details: storyDetails('failed'),
      runKey: '2:3',
      names: storyNames,
      onrepeat
    })
    await fireEvent.click(button('Retry failed items'))
    expect(onrepeat).not.toHaveBeenCalled()
    expect(screen.getByRole('alertdialog')).toHaveTextContent(
      "Retry the failed items of lane 2 (Compute checksums), run 3. They come from run 3's exception store; the new run will be run 4. When it finishes, lane 3 runs again as run 4."
    )
    await fireEvent.click(button('Retry as run 4'), { detail: 1 })
    expect(onrepeat).toHaveBeenCalledWith('retry', 2, 3)
  })

  it('shows why a finished run cannot be retried, as text next to the button', () => {
    render(RunDetails, { details: storyDetails('failed'), runKey: '2:2', onrepeat: () => {} })
    expect(button('Retry failed items').disabled).toBe(true)
    expect(button('Rerun all items').disabled).toBe(false)
    expect(
      screen.getByText('Not possible: only failed runs can be retried (this one is finished)')
    ).toBeVisible()
  })

  it('offers no repeat while the execution runs, saying why', () => {
    render(RunDetails, { details: storyDetails('active'), runKey: '2:1', onrepeat: () => {} })
    const group = screen.getByRole('group', { name: 'Repeat this run' })
    for (const b of within(group).getAllByRole('button')) expect(b).toBeDisabled()
    expect(
      within(group).getAllByText('Not possible: the execution has not ended yet')
    ).toHaveLength(2)
  })

  it('shows no repeat for a run prepared in advance', () => {
    render(RunDetails, { details: storyDetails('active'), runKey: '3:ahead', onrepeat: () => {} })
    expect(screen.getByRole('heading', { name: /Lane 3, run prepared in advance/ })).toBeTruthy()
    expect(screen.queryByRole('group', { name: 'Repeat this run' })).toBeNull()
  })

  it('disables a repeat the account lacks the privilege for', () => {
    render(RunDetails, {
      details: storyDetails('failed'),
      runKey: '2:3',
      access: { userId: 'user-1', privileges: [SPACE_PRIVILEGES.view] },
      onrepeat: () => {}
    })
    expect(button('Retry failed items').disabled).toBe(true)
    expect(
      screen.getAllByText(
        `Not possible: your account lacks the ${SPACE_PRIVILEGES.schedule} privilege in this space`
      )
    ).toHaveLength(2)
  })

  it('closes an open confirmation when another run is selected', async () => {
    const d = storyDetails('failed')
    const { rerender } = render(RunDetails, { details: d, runKey: '2:3', onrepeat: () => {} })
    await fireEvent.click(button('Rerun all items'))
    expect(screen.getByRole('alertdialog')).toBeTruthy()
    await rerender({ details: d, runKey: '2:1', onrepeat: () => {} })
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })
})
