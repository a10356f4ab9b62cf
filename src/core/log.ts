// The app's log: JSON lines in <data>/logs/lanewatch.log. Secrets registered with `redact` are
// replaced before anything is written, so a token can never end up in the log.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'

export type LogLevel = 'info' | 'warn' | 'error'

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
  /** Never write this value. */
  redact(secret: string): void
  readonly path?: string
}

const MAX_BYTES = 5 * 1024 * 1024

export function createFileLogger(dataDir: string): Logger {
  const dir = join(dataDir, 'logs')
  const path = join(dir, 'lanewatch.log')
  const secrets = new Set<string>()
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    let line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })
    for (const s of secrets) line = line.split(s).join('[redacted]')
    try {
      mkdirSync(dir, { recursive: true })
      if (statSafe(path) > MAX_BYTES) renameSync(path, `${path}.1`)
      appendFileSync(path, `${line}\n`, { mode: 0o600 })
    } catch {
      // A log that cannot be written must not break the app.
    }
  }
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    redact: (s) => {
      if (s.length >= 4) secrets.add(s)
    },
    path
  }
}

function statSafe(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, redact() {} }
