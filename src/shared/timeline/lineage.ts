// Lineage of lane runs: every retry and rerun points at the run it repeats (its
// `originRunNumber`). Oneprovider repeats a run of the lane it was asked for, so the origin is
// normally in the same lane; when it is not there (a server that moved it, or a partial answer)
// the newest lane holding that run number is taken, and a run whose origin is nowhere is reported.
import { changesSince } from './changes'
import { numberKey, type RunRef } from './runs'

export interface LineageLink {
  /** The repeating run (retry or rerun). */
  from: string
  /** Its origin run. */
  to: string
  /** The repeating run's type as sent (`retry`, `rerun`, or something else). */
  type: string
  /** The origin is in another lane's row. */
  crossLane: boolean
  /** The lanes (1-based) of the repeating run and of its origin. */
  lanes: [number, number]
}

export interface Lineage {
  links: LineageLink[]
  /** Repeats whose origin run is not among the execution's runs. */
  missing: { key: string; originRunNumber: number }[]
  originOf: ReadonlyMap<string, string>
  repeatsOf: ReadonlyMap<string, readonly string[]>
}

export function lineage(runs: readonly RunRef[]): Lineage {
  const byNumber = new Map<number, RunRef>()
  const lanesByNumber = new Map<number, RunRef[]>()
  for (const ref of runs) {
    const n = ref.run.runNumber
    if (n === null) continue
    const k = numberKey(ref.laneIndex, n)
    if (!byNumber.has(k)) byNumber.set(k, ref)
    const same = lanesByNumber.get(n)
    if (same) same.push(ref)
    else lanesByNumber.set(n, [ref])
  }
  const links: LineageLink[] = []
  const missing: Lineage['missing'] = []
  const originOf = new Map<string, string>()
  const repeatsOf = new Map<string, string[]>()
  for (const ref of runs) {
    const origin = ref.run.originRunNumber
    if (origin === null) continue
    const target =
      byNumber.get(numberKey(ref.laneIndex, origin)) ??
      lanesByNumber.get(origin)?.reduce((a, b) => (b.laneIndex > a.laneIndex ? b : a))
    if (!target || target.key === ref.key) {
      missing.push({ key: ref.key, originRunNumber: origin })
      continue
    }
    links.push({
      from: ref.key,
      to: target.key,
      type: ref.run.runType,
      crossLane: target.laneIndex !== ref.laneIndex,
      lanes: [ref.laneIndex, target.laneIndex]
    })
    originOf.set(ref.key, target.key)
    const repeats = repeatsOf.get(target.key)
    if (repeats) repeats.push(ref.key)
    else repeatsOf.set(target.key, [ref.key])
  }
  return { links, missing, originOf, repeatsOf }
}

/** The run and every run it descends from or that descends from it: one line of repeats. */
export function lineageOf(l: Lineage, key: string): Set<string> {
  const family = new Set<string>([key])
  for (let k = l.originOf.get(key); k && !family.has(k); k = l.originOf.get(k)) family.add(k)
  const queue = [key]
  while (queue.length) {
    for (const child of l.repeatsOf.get(queue.pop()!) ?? [])
      if (!family.has(child)) {
        family.add(child)
        queue.push(child)
      }
  }
  return family
}

/**
 * Whether two lists of runs give the same lineage: the same keys with the same origins and
 * types (statuses do not matter), so a refresh that changed only statuses can keep it.
 * References kept from the previous list compare by identity, building nothing; for a list
 * made from the other, only the references it replaced are looked at.
 */
export function sameLineageInputs(a: readonly RunRef[], b: readonly RunRef[]): boolean {
  if (a.length !== b.length) return false
  const same = (i: number) => {
    const x = a[i]!
    const y = b[i]!
    return (
      x === y ||
      (x.key === y.key &&
        x.run.originRunNumber === y.run.originRunNumber &&
        x.run.runType === y.run.runType)
    )
  }
  // One list made from the other: only the replaced references can differ.
  const changed = changesSince(b, a) ?? changesSince(a, b)
  if (changed) return changed.every(same)
  for (let i = 0; i < a.length; i++) if (!same(i)) return false
  return true
}

/** Whether two sets of run keys hold the same keys. */
export function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false
  for (const k of a) if (!b.has(k)) return false
  return true
}
