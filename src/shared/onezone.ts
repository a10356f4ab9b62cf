// Schemas of the Onezone answers a client needs to pick a space, an inventory, a workflow schema
// and revision, and to find the provider serving a space (spec §3).
import { z } from 'zod'

export const zoneUserSchema = z
  .object({
    userId: z.string().min(1),
    fullName: z.string().optional(),
    username: z.string().nullable().optional()
  })
  .loose()
export type ZoneUser = z.infer<typeof zoneUserSchema>

export const idListSchema = <K extends string>(key: K) =>
  z.object({ [key]: z.array(z.string()) } as Record<K, z.ZodArray<z.ZodString>>)

export const zoneSpaceSchema = z
  .object({
    spaceId: z.string().min(1),
    name: z.string(),
    /** providerId → support size in bytes */
    providers: z.record(z.string(), z.number()).default({})
  })
  .loose()
export type ZoneSpace = z.infer<typeof zoneSpaceSchema>

export const privilegesSchema = z.object({ privileges: z.array(z.string()) })

export const zoneProviderSchema = z
  .object({
    providerId: z.string().min(1),
    name: z.string(),
    domain: z.string().min(1),
    online: z.boolean().default(true)
  })
  .loose()
export type ZoneProvider = z.infer<typeof zoneProviderSchema>

export const inventorySchema = z
  .object({ atmInventoryId: z.string().min(1), name: z.string() })
  .loose()
export type Inventory = z.infer<typeof inventorySchema>

const taskSchemaSchema = z.object({ id: z.string(), name: z.string() }).loose()
const boxSchemaSchema = z
  .object({ id: z.string(), name: z.string(), tasks: z.array(taskSchemaSchema).default([]) })
  .loose()
const laneSchemaSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    parallelBoxes: z.array(boxSchemaSchema).default([]),
    maxRetries: z.number().optional()
  })
  .loose()
const storeSchemaSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    requiresInitialContent: z.boolean().optional()
  })
  .loose()

export const revisionSchema = z
  .object({
    description: z.string().optional(),
    state: z.string().optional(),
    lanes: z.array(laneSchemaSchema).default([]),
    stores: z.array(storeSchemaSchema).default([])
  })
  .loose()

export const workflowSchemaSchema = z
  .object({
    atmWorkflowSchemaId: z.string().min(1),
    name: z.string(),
    summary: z.string().optional(),
    atmInventoryId: z.string(),
    /** Revision number as a string → revision. */
    revisionRegistry: z.record(z.string(), revisionSchema).default({})
  })
  .loose()
export type WorkflowSchema = z.infer<typeof workflowSchemaSchema>

export const tokenScopeSchema = z
  .object({
    dataAccessScope: z
      .object({
        spaces: z.record(z.string(), z.object({ name: z.string() }).loose()).default({}),
        providers: z
          .record(
            z.string(),
            z
              .object({ name: z.string(), domain: z.string(), online: z.boolean().optional() })
              .loose()
          )
          .default({})
      })
      .loose()
  })
  .loose()
