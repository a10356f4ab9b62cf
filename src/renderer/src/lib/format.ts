import { workflowPhase } from '../../../shared/statuses'

const pad = (n: number) => String(n).padStart(2, '0')

/** POSIX seconds as local `YYYY-MM-DD HH:MM:SS`; 0 means never. */
export function formatTime(seconds: number): string {
  if (!seconds) return '—'
  const d = new Date(seconds * 1000)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** A CSS class for a status: its phase, or `unknown` for a status the spec does not list. */
export function statusClass(status: string): string {
  return `status status-${workflowPhase(status) ?? 'unknown'} status-${/^[a-z]+$/.test(status) ? status : 'other'}`
}
