// `lanewatch accounts add|list|remove|test`: the same accounts as the app, tokens in the keychain.
import type { AccountReport } from '../../shared/accounts'
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

export async function accounts(ctx: Context): Promise<number> {
  const sub = ctx.arg(0, 'accounts command (add, list, remove, test)')
  const store = ctx.accounts()
  switch (sub) {
    case 'list': {
      const list = store.list()
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
      const { account, report } = await store.add({
        label: ctx.required('label'),
        providerUrl: ctx.required('provider'),
        onezoneUrl: ctx.string('onezone'),
        caPath: ctx.string('ca'),
        token: await tokenFromInput(ctx)
      })
      ctx.print(
        { account, report },
        () =>
          `Added "${account.label}" (${account.id}); its token is in the OS keychain.\n${renderReport(report)}`
      )
      return 0
    }
    case 'remove': {
      const account = store.find(ctx.arg(1, 'account id or label'))
      await store.remove(account.id)
      ctx.print(
        { removed: account.id },
        () => `Removed "${account.label}" and its token from the keychain.`
      )
      return 0
    }
    case 'test': {
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
