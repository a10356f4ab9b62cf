// The ErrorJson envelope (spec §5.1) and the error ids this product reacts to (spec §5.2).
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

export const ERROR_IDS = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'notFound',
  ended: 'atmWorkflowExecutionEnded',
  notEnded: 'atmWorkflowExecutionNotEnded',
  notResumable: 'atmWorkflowExecutionNotResumable',
  notStopped: 'atmWorkflowExecutionNotStopped',
  invalidStatusTransition: 'atmInvalidStatusTransition',
  retryFailed: 'atmLaneExecutionRetryFailed',
  rerunFailed: 'atmLaneExecutionRerunFailed',
  spaceNotSupportedBy: 'spaceNotSupportedBy'
} as const
