// Schemas of Oneprovider's non-automation answers the product uses: spaces and configuration.
import { z } from 'zod'

export const spaceSummarySchema = z.object({ spaceId: z.string().min(1), name: z.string() }).loose()
export type SpaceSummary = z.infer<typeof spaceSummarySchema>
export const spaceListSchema = z.array(spaceSummarySchema)

export const spaceDetailsSchema = z
  .object({
    spaceId: z.string().min(1),
    name: z.string(),
    providers: z
      .array(z.object({ providerId: z.string(), providerName: z.string() }).loose())
      .default([])
  })
  .loose()
export type SpaceDetails = z.infer<typeof spaceDetailsSchema>

// Unregistered providers send nulls; an unreadable compatibility registry sends "unknown".
export const configurationSchema = z
  .object({
    providerId: z.string().nullable(),
    name: z.string().nullable(),
    domain: z.string().nullable(),
    onezoneDomain: z.string().nullable(),
    version: z.string(),
    build: z.string().optional()
  })
  .loose()
export type ProviderConfiguration = z.infer<typeof configurationSchema>
