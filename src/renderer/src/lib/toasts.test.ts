// Toasts: results fade on a timer (a controllable one here), server errors stay until dismissed
// and show the error id and description.
import { fireEvent, render, screen } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import Toasts from '../components/Toasts.svelte'
import { AppError } from './api'
import { describeError, ToastQueue, type Timers } from './toasts.svelte'

function manualTimers() {
  const pending = new Map<number, () => void>()
  let next = 1
  const timers: Timers = {
    set: (callback) => {
      pending.set(next, callback)
      return next++
    },
    clear: (handle) => void pending.delete(handle as number)
  }
  return { timers, fireAll: () => [...pending.values()].forEach((f) => f()), pending }
}

describe('ToastQueue', () => {
  it('lets a result fade when its timer fires, and keeps errors', () => {
    const clock = manualTimers()
    const queue = new ToastQueue(clock.timers, 6000)
    queue.success('Retry scheduled', 'Lane 2, run 3 is retried as run 4.')
    queue.error('Could not cancel', { id: 'atmWorkflowExecutionEnded', description: 'Ended.' })
    expect(queue.items.map((t) => t.kind)).toEqual(['success', 'error'])
    clock.fireAll()
    expect(queue.items).toEqual([
      {
        id: 2,
        kind: 'error',
        title: 'Could not cancel',
        detail: 'Ended. (atmWorkflowExecutionEnded)'
      }
    ])
  })

  it('drops the oldest beyond its limit and clears their timers', () => {
    const clock = manualTimers()
    const queue = new ToastQueue(clock.timers, 6000, 2)
    queue.success('a')
    queue.success('b')
    queue.success('c')
    expect(queue.items.map((t) => t.title)).toEqual(['b', 'c'])
    expect(clock.pending.size).toBe(2)
  })

  it('describes errors from the server, the app and elsewhere in one line', () => {
    expect(
      describeError(
        new AppError({ id: 'notFound', description: 'The resource could not be found.' })
      )
    ).toBe('The resource could not be found. (notFound)')
    expect(describeError(new Error('boom'))).toBe('boom')
    expect(describeError('plain')).toBe('plain')
  })
})

describe('Toasts', () => {
  it('announces an error at once and dismisses on request', async () => {
    const queue = new ToastQueue(manualTimers().timers)
    queue.error('Could not retry', {
      id: 'atmLaneExecutionRetryFailed',
      description: 'Failed to schedule retry.'
    })
    render(Toasts, { queue })
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Could not retry Failed to schedule retry. (atmLaneExecutionRetryFailed)'
    )
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss: Could not retry' }))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('shows a result as a status', async () => {
    const queue = new ToastQueue(manualTimers().timers)
    render(Toasts, { queue })
    queue.success('Paused')
    expect(await screen.findByRole('status')).toHaveTextContent('Paused')
  })
})
