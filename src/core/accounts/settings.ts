// The non-secret settings file (<data>/settings.json): written atomically (temp file, fsync,
// rename); a file that cannot be read as settings is moved aside as *.corrupt and reported,
// never silently overwritten.
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync
} from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { accountSchema, type Account } from '../../shared/accounts'

const settingsSchema = z.object({
  version: z.literal(1),
  accounts: z.array(accountSchema)
})

export interface LoadedSettings {
  accounts: Account[]
  /** Set when the file was damaged and moved aside: a sentence for the user. */
  problem?: string
}

/** Writes a file so that a crash leaves either the old or the new content, never a mix. */
export function writeFileAtomic(path: string, content: string, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const fd = openSync(temp, 'w', mode)
  try {
    writeSync(fd, content)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, path)
}

export class SettingsFile {
  readonly path: string

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json')
  }

  load(): LoadedSettings {
    if (!existsSync(this.path)) return { accounts: [] }
    let reason: string
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')))
      if (parsed.success) return { accounts: parsed.data.accounts }
      const issue = parsed.error.issues[0]!
      reason = `${issue.path.join('.') || 'the top level'}: ${issue.message}`
    } catch (err) {
      reason = err instanceof SyntaxError ? 'it is not valid JSON' : (err as Error).message
    }
    const aside = this.moveAside()
    return {
      accounts: [],
      problem: `The settings file could not be read (${reason}). It was moved to ${aside} and Lanewatch started without accounts; add them again (their tokens are still in the keychain).`
    }
  }

  save(accounts: Account[]): void {
    const persistent = accounts.filter((a) => !a.demo)
    writeFileAtomic(this.path, `${JSON.stringify({ version: 1, accounts: persistent }, null, 2)}\n`)
  }

  private moveAside(): string {
    let target = `${this.path}.corrupt`
    if (existsSync(target))
      target = `${this.path}.${new Date().toISOString().replace(/[:.]/g, '-')}.corrupt`
    renameSync(this.path, target)
    return target
  }
}
