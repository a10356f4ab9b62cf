// What the inbox remembers across restarts: the account, space and phase on screen, and each
// list's filters and sort. Plain JSON kept in <data>/inbox.json; nothing in it is secret.
import { z } from 'zod'
import { PHASES } from './statuses'

/** A phase tab, or every phase at once. */
export const INBOX_PHASES = [...PHASES, 'all'] as const
export type InboxPhase = (typeof INBOX_PHASES)[number]

export const LIST_COLUMN_IDS = [
  'name',
  'status',
  'progress',
  'scheduled',
  'started',
  'finished',
  'duration',
  'user'
] as const

export const listFiltersSchema = z
  .object({
    text: z.string().max(500),
    statuses: z.array(z.string().max(100)).max(100),
    onlyMine: z.boolean()
  })
  .strict()

export const listSortSchema = z
  .object({ column: z.enum(LIST_COLUMN_IDS), direction: z.enum(['asc', 'desc']) })
  .strict()

export const inboxMemorySchema = z
  .object({
    accountId: z.string().min(1).max(200).optional(),
    spaceId: z.string().min(1).max(200).optional(),
    phase: z.enum(INBOX_PHASES).optional(),
    filters: listFiltersSchema.optional(),
    sort: listSortSchema.optional()
  })
  .strict()
export type InboxMemory = z.infer<typeof inboxMemorySchema>
