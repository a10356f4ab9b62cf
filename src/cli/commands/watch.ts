// `watch WID`: prints each change until the execution ends. A pause does not end the watch.
// Exit 0 when it finished, 4 when it ended otherwise.
import { describeChange, diffExecution } from '../../core/monitor/changes'
import { OnedataError } from '../../core/onedata'
import type { ExecutionDetails } from '../../shared/execution'
import { workflowPhase } from '../../shared/statuses'
import type { Context } from '../context'
import { timeMs } from '../format'
import { EXIT, UsageError } from '../io'

export async function watch(ctx: Context): Promise<number> {
  const client = await ctx.provider()
  const id = ctx.arg(0, 'execution id')
  const intervalMs = Math.round(Number(ctx.string('interval') ?? '2') * 1000)
  if (!(intervalMs > 0)) throw new UsageError('--interval must be a positive number of seconds')
  let prev: ExecutionDetails | undefined
  let lostContact = false
  for (;;) {
    let d: ExecutionDetails
    try {
      d = await client.getExecution(id)
    } catch (err) {
      // Keep watching through network trouble; anything else (404, 403) ends the watch.
      if (!(err instanceof OnedataError) || (err.kind !== 'network' && err.kind !== 'tls'))
        throw err
      if (!lostContact) ctx.io.err(`lanewatch: ${err.userMessage()} Still trying…`)
      lostContact = true
      await ctx.io.sleep(intervalMs)
      continue
    }
    if (lostContact) ctx.io.err('lanewatch: back in contact with the provider.')
    lostContact = false
    const now = Date.now()
    for (const change of diffExecution(prev, d)) {
      if (ctx.json) ctx.io.out(JSON.stringify({ time: now, ...change }))
      else ctx.io.out(`${timeMs(now)}  ${prev ? '' : `${d.name}: `}${describeChange(change)}`)
    }
    if (workflowPhase(d.status) === 'ended')
      return d.status === 'finished' ? EXIT.ok : EXIT.watchEndedBadly
    prev = d
    await ctx.io.sleep(intervalMs)
  }
}
