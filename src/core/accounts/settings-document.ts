// The settings document as it is on disk, kept whole so that fields this version does not know
// (written by a newer one) survive a rewrite. Accounts are checked one by one: a bad entry is
// set aside by name and kept in the file unchanged, never a reason to drop the others.
import { accountSchema, firstIssue, type Account } from '../../shared/accounts'

export const SETTINGS_VERSION = 1

export interface SettingsDocument {
  version: number
  /** Raw entries: valid accounts and the ones this version cannot use, in file order. */
  accounts: unknown[]
  /**
   * Ids whose keychain token is being written or deleted: recorded before the keychain is
   * touched, so a start after a crash knows which tokens may belong to no account.
   */
  pendingTokens: string[]
  [field: string]: unknown
}

export type Parsed =
  | { kind: 'ok'; doc: SettingsDocument }
  | { kind: 'newer'; doc: SettingsDocument }
  | { kind: 'damaged'; reason: string }

export interface RejectedEntry {
  id?: string
  label?: string
  reason: string
}

export function emptyDocument(): SettingsDocument {
  return { version: SETTINGS_VERSION, accounts: [], pendingTokens: [] }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Parses the file's text; a byte-order mark is not damage. */
export function parseSettings(text: string): Parsed {
  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return { kind: 'damaged', reason: 'it is not valid JSON' }
  }
  if (!isRecord(value)) return { kind: 'damaged', reason: 'it does not hold a settings object' }
  const { version, accounts, pendingTokens } = value
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return { kind: 'damaged', reason: 'version: expected a format number' }
  if (!Array.isArray(accounts)) return { kind: 'damaged', reason: 'accounts: expected a list' }
  const doc: SettingsDocument = {
    ...value,
    version,
    accounts: [...accounts],
    pendingTokens: Array.isArray(pendingTokens)
      ? pendingTokens.filter((id): id is string => typeof id === 'string')
      : []
  }
  return version > SETTINGS_VERSION ? { kind: 'newer', doc } : { kind: 'ok', doc }
}

export function serializeSettings(doc: SettingsDocument): string {
  const { pendingTokens, ...rest } = doc
  const out = pendingTokens.length ? { ...rest, pendingTokens } : rest
  return `${JSON.stringify(out, null, 2)}\n`
}

/** The id of a raw entry, when it has one. */
export function entryId(entry: unknown): string | undefined {
  return isRecord(entry) && typeof entry.id === 'string' ? entry.id : undefined
}

/** Splits the raw entries into usable accounts and rejected ones (with the reason). */
export function splitAccounts(doc: SettingsDocument): {
  accounts: Account[]
  rejected: RejectedEntry[]
  rejectedEntries: Set<unknown>
} {
  const accounts: Account[] = []
  const rejected: RejectedEntry[] = []
  const rejectedEntries = new Set<unknown>()
  const seen = new Set<string>()
  for (const entry of doc.accounts) {
    const parsed = accountSchema.safeParse(entry)
    let reason: string | undefined
    if (!parsed.success) reason = firstIssue(parsed.error)
    else if (seen.has(parsed.data.id)) reason = 'another account has the same id'
    else if (parsed.data.demo) reason = 'the demo provider is never saved'
    if (reason === undefined && parsed.success) {
      seen.add(parsed.data.id)
      accounts.push(parsed.data)
      continue
    }
    rejectedEntries.add(entry)
    const raw = isRecord(entry) ? entry : {}
    rejected.push({
      ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
      ...(typeof raw.label === 'string' ? { label: raw.label } : {}),
      reason: reason ?? 'invalid'
    })
  }
  return { accounts, rejected, rejectedEntries }
}

/** A name from a file, safe to show in one line: no control characters, not too long. */
export function displayName(text: string, max = 60): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?')
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}

/** The sentence for a rejected entry, naming it by label (or id, or position). */
export function rejectedNotice(entry: RejectedEntry, path: string): string {
  const name =
    entry.label !== undefined
      ? `"${displayName(entry.label)}"`
      : entry.id !== undefined
        ? `with id ${displayName(entry.id)}`
        : 'without an id'
  const remove = entry.id
    ? ` or remove it with: lanewatch accounts remove ${displayName(entry.id)}`
    : ''
  return `The account ${name} in ${path} is not usable (${entry.reason}), so it is left out. It is kept in the file unchanged: correct it there${remove}.`
}
