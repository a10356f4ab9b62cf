// `monitor [--account A] [--space S] [--json]`: the monitor without a desktop, one line per event
// (JSON lines with --json), on the same store as the app, so a restart neither repeats nor loses
// events. What happened while it was not running is summed up in one line (each event with
// `"catchUp": true` in JSON).
import { createHash } from 'node:crypto'
import { clientFor } from '../../core/accounts/client'
import { AppError } from '../../core/errors'
import { createFileLogger } from '../../core/log'
import { Monitor, type MonitoredAccount } from '../../core/monitor/monitor'
import { drive, drivenScheduler } from '../../core/monitor/run'
import { catchUpSummary, kindOf, single, type Naming } from '../../core/notifications/wording'
import { defaultDataDir } from '../../core/paths'
import { PreferencesFile } from '../../core/preferences'
import type { MonitorEvent } from '../../shared/monitor'
import type { Context } from '../context'
import { timeMs } from '../format'
import { EXIT, UsageError } from '../io'
import { cleanJson, cleanText } from '../text'

interface Target extends MonitoredAccount {
  token: string
  caPath?: string
}

/** The accounts to watch: --account, else every saved one, else the environment's provider. */
async function targets(ctx: Context): Promise<Target[]> {
  const ref = ctx.string('account') ?? ctx.io.env.LANEWATCH_ACCOUNT
  const url = ctx.string('provider') ?? ctx.io.env.LANEWATCH_PROVIDER
  if (ref || !url) {
    const store = await ctx.accounts()
    const accounts = ref ? [store.find(ref)] : store.list()
    if (!accounts.length)
      throw new UsageError(
        'no account: add one with `lanewatch accounts add`, or set LANEWATCH_PROVIDER'
      )
    return Promise.all(
      accounts.map(async (a) => {
        const { token } = await store.credentials(a.id)
        return {
          id: a.id,
          label: a.label,
          providerUrl: a.providerUrl,
          spaces: a.spaces,
          persist: true,
          token,
          caPath: a.caPath
        }
      })
    )
  }
  const token = ctx.io.env.LANEWATCH_TOKEN
  if (!token)
    throw new UsageError('no token: set LANEWATCH_TOKEN (tokens are not taken as arguments)')
  const host = new URL(url).host
  // A stable id per provider and user, so its store is found again; the token is not kept.
  const id = `provider-${createHash('sha256').update(`${url}\n${token}`).digest('hex').slice(0, 16)}`
  return [
    {
      id,
      label: host,
      providerUrl: url,
      spaces: [],
      persist: true,
      token,
      caPath: ctx.string('ca') ?? ctx.io.env.LANEWATCH_CA
    }
  ]
}

export async function monitor(ctx: Context): Promise<number> {
  const list = await targets(ctx)
  const space = ctx.string('space')
  for (const t of list) {
    if (space || t.spaces.length === 0) {
      // No watched spaces (or one asked for): the user's spaces on the provider.
      const all = await clientFor(t.providerUrl, t.token, t.caPath).listSpaces()
      const chosen = space
        ? all.filter((s) => s.spaceId === space || s.name.toLowerCase() === space.toLowerCase())
        : all
      if (space && chosen.length !== 1)
        throw new UsageError(`no single space "${space}" on ${t.label}`)
      t.spaces = chosen.map((s) => s.spaceId)
    }
  }
  const dataDir = defaultDataDir(ctx.io.env)
  // The app's cadences (preferences.json), so both read a provider alike.
  const preferences = new PreferencesFile(dataDir)
  const scheduler = drivenScheduler()
  const byId = new Map(list.map((t) => [t.id, t]))
  const m = new Monitor({
    dataDir,
    scheduler,
    cadence: preferences.get().cadence,
    log: createFileLogger(dataDir),
    connect: async (accountId) => {
      const t = byId.get(accountId)!
      return clientFor(t.providerUrl, t.token, t.caPath, { retry: { retries: 0 } })
    }
  })
  const names = new Map<string, string>()
  const naming: Naming = {
    space: (_a, spaceId) => names.get(spaceId),
    lane: () => undefined,
    account: (accountId) => byId.get(accountId)?.label
  }
  const caughtUp: MonitorEvent[] = []
  let summaryTimer: { cancel(): void } | undefined
  const printSummary = () => {
    // Only what is worth telling: ends, failures and stalls.
    const notable = caughtUp.splice(0).filter((e) => kindOf(e) !== undefined)
    if (!notable.length) return
    const s = catchUpSummary(notable, naming)
    ctx.io.out(
      `${timeMs(scheduler.now())}  ${cleanText(`${s.title}: ${s.body.replace(/\n/g, ' ')}`)}`
    )
  }
  m.onChange(() => {
    for (const s of m.overview().spaces) names.set(s.spaceId, s.name)
  })
  m.onEvent((e) => {
    if (ctx.json) return ctx.io.out(cleanJson(e, 0))
    if (e.catchUp) {
      caughtUp.push(e)
      summaryTimer?.cancel()
      summaryTimer = scheduler.after(10_000, printSummary)
      return
    }
    printSummary()
    const t = single(e, naming)
    ctx.io.out(`${timeMs(e.at)}  ${cleanText(`${t.title}: ${t.body}`)}`)
  })
  m.setAccounts(list.map(({ token: _t, caPath: _c, ...a }) => a))
  if (m.accountIds().length === 0 && m.problems.length) {
    // Every account is monitored by another process already.
    await m.stop()
    throw new AppError('monitor.busy', m.problems.join(' '))
  }
  for (const p of [preferences.problem, ...m.problems]) ctx.note(p)
  // From here Ctrl-C ends the run cleanly (the store is left consistent either way).
  ctx.io.interrupted?.()
  const labels = list.map(
    (t) => `${t.label} (${t.spaces.length} ${t.spaces.length === 1 ? 'space' : 'spaces'})`
  )
  ctx.note(`monitoring ${labels.join(', ')}; Ctrl-C to stop.`)
  await drive(m, scheduler, {
    sleep: (ms) => ctx.io.sleep(ms),
    stopped: () => ctx.io.interrupted?.() === true
  })
  printSummary()
  return EXIT.ok
}
