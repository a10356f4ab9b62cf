import { formatTime as sharedFormatTime } from '../../../shared/format'
import { workflowPhase } from '../../../shared/statuses'

/** POSIX seconds as local time; 0 means never. */
export const formatTime = (seconds: number): string => sharedFormatTime(seconds, '—')

/** A CSS class for a status: its phase, or `unknown` for a status the spec does not list. */
export function statusClass(status: string): string {
  return `status status-${workflowPhase(status) ?? 'unknown'} status-${/^[a-z]+$/.test(status) ? status : 'other'}`
}
