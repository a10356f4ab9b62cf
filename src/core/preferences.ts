// The user's monitoring and notification preferences (<data>/preferences.json), apart from the
// accounts file. Written atomically; a damaged file is moved aside and reported, and the
// defaults apply.
import { existsSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import {
  applyPreferencesPatch,
  defaultPreferences,
  preferencesSchema,
  type Preferences,
  type PreferencesPatch
} from '../shared/monitor-settings'
import { writeFileAtomic } from './accounts/atomic-write'
import { AppError } from './errors'

export class PreferencesFile {
  readonly path: string
  private current: Preferences
  /** Set when the file was damaged at start: a sentence for the user. */
  readonly problem?: string
  private readonly listeners = new Set<(p: Preferences) => void>()

  constructor(dataDir: string) {
    this.path = join(dataDir, 'preferences.json')
    const loaded = this.load()
    this.current = loaded.preferences
    this.problem = loaded.problem
  }

  get(): Preferences {
    return structuredClone(this.current)
  }

  /** Applies a change, saves it, and tells the listeners. */
  set(patch: PreferencesPatch): Preferences {
    let next: Preferences
    try {
      next = applyPreferencesPatch(this.current, patch)
    } catch (err) {
      throw new AppError(
        'settings.invalid',
        `These settings do not fit together: ${(err as Error).message}.`
      )
    }
    try {
      writeFileAtomic(this.path, `${JSON.stringify({ version: 1, ...next }, null, 2)}\n`)
    } catch (err) {
      throw new AppError(
        'settings.writeFailed',
        `The settings could not be saved: ${(err as Error).message}`
      )
    }
    this.current = next
    for (const l of this.listeners) l(this.get())
    return this.get()
  }

  onChange(listener: (p: Preferences) => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  private load(): { preferences: Preferences; problem?: string } {
    if (!existsSync(this.path)) return { preferences: defaultPreferences() }
    let why: string
    try {
      const parsed = preferencesSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')))
      if (parsed.success) return { preferences: parsed.data }
      const issue = parsed.error.issues[0]!
      why = `${issue.path.join('.') || 'the top level'}: ${issue.message}`
    } catch (err) {
      why = err instanceof SyntaxError ? 'it is not valid JSON' : (err as Error).message
    }
    const aside = `${this.path}.corrupt`
    try {
      renameSync(this.path, aside)
    } catch {
      // Left in place: the next save replaces it.
    }
    return {
      preferences: defaultPreferences(),
      problem: `The preferences file could not be read (${why}). It was moved to ${aside}; the defaults apply.`
    }
  }
}
