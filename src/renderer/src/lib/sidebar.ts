// What the sidebar says of a provider and a space, as pure functions of the monitor's overview.
import type { ProviderStatus, SpaceStatus } from '../../../shared/monitor-state'

/** A space the provider does not support: listing it can only fail, so it is not offered. */
export function unsupportedReason(s: SpaceStatus): string | undefined {
  const p = s.problem
  if (!p) return undefined
  return /notSupported/i.test(p.id) ? 'Not supported by this provider' : undefined
}

/** "Unreachable: connection refused. Trying again in 12 s." for a provider that fails. */
export function providerProblem(p: ProviderStatus | undefined, nowMs: number): string | undefined {
  if (!p || p.reachable) return undefined
  const why = p.problem ? `: ${p.problem.description.replace(/\.$/, '')}` : ''
  const retry =
    p.retryAt !== undefined
      ? ` Trying again in ${Math.max(0, Math.ceil((p.retryAt - nowMs) / 1000))} s.`
      : ' Trying again shortly.'
  return `Unreachable${why}.${retry}`
}

/** The counts a space shows, for screen readers in one phrase. */
export function spaceCounts(s: SpaceStatus): string {
  const parts = [`${s.counts.ongoing ?? '…'} ongoing`, `${s.counts.suspended ?? '…'} suspended`]
  if (s.failuresSinceSeen)
    parts.push(
      `${s.failuresSinceSeen} failure${s.failuresSinceSeen === 1 ? '' : 's'} since you last looked`
    )
  return parts.join(', ')
}
