// What the action buttons say on top of the shared rules. A lock (an offline snapshot) refuses
// every action with its own reason: nothing can be done to a file, whatever the rules would say.
// A missing privilege refuses only what the rules allow, so a refusal the server would give
// anyway keeps its more precise reason.
import type { Verdict } from '../../../../shared/actions'

export function withheld<A extends string>(
  rules: Record<A, Verdict>,
  locked: string | undefined,
  lacking: { reason: string } | undefined
): Record<A, Verdict> {
  if (!locked && !lacking) return rules
  const no: Verdict = { allowed: false, reason: locked ?? lacking!.reason }
  const entries = Object.entries(rules) as [A, Verdict][]
  return Object.fromEntries(entries.map(([a, v]) => [a, locked || v.allowed ? no : v])) as Record<
    A,
    Verdict
  >
}
