// Which entries a list made from a previous one replaced. The runs of a refreshed execution,
// and their times, are made by copying the previous list and replacing the entries that
// changed; knowing where, each next step looks at those entries only instead of every run.

const made = new WeakMap<readonly object[], { from: readonly object[]; at: readonly number[] }>()
const NONE: readonly number[] = []

/**
 * Records that `list` is `from` with the entries at these positions replaced: the same length,
 * and the same objects everywhere else.
 */
export function recordChanges<T extends object>(
  list: readonly T[],
  from: readonly T[],
  at: readonly number[]
): void {
  made.set(list, { from, at })
}

/**
 * The positions at which `list` holds other objects than `from`, when known: none when they are
 * the same list, the recorded ones when `list` was made from `from`, else undefined (compare
 * them in full).
 */
export function changesSince<T extends object>(
  list: readonly T[],
  from: readonly T[]
): readonly number[] | undefined {
  if (list === from) return NONE
  const m = made.get(list)
  return m?.from === from ? m.at : undefined
}
