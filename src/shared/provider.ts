// Schemas of Oneprovider's non-automation answers the product uses: spaces and configuration.
import { z } from 'zod'
import { looseObject } from './bounded'

export const spaceSummarySchema = looseObject({ spaceId: z.string().min(1), name: z.string() })
export type SpaceSummary = z.infer<typeof spaceSummarySchema>
export const spaceListSchema = z.array(spaceSummarySchema)

export const spaceDetailsSchema = looseObject({
  spaceId: z.string().min(1),
  name: z.string(),
  providers: z.array(looseObject({ providerId: z.string(), providerName: z.string() })).default([])
})
export type SpaceDetails = z.infer<typeof spaceDetailsSchema>

// Unregistered providers send nulls; an unreadable compatibility registry sends "unknown".
export const configurationSchema = looseObject({
  providerId: z.string().nullable(),
  name: z.string().nullable(),
  domain: z.string().nullable(),
  onezoneDomain: z.string().nullable(),
  version: z.string(),
  build: z.string().optional()
})
export type ProviderConfiguration = z.infer<typeof configurationSchema>
