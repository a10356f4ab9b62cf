// `watch WID`: prints each change until the execution ends. A pause does not end the watch.
// Exit 0 when it finished, 4 when it ended otherwise. The monitor does the reading (every
// --interval seconds, with back-off); this prints what changed in what it caches. Trouble that
// may pass (network, a busy server) is waited out; anything retrying cannot fix (an untrusted
// certificate, a rejected token, a refusal, a deleted execution) ends the watch at once.
import { describeChange, diffExecution } from '../../core/monitor/changes'
import { Monitor } from '../../core/monitor/monitor'
import { drive, drivenScheduler } from '../../core/monitor/run'
import { TRANSIENT_STATUS } from '../../core/onedata/errors'
import type { ExecutionDetails } from '../../shared/execution'
import { cadenceSchema } from '../../shared/monitor-settings'
import type { Problem } from '../../shared/monitor-state'
import { workflowPhase } from '../../shared/statuses'
import type { Context } from '../context'
import { timeMs } from '../format'
import { EXIT } from '../io'
import { cleanJson, cleanText } from '../text'

const ACCOUNT = 'watch'

/** Trouble that may pass by itself: the network, a busy or failing server. */
const mayPass = (p: Problem) => p.kind === 'network' || TRANSIENT_STATUS.has(p.httpStatus ?? 0)

export async function watch(ctx: Context): Promise<number> {
  const id = ctx.arg(0, 'execution id')
  const intervalMs = Math.round((ctx.seconds('interval') ?? 2) * 1000)
  const client = await ctx.provider()
  const scheduler = drivenScheduler()
  const m = new Monitor({
    scheduler,
    // The execution on screen at the chosen interval; waits after errors start there too.
    cadence: {
      ...cadenceSchema.parse({}),
      onScreenMs: intervalMs,
      jitter: 0,
      backoffBaseMs: intervalMs,
      backoffMaxMs: Math.max(intervalMs, 30_000)
    },
    connect: async () => client
  })
  m.setAccounts([
    {
      id: ACCOUNT,
      label: client.host,
      providerUrl: client.transport.origin.href,
      spaces: [],
      persist: false
    }
  ])
  m.setView({ visible: true, focus: { accountId: ACCOUNT, executionId: id } })

  let prev: ExecutionDetails | undefined
  let lostContact = false
  let result: number | undefined
  const stop = (code: number, message?: string) => {
    ctx.note(message)
    result = code
  }
  m.onChange(() => {
    if (result !== undefined) return
    const provider = m.overview().providers[0]
    const problem = provider?.backingOff ? provider.problem : undefined
    if (problem && !mayPass(problem))
      return stop(problem.kind === 'tls' ? EXIT.network : EXIT.refused, problem.description)
    if (problem && !lostContact) ctx.note(`${problem.description} Still trying…`)
    if (!problem && lostContact) ctx.note('back in contact with the provider.')
    lostContact = problem !== undefined
    const cached = m.details(ACCOUNT, [id])[id]!
    if (cached.error) return stop(EXIT.refused, cached.error.description)
    const d = cached.details
    if (!d || d === prev) return
    const now = Date.now()
    for (const change of diffExecution(prev, d)) {
      if (ctx.json) ctx.io.out(cleanJson({ time: now, ...change }, 0))
      else
        ctx.io.out(
          `${timeMs(now)}  ${prev ? '' : `${cleanText(d.name)}: `}${cleanText(describeChange(change))}`
        )
    }
    prev = d
    if (workflowPhase(d.status) === 'ended')
      stop(d.status === 'finished' ? EXIT.ok : EXIT.watchEndedBadly)
  })
  await drive(m, scheduler, {
    sleep: (ms) => ctx.io.sleep(ms),
    // Ctrl-C ends the process as before (exit 130); the watch itself ends with the execution.
    stopped: () => result !== undefined
  })
  return result ?? EXIT.ok
}
