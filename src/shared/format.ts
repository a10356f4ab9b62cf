// Time formatting shared by the CLI and the renderer.
const pad = (n: number) => String(n).padStart(2, '0')

/** POSIX seconds as local `YYYY-MM-DD HH:MM:SS`; 0 (never) as `never`. */
export function formatTime(seconds: number, never = '-'): string {
  if (!seconds) return never
  const d = new Date(seconds * 1000)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}
