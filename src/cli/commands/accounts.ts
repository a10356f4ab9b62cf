// `lanewatch accounts add|list|remove|test`: the same accounts as the app, tokens in the keychain.
import { resolve } from 'node:path'
import type { AccountReport } from '../../shared/accounts'
import { readCa } from '../../core/accounts/verify'
import { AppError } from '../../core/errors'
import type { Context } from '../context'
import { table } from '../format'
import { UsageError } from '../io'

function renderReport(r: AccountReport): string {
  const lines: string[] = []
  if (r.provider)
    lines.push(`provider  ${r.provider.name ?? '(unregistered)'}  version ${r.provider.version}`)
  if (r.user) lines.push(`user      ${r.user.name ?? r.user.id}`)
  if (r.spaces.length) {
    const mark = (b: boolean | undefined) => (b === undefined ? '?' : b ? 'yes' : 'no')
    lines.push(
      table(
        ['SPACE', 'VIEW', 'SCHEDULE', 'MANAGE', 'NOTE'],
        r.spaces.map((s) => [
          s.name,
          mark(s.canView),
          mark(s.canSchedule),
          mark(s.canManage),
          s.note
        ])
      )
    )
  }
  for (const p of r.problems) lines.push(`problem: ${p}`)
  for (const w of r.warnings) lines.push(`warning: ${w}`)
  return lines.join('\n')
}

async function tokenFromInput(ctx: Context): Promise<string> {
  if (ctx.flags['token-stdin'] === true) {
    if (!ctx.io.readStdin) throw new UsageError('--token-stdin needs standard input')
    const token = (await ctx.io.readStdin()).trim()
    if (!token) throw new UsageError('standard input held no token')
    return token
  }
  const token = ctx.io.env.LANEWATCH_TOKEN
  if (!token)
    throw new UsageError(
      'give the token on standard input with --token-stdin, or in LANEWATCH_TOKEN'
    )
  return token
}

/** --ca FILE for a new account: read now, with a precise message; saved as an absolute path. */
function caFromFlag(ctx: Context): { caPath?: string; caPem?: string } {
  const given = ctx.string('ca')
  if (given === undefined) return {}
  const caPath = resolve(given)
  const { ca, problem } = readCa(caPath)
  if (problem) throw new UsageError(problem)
  return { caPath, caPem: ca }
}

export async function accounts(ctx: Context): Promise<number> {
  const sub = ctx.arg(0, 'accounts command (add, list, remove, test)')
  switch (sub) {
    case 'list': {
      const list = (await ctx.accounts()).list()
      ctx.print(list, () =>
        list.length
          ? table(
              ['ID', 'LABEL', 'PROVIDER', 'WATCHED SPACES'],
              list.map((a) => [a.id, a.label, a.providerUrl, String(a.spaces.length)])
            )
          : 'No accounts. Add one with: lanewatch accounts add --label NAME --provider URL --token-stdin'
      )
      return 0
    }
    case 'add': {
      const label = ctx.required('label')
      const providerUrl = ctx.required('provider')
      const ca = caFromFlag(ctx)
      const token = await tokenFromInput(ctx)
      const store = await ctx.accounts()
      let added
      try {
        added = await store.add({
          label,
          providerUrl,
          onezoneUrl: ctx.string('onezone'),
          ...ca,
          token
        })
      } catch (err) {
        // What the person typed is wrong: a usage error, checked before anything was verified.
        if (err instanceof AppError && err.id === 'account.invalid')
          throw new UsageError(err.description)
        throw err
      }
      const { account, report } = added
      ctx.print(
        { account, report },
        () =>
          `Added "${account.label}" (${account.id}); its token is in the OS keychain.\n${renderReport(report)}`
      )
      return 0
    }
    case 'remove': {
      const store = await ctx.accounts()
      const ref = ctx.arg(1, 'account id or label')
      const rejected = store.findRejected(ref)
      const account = rejected
        ? { id: rejected.id!, label: rejected.label ?? ref }
        : store.find(ref)
      const { tokenDeleted } = await store.remove(account.id)
      if (!tokenDeleted)
        ctx.io.err(
          `lanewatch: the token of "${account.label}" could not be deleted from the keychain now; it will be the next time Lanewatch starts with the keychain available.`
        )
      ctx.print({ removed: account.id, tokenDeleted }, () =>
        tokenDeleted
          ? `Removed "${account.label}" and its token from the keychain.`
          : `Removed "${account.label}".`
      )
      return 0
    }
    case 'test': {
      const store = await ctx.accounts()
      const account = store.find(ctx.arg(1, 'account id or label'))
      const report = await store.test(account.id)
      ctx.print(
        report,
        () => `${account.label}: ${report.ok ? 'OK' : 'NOT USABLE'}\n${renderReport(report)}`
      )
      return report.ok ? 0 : 1
    }
    default:
      throw new UsageError(`unknown accounts command "${sub}" (add, list, remove, test)`)
  }
}
