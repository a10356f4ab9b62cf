import { describe, expect, it } from 'vitest'
import { SimClock } from '../../src/simulator/clock'

describe('SimClock', () => {
  it('runs events in time order, ties in scheduling order, and reports the event time inside', () => {
    const clock = new SimClock(1000)
    const seen: string[] = []
    clock.at(3000, () => seen.push(`c@${clock.now()}`))
    clock.at(2000, () => seen.push(`a@${clock.now()}`))
    clock.at(2000, () => seen.push(`b@${clock.now()}`))
    clock.advance(1500)
    expect(seen).toEqual(['a@2000', 'b@2000'])
    expect(clock.now()).toBe(2500)
    clock.advance(1000)
    expect(seen).toEqual(['a@2000', 'b@2000', 'c@3000'])
  })

  it('runs events scheduled by events when they fall due in the same advance', () => {
    const clock = new SimClock(0)
    const seen: number[] = []
    clock.after(10, () => {
      seen.push(clock.now())
      clock.after(10, () => seen.push(clock.now()))
    })
    clock.advance(25)
    expect(seen).toEqual([10, 20])
  })

  it('does not run cancelled events', () => {
    const clock = new SimClock(0)
    let ran = false
    clock.after(10, () => (ran = true)).cancel()
    clock.advance(100)
    expect(ran).toBe(false)
    expect(clock.pending()).toBe(0)
  })

  it('follows wall time scaled by speed in real mode and freezes in virtual mode', () => {
    let wall = 0
    const clock = new SimClock(50_000, 10, 'real', () => wall)
    wall = 100
    expect(clock.now()).toBe(51_000)
    clock.setMode('virtual')
    wall = 10_000
    expect(clock.now()).toBe(51_000)
    clock.setMode('real')
    wall = 10_001
    expect(clock.now()).toBe(51_010)
    clock.stop()
  })

  it('refuses to advance in real mode', () => {
    const clock = new SimClock(0, 1, 'real')
    expect(() => clock.advance(10)).toThrow(/virtual/)
    clock.stop()
  })
})
