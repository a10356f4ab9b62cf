// The ErrorJson envelope a Oneprovider or Onezone answers errors with (spec §5.1).
import { z } from 'zod'
import { looseObject } from './bounded'

// `details` and `ctx` are carried as sent, within the pass-through limits (see bounded.ts).
export const errorJsonSchema: z.ZodType<ErrorJson> = looseObject(
  {
    id: z.string().min(1),
    description: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    ctx: z.record(z.string(), z.unknown()).optional()
  },
  ['details', 'ctx']
)

export interface ErrorJson {
  id: string
  description: string
  details?: Record<string, unknown>
  ctx?: Record<string, unknown>
}

export const errorEnvelopeSchema = z.object({ error: errorJsonSchema })
