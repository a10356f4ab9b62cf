// Tokens left in the keychain with no account: an account taken out of the file by hand, or the
// accounts of a damaged file set aside. A token is removed only when it is marked as this settings
// file's, its id is neither an account nor an in-flight record of the file (re-read under the
// lock, so an add or remove running in another process is never undercut), and no damaged file set
// aside here names it (restoring that file must bring its accounts back whole). Tokens of another
// data folder, and tokens an earlier version wrote without a mark, are never touched.
import { readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { Logger } from '../log'
import { entryId, type SettingsDocument } from './settings-document'
import type { Readout, SettingsFile } from './settings'
import type { TokenVault } from './vault'

/** The key a settings file's tokens are marked with. */
export const ownerOf = (settings: SettingsFile): string => resolve(settings.path)

/** Ids the file accounts for: its entries (usable or not) and its in-flight records. */
function recorded(readout: Readout): Set<string> | undefined {
  if (readout.kind === 'missing') return new Set()
  if (readout.kind !== 'ok') return undefined
  const doc: SettingsDocument = readout.doc
  const ids = doc.accounts.map(entryId).filter((id): id is string => id !== undefined)
  return new Set([...ids, ...doc.pendingTokens])
}

/** The text of the damaged files set aside beside the settings file. */
function setAside(settings: SettingsFile): string[] {
  const dir = dirname(settings.path)
  const name = basename(settings.path)
  try {
    return readdirSync(dir)
      .filter((n) => n.startsWith(`${name}.`) && n.endsWith('.corrupt'))
      .map((n) => readFileSync(join(dir, n), 'utf8'))
  } catch {
    return []
  }
}

/**
 * Marks this file's tokens that have no mark yet (written by an earlier version) and removes the
 * marked ones whose account is gone. `readout` is the file as read at start; `held` the ids with a
 * token. Failures are logged and change nothing; the next start tries again.
 */
export async function removeOrphanedTokens(
  settings: SettingsFile,
  vault: TokenVault,
  log: Logger,
  readout: Readout,
  held: string[]
): Promise<void> {
  const known = recorded(readout)
  if (!known) return
  const owner = ownerOf(settings)
  try {
    const marks = await vault.owners()
    for (const id of held) if (known.has(id) && !marks.has(id)) await vault.claim(id, owner)
    const orphans = (ids: Set<string>, aside: string[]) =>
      held.filter(
        (id) => marks.get(id) === owner && !ids.has(id) && !aside.some((t) => t.includes(id))
      )
    if (!orphans(known, []).length) return
    // Only now the lock: a start with nothing to remove does not queue behind other processes.
    await settings.withLock(async () => {
      const now = recorded(settings.read())
      if (!now) return
      for (const id of orphans(now, setAside(settings))) {
        const deleted = await vault.delete(id)
        log.info('token of an account no longer in the settings deleted', {
          accountId: id,
          deleted
        })
      }
    })
  } catch (err) {
    log.warn('tokens without an account not removed', { error: (err as Error).message })
  }
}
