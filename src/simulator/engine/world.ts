// The static side of a scenario, resolved: users with tokens and privileges, spaces,
// inventories and workflow schemas with their ids. Executions live in the engine.
import { randomBytes } from 'node:crypto'
import type { DataSpec, StoreSpec } from '../data-values'
import { Random } from '../ids'
import {
  DEFAULT_TIMING,
  type FailureRule,
  type OPENFAAS_STATUSES,
  type Scenario,
  type Timing
} from '../scenario'

export interface User {
  name: string
  id: string
  fullName: string
  token: string
  /** Space id → automation privileges held there (membership implied). */
  spacePrivileges: Map<string, Set<string>>
  inventoryIds: Set<string>
}

export interface Space {
  key: string
  id: string
  name: string
  supported: boolean
  dirId: string
  trashDirId: string
  archivesDirId: string
}

export interface Inventory {
  key: string
  id: string
  name: string
  creationTime: number
}

export interface TaskDef {
  id: string
  name: string
  lambdaId: string
  failureRate: number
  fail: FailureRule[]
  filePipe: boolean
}

export interface BoxDef {
  id: string
  name: string
  /** Time one item spends in this box (the lane's itemMs unless the scenario says). */
  itemMs: number
  tasks: TaskDef[]
}

export interface LaneDef {
  id: string
  name: string
  maxRetries: number
  instantFailureExceptionThreshold: number
  concurrency: number
  timing: Timing
  /** The workflow store this lane iterates. */
  storeSchemaId: string
  boxes: BoxDef[]
}

/** A workflow store schema; a lane without a declared store gets one of file items. */
export interface StoreDef extends StoreSpec {
  name: string
}

export interface RevisionDef {
  number: number
  description: string
  state: 'draft' | 'stable' | 'deprecated'
  compatible: boolean
  lanes: LaneDef[]
  stores: StoreDef[]
}

export interface WorkflowSchemaDef {
  key: string
  id: string
  name: string
  summary: string
  inventoryId: string
  creationTime: number
  revisions: Map<number, RevisionDef>
}

export interface Retention {
  endedSeconds: number
  suspendedSeconds: number
  checkIntervalSeconds: number
}

export interface Provider {
  id: string
  name: string
  /** Where another provider supports the spaces this one does not. */
  otherProviderId: string
  /** Changeable at run time through the control API. */
  openfaas: (typeof OPENFAAS_STATUSES)[number]
  retention: Retention
}

/** The item data spec of a lane's own input store. */
export const FILE_ITEMS: DataSpec = { type: 'file', fileType: 'ANY' }

export interface World {
  scenario: Scenario
  provider: Provider
  users: User[]
  spaces: Space[]
  inventories: Inventory[]
  schemas: WorkflowSchemaDef[]
}

/** A file item as stores hold them (spec §2.13). */
function fileItem(rng: Random, laneSlug: string, i: number): unknown {
  return {
    fileId: `000000000052${rng.hex(80).toUpperCase()}`,
    name: `${laneSlug}_${String(i + 1).padStart(4, '0')}.dat`,
    type: 'REG',
    size: 1024 * (1 + Math.floor(rng.next() * 8192))
  }
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'lane'

/**
 * Resolves a scenario. Ids come from the scenario's seed in a fixed order, so the same scenario
 * always yields the same ids. Tokens are random unless the scenario fixes them; `keepTokens`
 * carries the current tokens over a reset.
 */
export function buildWorld(
  scenario: Scenario,
  startMs: number,
  keepTokens?: Map<string, string>
): World {
  const rng = new Random(scenario.seed)
  const creationTime = Math.floor(startMs / 1000) - 90 * 86400
  const provider: Provider = {
    id: scenario.provider.id ?? rng.entityId(),
    name: scenario.provider.name,
    otherProviderId: rng.entityId(),
    openfaas: scenario.provider.openfaas,
    retention: { ...scenario.provider.retention }
  }
  const spaces: Space[] = scenario.spaces.map((s) => ({
    key: s.key,
    id: s.id ?? rng.entityId(),
    name: s.name,
    supported: s.supported,
    dirId: `0000000000${rng.hex(60).toUpperCase()}`,
    trashDirId: `0000000000${rng.hex(60).toUpperCase()}`,
    archivesDirId: `0000000000${rng.hex(60).toUpperCase()}`
  }))
  const inventories: Inventory[] = scenario.inventories.map((inv) => ({
    key: inv.key,
    id: inv.id ?? rng.entityId(),
    name: inv.name,
    creationTime
  }))
  const spaceByKey = new Map(spaces.map((s) => [s.key, s]))
  const inventoryByKey = new Map(inventories.map((i) => [i.key, i]))

  const users: User[] = scenario.users.map((u) => {
    const spacePrivileges = new Map<string, Set<string>>()
    for (const [key, privileges] of Object.entries(u.spaces)) {
      spacePrivileges.set(spaceByKey.get(key)!.id, new Set(privileges))
    }
    return {
      name: u.name,
      id: u.id ?? rng.entityId(),
      fullName: u.fullName ?? u.name,
      token: u.token ?? keepTokens?.get(u.name) ?? randomBytes(24).toString('base64url'),
      spacePrivileges,
      inventoryIds: new Set(u.inventories.map((k) => inventoryByKey.get(k)!.id))
    }
  })

  const schemas: WorkflowSchemaDef[] = scenario.schemas.map((w) => {
    const revisions = new Map<number, RevisionDef>()
    for (const [num, rev] of Object.entries(w.revisions)) {
      const stores: StoreDef[] = []
      const declared = new Map<string, string>()
      const lanes: LaneDef[] = rev.lanes.map((lane) => {
        let storeId: string | undefined
        if (lane.store === undefined) {
          storeId = rng.schemaId()
          stores.push({
            id: storeId,
            name: `${lane.name} input`,
            type: 'list',
            itemDataSpec: FILE_ITEMS,
            requiresInitialContent: false,
            defaultInitialContent: Array.from({ length: lane.items }, (_, i) =>
              fileItem(rng, slug(lane.name), i)
            )
          })
        }
        const laneDef: LaneDef = {
          id: lane.id ?? rng.schemaId(),
          name: lane.name,
          maxRetries: lane.maxRetries,
          instantFailureExceptionThreshold: lane.instantFailureExceptionThreshold,
          concurrency: lane.concurrency,
          timing: { ...DEFAULT_TIMING, ...scenario.timing, ...lane.timing },
          storeSchemaId: storeId ?? '',
          boxes: []
        }
        laneDef.boxes = lane.parallelBoxes.map((box) => ({
          id: box.id ?? rng.schemaId(),
          name: box.name,
          itemMs: box.itemMs ?? laneDef.timing.itemMs,
          tasks: box.tasks.map((t) => ({
            id: t.id ?? rng.schemaId(),
            name: t.name,
            lambdaId: rng.entityId(),
            failureRate: t.failureRate,
            fail: t.fail,
            filePipe: t.relayMethod === 'filePipe'
          }))
        }))
        return laneDef
      })
      // Declared stores take their ids after the lanes', so adding one renumbers nothing before it.
      for (const st of rev.stores) {
        const id = st.id ?? rng.schemaId()
        declared.set(st.key, id)
        stores.push({
          id,
          name: st.name,
          type: st.type,
          itemDataSpec: st.itemDataSpec,
          requiresInitialContent: st.requiresInitialContent,
          defaultInitialContent: st.defaultInitialContent
        })
      }
      rev.lanes.forEach((lane, i) => {
        if (lane.store !== undefined) lanes[i]!.storeSchemaId = declared.get(lane.store)!
      })
      revisions.set(Number(num), {
        number: Number(num),
        description: rev.description,
        state: rev.state,
        compatible: rev.compatible,
        lanes,
        stores
      })
    }
    return {
      key: w.key,
      id: w.id ?? rng.entityId(),
      name: w.name,
      summary: w.summary,
      inventoryId: inventoryByKey.get(w.inventory)!.id,
      creationTime,
      revisions
    }
  })

  return { scenario, provider, users, spaces, inventories, schemas }
}
