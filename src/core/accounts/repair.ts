// What a start does before accounts are used: finish what a killed process left half done, and
// collect what the user must be told. Each step tolerates what it cannot fix and reports it.
//   - temporaries of an interrupted write are removed (under the settings lock);
//   - a damaged file is moved aside (under the lock), an unreadable one left alone;
//   - a token recorded as in flight whose account was never saved (or was removed) is deleted;
//   - an account whose token is missing from the keychain is named;
//   - a token of this file whose account is gone is deleted (orphans.ts).
import type { Account } from '../../shared/accounts'
import type { Logger } from '../log'
import { entryId, rejectedNotice, splitAccounts, displayName } from './settings-document'
import { removeOrphanedTokens } from './orphans'
import { errnoText, type SettingsFile } from './settings'
import type { TokenVault } from './vault'

export async function repairOnStart(
  settings: SettingsFile,
  vault: TokenVault,
  log: Logger
): Promise<string[]> {
  const notices: string[] = []
  const path = settings.path
  let readout = settings.read()
  // The lock is taken only when there is something to repair, so starts do not queue up.
  if (readout.kind === 'damaged' || settings.temporaries().length) {
    try {
      readout = await settings.withLock(async () => {
        const removed = settings.removeTemporaries()
        if (removed) log.info('removed temporaries of an interrupted settings write', { removed })
        const now = settings.read()
        if (now.kind === 'damaged') {
          try {
            const movedTo = settings.moveAside()
            log.warn('damaged settings file moved aside', { reason: now.reason, movedTo })
            notices.push(
              `The settings file ${path} was damaged (${now.reason}); it was moved to ${movedTo} and Lanewatch started without the accounts it held. Their tokens stay in the keychain while that file is kept there.`
            )
          } catch (err) {
            notices.push(damagedInPlace(path, now.reason, errnoText(err)))
          }
        }
        return now
      })
    } catch (err) {
      // No lock (a read-only folder, or a process that holds it too long): change nothing.
      log.warn('settings not repaired at start', { error: (err as Error).message })
      readout = settings.read()
      if (readout.kind === 'damaged')
        notices.push(damagedInPlace(path, readout.reason, errnoText((err as Error).cause ?? err)))
    }
  }

  if (readout.kind === 'unreadable')
    notices.push(
      `The settings file ${path} cannot be read (${readout.reason}); Lanewatch started without its accounts and will not change the file until it can be read.`
    )
  if (readout.kind === 'newer')
    notices.push(
      `The settings file ${path} was written by a newer Lanewatch (format ${readout.doc.version}); its accounts can be used, but this version will not change them.`
    )
  if (readout.kind === 'damaged' || readout.kind === 'unreadable') return notices

  const { accounts, rejected } =
    readout.kind === 'missing' ? { accounts: [], rejected: [] } : splitAccounts(readout.doc)
  for (const entry of rejected) notices.push(rejectedNotice(entry, path))
  if (readout.kind === 'ok' && readout.doc.pendingTokens.length)
    await finishPendingTokens(settings, vault, log)
  const held = await heldTokens(vault, log)
  if (!held) return notices
  notices.push(...missingTokens(accounts, held))
  await removeOrphanedTokens(settings, vault, log, readout, held)
  return notices
}

function damagedInPlace(path: string, reason: string, why: string): string {
  return `The settings file ${path} is damaged (${reason}) and could not be moved aside (${why}); Lanewatch started without its accounts and will not change the file.`
}

/** Deletes tokens recorded as in flight whose account is not in the file; keeps the record if the keychain fails. */
async function finishPendingTokens(
  settings: SettingsFile,
  vault: TokenVault,
  log: Logger
): Promise<void> {
  try {
    await settings.transaction(async ({ doc, save }) => {
      const saved = new Set(doc.accounts.map(entryId))
      const stillPending: string[] = []
      for (const id of doc.pendingTokens) {
        if (saved.has(id)) continue
        try {
          const deleted = await vault.delete(id)
          log.info('token of an unsaved or removed account deleted', { accountId: id, deleted })
        } catch (err) {
          log.warn('token of an unsaved account not deleted yet', {
            accountId: id,
            error: (err as Error).message
          })
          stillPending.push(id)
        }
      }
      if (stillPending.length === doc.pendingTokens.length) return
      doc.pendingTokens = stillPending
      save()
    })
  } catch (err) {
    log.warn('in-flight tokens not finished', { error: (err as Error).message })
  }
}

/** The ids with a token in the keychain; undefined when it cannot be listed. */
async function heldTokens(vault: TokenVault, log: Logger): Promise<string[] | undefined> {
  try {
    return await vault.ids()
  } catch (err) {
    // Said when an account is used; the keychain may simply not be installed here.
    log.warn('keychain not checked at start', { error: (err as Error).message })
    return undefined
  }
}

function missingTokens(accounts: Account[], held: string[]): string[] {
  return accounts
    .filter((a) => !held.includes(a.id))
    .map(
      (a) =>
        `The token of "${displayName(a.label)}" is missing from the keychain, so the account cannot be used; remove it and add it again.`
    )
}
