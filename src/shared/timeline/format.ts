// Durations and instants as a person reads them on a timeline.
const pad = (n: number) => String(n).padStart(2, '0')

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
  const d = new Date(ms)
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  return date ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock}` : clock
}

/** Whether two instants fall on the same local day. */
export function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString()
}
