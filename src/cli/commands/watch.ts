// `watch WID`: prints each change until the execution ends. A pause does not end the watch.
// Exit 0 when it finished, 4 when it ended otherwise. Trouble that may pass (network, a busy
// server) is waited out; anything retrying cannot fix (an untrusted certificate, a rejected
// token, a refusal, a deleted execution) ends the watch at once.
import { describeChange, diffExecution } from '../../core/monitor/changes'
import { OnedataError, retryCanHelp } from '../../core/onedata/errors'
import type { ExecutionDetails } from '../../shared/execution'
import { workflowPhase } from '../../shared/statuses'
import type { Context } from '../context'
import { timeMs } from '../format'
import { EXIT } from '../io'
import { cleanJson, cleanText } from '../text'

export async function watch(ctx: Context): Promise<number> {
  const id = ctx.arg(0, 'execution id')
  const intervalMs = Math.round((ctx.seconds('interval') ?? 2) * 1000)
  const client = await ctx.provider()
  let prev: ExecutionDetails | undefined
  let lostContact = false
  for (;;) {
    let d: ExecutionDetails
    try {
      d = await client.getExecution(id)
    } catch (err) {
      if (!retryCanHelp(err)) throw err
      if (!lostContact) ctx.note(`${(err as OnedataError).userMessage()} Still trying…`)
      lostContact = true
      await ctx.io.sleep(intervalMs)
      continue
    }
    if (lostContact) ctx.note('back in contact with the provider.')
    lostContact = false
    const now = Date.now()
    for (const change of diffExecution(prev, d)) {
      if (ctx.json) ctx.io.out(cleanJson({ time: now, ...change }, 0))
      else
        ctx.io.out(
          `${timeMs(now)}  ${prev ? '' : `${cleanText(d.name)}: `}${cleanText(describeChange(change))}`
        )
    }
    if (workflowPhase(d.status) === 'ended')
      return d.status === 'finished' ? EXIT.ok : EXIT.watchEndedBadly
    prev = d
    await ctx.io.sleep(intervalMs)
  }
}
