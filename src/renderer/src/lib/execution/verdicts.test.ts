import { describe, expect, it } from 'vitest'
import type { Verdict } from '../../../../shared/actions'
import { withheld } from './verdicts'

const rules: Record<'pause' | 'resume', Verdict> = {
  pause: { allowed: true },
  resume: { allowed: false, reason: 'the execution has ended' }
}

describe('withheld', () => {
  it('leaves the rules alone with no lock and no missing privilege', () => {
    expect(withheld(rules, undefined, undefined)).toBe(rules)
  })

  it('a lock refuses every action with its reason, even one the rules refuse', () => {
    expect(withheld(rules, 'offline snapshot', undefined)).toEqual({
      pause: { allowed: false, reason: 'offline snapshot' },
      resume: { allowed: false, reason: 'offline snapshot' }
    })
  })

  it('a missing privilege refuses what the rules allow and keeps their own refusals', () => {
    expect(withheld(rules, undefined, { reason: 'you lack the manage privilege' })).toEqual({
      pause: { allowed: false, reason: 'you lack the manage privilege' },
      resume: { allowed: false, reason: 'the execution has ended' }
    })
  })
})
