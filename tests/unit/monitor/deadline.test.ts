import { describe, expect, it } from 'vitest'
import { underDeadline } from '../../../src/core/monitor/deadline'
import { VirtualScheduler } from '../../../src/core/monitor/scheduler'

const timeout = () => new Error('too late')

describe('underDeadline', () => {
  it('gives the answer that comes in time, and leaves no controller behind', async () => {
    const s = new VirtualScheduler(0)
    const controllers = new Set<AbortController>()
    await expect(underDeadline(s, 1000, controllers, async () => 'answer', timeout)).resolves.toBe(
      'answer'
    )
    expect(controllers.size).toBe(0)
    expect(s.nextDue()).toBeUndefined()
  })

  it('settles at the deadline even when the work ignores its signal (a body never finished)', async () => {
    const s = new VirtualScheduler(0)
    const controllers = new Set<AbortController>()
    let signal: AbortSignal | undefined
    const waiting = underDeadline(
      s,
      1000,
      controllers,
      (sig) => {
        signal = sig
        return new Promise<never>(() => undefined)
      },
      timeout
    )
    const outcome = waiting.then(
      () => 'resolved',
      (e: Error) => e.message
    )
    await s.advance(999)
    expect(controllers.size).toBe(1)
    await s.advance(1)
    expect(await outcome).toBe('too late')
    expect(signal?.aborted).toBe(true)
    expect(controllers.size).toBe(0)
  })

  it('turns the abort error of work that honours its signal into the timeout', async () => {
    const s = new VirtualScheduler(0)
    const waiting = underDeadline(
      s,
      500,
      new Set(),
      (sig) =>
        new Promise<never>((_, reject) =>
          sig.addEventListener('abort', () => reject(new Error('aborted')))
        ),
      timeout
    )
    const outcome = waiting.catch((e: Error) => e.message)
    await s.advance(500)
    expect(await outcome).toBe('too late')
  })

  it('ends at once when its controller is aborted from outside (the monitor stops)', async () => {
    const s = new VirtualScheduler(0)
    const controllers = new Set<AbortController>()
    const waiting = underDeadline(
      s,
      60_000,
      controllers,
      () => new Promise(() => undefined),
      timeout
    )
    const outcome = waiting.catch((e: Error) => e.message)
    for (const c of controllers) c.abort()
    expect(await outcome).toBe('the monitor stopped')
    expect(s.nextDue()).toBeUndefined()
  })

  it('passes on a failure of the work as it is', async () => {
    const s = new VirtualScheduler(0)
    const failing = underDeadline(
      s,
      500,
      new Set(),
      () => Promise.reject(new Error('503')),
      timeout
    )
    await expect(failing).rejects.toThrow('503')
  })
})
