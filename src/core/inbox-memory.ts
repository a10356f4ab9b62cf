// Where the inbox was (<data>/inbox.json): account, space, phase, filters and sort, so the app
// opens where it was left. Written atomically; a file that is not one is ignored and replaced at
// the next change, since losing the place in a list is not worth a notice.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inboxMemorySchema, type InboxMemory } from '../shared/inbox'
import { writeFileAtomic } from './accounts/atomic-write'
import { AppError } from './errors'
import type { Logger } from './log'

export class InboxMemoryFile {
  readonly path: string
  private current: InboxMemory

  constructor(dataDir: string, log?: Logger) {
    this.path = join(dataDir, 'inbox.json')
    this.current = {}
    let text: string | undefined
    try {
      text = readFileSync(this.path, 'utf8')
    } catch {
      return
    }
    try {
      const parsed = inboxMemorySchema.safeParse(JSON.parse(text))
      if (parsed.success) this.current = parsed.data
      else log?.warn('inbox memory ignored', { reason: parsed.error.issues[0]?.message })
    } catch {
      log?.warn('inbox memory ignored', { reason: 'not JSON' })
    }
  }

  get(): InboxMemory {
    return structuredClone(this.current)
  }

  /** Replaces what is remembered. */
  set(memory: InboxMemory): InboxMemory {
    try {
      writeFileAtomic(this.path, `${JSON.stringify(memory, null, 2)}\n`)
    } catch (err) {
      throw new AppError(
        'inbox.writeFailed',
        `Where you were in the list could not be saved: ${(err as Error).message}`
      )
    }
    this.current = structuredClone(memory)
    return this.get()
  }
}
