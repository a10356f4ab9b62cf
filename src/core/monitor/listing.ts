// Reading one phase list of a space, page by page: the whole list, or only the head of the ended
// list (which can hold thousands of executions that never change).
import type { Phase } from '../../shared/statuses'
import type { OneproviderClient } from '../onedata'
import { PageGuard } from '../onedata/paging'
import { ENDED_HEAD } from './spaces'

export interface ListRead {
  ids: string[]
  /** Whether the ids are the whole list: what it no longer holds was deleted. */
  whole: boolean
}

/** `call` runs each page's request under the monitor's deadline and counts it. */
export async function readList(
  client: OneproviderClient,
  spaceId: string,
  phase: Phase,
  full: boolean,
  call: <T>(fn: (signal: AbortSignal) => Promise<T>) => Promise<T>
): Promise<ListRead> {
  const ids: string[] = []
  // A provider that repeats a page token would keep this loop and its id list growing forever.
  const guard = new PageGuard('List executions', client.host)
  let token: string | undefined
  // A head read of the ended list that is its last page read the whole list (the provider's
  // retention deletes ended executions), as with any complete listing.
  let whole = full
  for (;;) {
    const page = await call((signal) =>
      client.listExecutions(spaceId, { phase, limit: full ? 1000 : ENDED_HEAD, token }, { signal })
    )
    ids.push(...page.atmWorkflowExecutions)
    const next = page.isLast ? null : page.nextPageToken
    if (!next) whole = true
    if (!full || !next) break
    guard.next(next)
    token = next
  }
  return { ids, whole }
}
