// Schemas of the Onezone answers a client needs to pick a space, an inventory, a workflow schema
// and revision, and to find the provider serving a space (spec §3).
import { z } from 'zod'
import { looseObject } from './bounded'

export const zoneUserSchema = looseObject({
  userId: z.string().min(1),
  fullName: z.string().optional(),
  username: z.string().nullable().optional()
})
export type ZoneUser = z.infer<typeof zoneUserSchema>

export const idListSchema = <K extends string>(key: K) =>
  z.object({ [key]: z.array(z.string()) } as Record<K, z.ZodArray<z.ZodString>>)

export const zoneSpaceSchema = looseObject({
  spaceId: z.string().min(1),
  name: z.string(),
  /** providerId → support size in bytes */
  providers: z.record(z.string(), z.number()).default({})
})
export type ZoneSpace = z.infer<typeof zoneSpaceSchema>

export const privilegesSchema = z.object({ privileges: z.array(z.string()) })

export const zoneProviderSchema = looseObject({
  providerId: z.string().min(1),
  name: z.string(),
  domain: z.string().min(1),
  online: z.boolean().default(true)
})
export type ZoneProvider = z.infer<typeof zoneProviderSchema>

export const inventorySchema = looseObject({ atmInventoryId: z.string().min(1), name: z.string() })
export type Inventory = z.infer<typeof inventorySchema>

const taskSchemaSchema = looseObject({ id: z.string(), name: z.string() })
const boxSchemaSchema = looseObject({
  id: z.string(),
  name: z.string(),
  tasks: z.array(taskSchemaSchema).default([])
})
const laneSchemaSchema = looseObject({
  id: z.string(),
  name: z.string(),
  parallelBoxes: z.array(boxSchemaSchema).default([]),
  maxRetries: z.number().optional()
})
const storeSchemaSchema = looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  requiresInitialContent: z.boolean().optional()
})

export const revisionSchema = looseObject({
  description: z.string().optional(),
  state: z.string().optional(),
  lanes: z.array(laneSchemaSchema).default([]),
  stores: z.array(storeSchemaSchema).default([])
})
export type WorkflowRevision = z.infer<typeof revisionSchema>

export const workflowSchemaSchema = looseObject({
  atmWorkflowSchemaId: z.string().min(1),
  name: z.string(),
  summary: z.string().optional(),
  atmInventoryId: z.string(),
  /** Revision number as a string → revision. */
  revisionRegistry: z.record(z.string(), revisionSchema).default({})
})
export type WorkflowSchema = z.infer<typeof workflowSchemaSchema>

export const tokenScopeSchema = looseObject({
  dataAccessScope: looseObject({
    spaces: z.record(z.string(), looseObject({ name: z.string() })).default({}),
    providers: z
      .record(
        z.string(),
        looseObject({ name: z.string(), domain: z.string(), online: z.boolean().optional() })
      )
      .default({})
  })
})
