// Durations and instants as a person reads them on a timeline. Local time is computed from a
// cached UTC offset per hour, so labelling thousands of runs stays cheap.
const pad = (n: number) => String(n).padStart(2, '0')
const HOUR = 3_600_000
const DAY = 24 * HOUR

const offsets = new Map<number, number>()
/** The local UTC offset (ms) in effect at an instant; cached per hour (offsets change on hours). */
function offsetAt(ms: number): number {
  const hour = Math.floor(ms / HOUR)
  let offset = offsets.get(hour)
  if (offset === undefined) {
    if (offsets.size > 50_000) offsets.clear()
    offset = -new Date(ms).getTimezoneOffset() * 60_000
    offsets.set(hour, offset)
  }
  return offset
}

/** "45 s", "4 min 10 s", "2 h 5 min", "3 d 4 h"; `coarse` keeps only the larger unit. */
export function formatDuration(ms: number, { coarse = false } = {}): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const parts: [number, string, number, string] =
    s < 3600
      ? [Math.floor(s / 60), 'min', s % 60, 's']
      : s < 86_400
        ? [Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'min']
        : [Math.floor(s / 86_400), 'd', Math.floor((s % 86_400) / 3600), 'h']
  const [big, bigUnit, small, smallUnit] = parts
  return coarse || small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`
}

/** Local `HH:MM:SS`, with the date in front when asked. */
export function formatInstant(ms: number, { date = false } = {}): string {
  const d = new Date(ms + offsetAt(ms))
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  return date
    ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${clock}`
    : clock
}

/** Whether two instants fall on the same local day. */
export function sameDay(a: number, b: number): boolean {
  return Math.floor((a + offsetAt(a)) / DAY) === Math.floor((b + offsetAt(b)) / DAY)
}
