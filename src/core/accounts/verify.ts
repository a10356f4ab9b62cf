// Checks a token against a provider before an account is saved, and says plainly what is wrong:
// unreachable, certificate not trusted, token rejected, no space visible, missing privileges.
import { readFileSync, statSync } from 'node:fs'
import type { AccountReport, SpaceCheck } from '../../shared/accounts'
import { SPACE_PRIVILEGES } from '../../shared/privileges'
import { OnedataError, OneproviderClient, OnezoneClient } from '../onedata'

export interface VerifyInput {
  providerUrl: string
  onezoneUrl?: string
  caPath?: string
  /** The CA's PEM text, when it was already read (the app's file dialog): caPath is not read. */
  caPem?: string
  token: string
}

/** A CA bundle larger than this is not a CA file (and a device such as /dev/zero never ends). */
export const CA_MAX_BYTES = 1024 * 1024

/** Reads a CA file, or returns a problem sentence naming the path (for the person who typed it). */
export function readCa(caPath: string | undefined): { ca?: string; problem?: string } {
  if (!caPath) return {}
  let ca: string
  try {
    const stat = statSync(caPath)
    if (!stat.isFile()) return { problem: `The CA file ${caPath} is not a regular file.` }
    if (stat.size > CA_MAX_BYTES)
      return { problem: `The CA file ${caPath} is too large to be a CA certificate.` }
    ca = readFileSync(caPath, 'utf8')
  } catch (err) {
    return {
      problem: `The CA file ${caPath} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`
    }
  }
  if (!ca.includes('-----BEGIN CERTIFICATE-----'))
    return { problem: `The CA file ${caPath} does not hold a PEM certificate.` }
  return { ca }
}

const message = (err: unknown) => (err instanceof OnedataError ? err.userMessage() : String(err))

export async function verifyAccount(
  input: VerifyInput,
  signal?: AbortSignal
): Promise<AccountReport> {
  const report: AccountReport = { ok: false, spaces: [], problems: [], warnings: [] }
  const { ca, problem } = input.caPem
    ? { ca: input.caPem, problem: undefined }
    : readCa(input.caPath)
  if (problem) {
    report.problems.push(problem)
    return report
  }
  let provider: OneproviderClient
  try {
    provider = new OneproviderClient({
      url: input.providerUrl,
      token: input.token,
      ca,
      retry: { retries: 1 }
    })
  } catch (err) {
    report.problems.push(message(err))
    return report
  }
  try {
    const config = await provider.getConfiguration({ signal })
    report.provider = { id: config.providerId, name: config.name, version: config.version }
    const spaces = await provider.listSpaces({ signal })
    if (!spaces.length) {
      report.problems.push('The token works, but no space is visible on this provider.')
      return report
    }
    const checks =
      (input.onezoneUrl ? await checkWithOnezone(input, ca, spaces, report, signal) : undefined) ??
      (await checkWithProvider(provider, spaces, signal))
    report.spaces = checks
    const viewable = checks.filter((c) => c.canView !== false)
    if (!viewable.length)
      report.problems.push(
        'The token works, but it cannot view workflow executions in any space (the space_view_atm_workflow_executions privilege is missing).'
      )
    for (const c of checks)
      if (c.canView === false || c.canSchedule === false)
        report.warnings.push(`${c.name}: ${c.note}`)
    report.ok = report.problems.length === 0
    return report
  } catch (err) {
    // A valid token whose user has no space here is refused as userNotSupported.
    if (err instanceof OnedataError && err.authError?.id === 'userNotSupported')
      report.problems.push(
        'The token works, but no space of yours is supported by this provider (userNotSupported).'
      )
    else report.problems.push(message(err))
    return report
  } finally {
    await provider.close()
  }
}

/** Without Onezone, the provider reveals only whether listing works (or answers 403). */
async function checkWithProvider(
  provider: OneproviderClient,
  spaces: { spaceId: string; name: string }[],
  signal?: AbortSignal
): Promise<SpaceCheck[]> {
  return Promise.all(
    spaces.map(async ({ spaceId, name }): Promise<SpaceCheck> => {
      try {
        await provider.listExecutions(spaceId, { limit: 1 }, { signal })
        return {
          spaceId,
          name,
          canView: true,
          note: 'can list executions (add a Onezone URL to check the other privileges)'
        }
      } catch (err) {
        if (err instanceof OnedataError && err.id === 'forbidden')
          return {
            spaceId,
            name,
            canView: false,
            note: 'cannot view workflow executions (403 forbidden)'
          }
        if (err instanceof OnedataError && err.id === 'spaceNotSupportedBy')
          return { spaceId, name, canView: false, note: 'is not supported by this provider' }
        throw err
      }
    })
  )
}

async function checkWithOnezone(
  input: VerifyInput,
  ca: string | undefined,
  spaces: { spaceId: string; name: string }[],
  report: AccountReport,
  signal?: AbortSignal
): Promise<SpaceCheck[] | undefined> {
  const zone = new OnezoneClient({
    url: input.onezoneUrl!,
    token: input.token,
    ca,
    retry: { retries: 1 }
  })
  try {
    const user = await zone.getUser({ signal })
    report.user = { id: user.userId, name: user.fullName }
    return await Promise.all(
      spaces.map(async ({ spaceId, name }): Promise<SpaceCheck> => {
        const held = new Set(await zone.getSpacePrivileges(spaceId, user.userId, { signal }))
        const canView = held.has(SPACE_PRIVILEGES.view)
        const canSchedule = held.has(SPACE_PRIVILEGES.schedule)
        const canManage = held.has(SPACE_PRIVILEGES.manage)
        const missing = Object.entries({ view: canView, schedule: canSchedule, manage: canManage })
          .filter(([, has]) => !has)
          .map(([p]) => p)
        const note = missing.length
          ? `missing automation privileges: ${missing.join(', ')}${canView ? '' : ' (executions cannot be viewed)'}`
          : 'can view, schedule and manage executions'
        return { spaceId, name, canView, canSchedule, canManage, note }
      })
    )
  } catch (err) {
    report.warnings.push(
      `Onezone could not be asked about privileges (${message(err)}); only what the provider reveals was checked.`
    )
    return undefined
  } finally {
    await zone.close()
  }
}
