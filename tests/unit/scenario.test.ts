import { describe, expect, it } from 'vitest'
import { initialContent, type DataSpec, type StoreSpec } from '../../src/simulator/data-values'
import type { ApiError } from '../../src/simulator/errors'
import { parseScenario } from '../../src/simulator/scenario'
import { BUILT_IN_SCENARIOS } from '../../src/simulator/scenarios'
import { buildWorld } from '../../src/simulator/engine/world'

const minimal = {
  name: 'm',
  users: [
    {
      name: 'u',
      spaces: { s: ['view', 'space_manage_atm_workflow_executions'] },
      inventories: ['i']
    }
  ],
  spaces: [{ key: 's', name: 'S' }],
  inventories: [{ key: 'i', name: 'I' }],
  schemas: [
    {
      key: 'w',
      name: 'W',
      inventory: 'i',
      revisions: {
        '1': { lanes: [{ name: 'L', parallelBoxes: [{ name: 'B', tasks: [{ name: 'T' }] }] }] }
      }
    }
  ]
}

describe('scenario format', () => {
  it('fills defaults and normalises privilege names', () => {
    const s = parseScenario(minimal)
    expect(s.users[0]!.spaces.s).toEqual([
      'space_view_atm_workflow_executions',
      'space_manage_atm_workflow_executions'
    ])
    const lane = s.schemas[0]!.revisions['1']!.lanes[0]!
    expect(lane).toMatchObject({
      items: 10,
      maxRetries: 0,
      instantFailureExceptionThreshold: 0.1,
      concurrency: 10
    })
    expect(s.spaces[0]!.supported).toBe(true)
  })

  it('names every broken reference', () => {
    const broken = {
      ...minimal,
      executions: [{ schema: 'nope', revision: 1, space: 'gone', user: 'ghost', at: 0 }]
    }
    expect(() => parseScenario(broken, 'test.json')).toThrow(
      /test\.json is not a valid scenario:[\s\S]*executions\.0\.schema: unknown schema "nope"[\s\S]*executions\.0\.space: unknown space "gone"[\s\S]*executions\.0\.user: unknown user "ghost"/
    )
  })

  it('refuses wrong types with the path of the field', () => {
    expect(() => parseScenario({ ...minimal, users: [{ name: 'bad name!' }] })).toThrow(
      /users\.0\.name/
    )
    expect(() => parseScenario({ ...minimal, timing: { itemMs: -1 } })).toThrow(/timing\.itemMs/)
    expect(() => parseScenario('not an object')).toThrow(/not a valid scenario/)
  })

  it('accepts every built-in scenario', () => {
    for (const [name, data] of Object.entries(BUILT_IN_SCENARIOS)) {
      expect(() => parseScenario(data, name)).not.toThrow()
    }
  })

  it('gives the same ids for the same seed, whatever the tokens', () => {
    const s = parseScenario(minimal)
    const a = buildWorld(s, 1_700_000_000_000)
    const b = buildWorld(s, 1_700_000_000_000)
    expect(a.schemas[0]!.id).toBe(b.schemas[0]!.id)
    expect(a.spaces[0]!.id).toMatch(/^[0-9a-f]{32}ch[0-9a-f]{4}$/)
    expect(a.users[0]!.token).not.toBe(b.users[0]!.token)
  })
})

describe('scenario format: stores, providers, holds and restarts', () => {
  const withRevision = (
    revision: Record<string, unknown>,
    extra: Record<string, unknown> = {}
  ) => ({
    ...minimal,
    ...extra,
    schemas: [{ ...minimal.schemas[0]!, revisions: { '1': revision } }]
  })
  const lane = { name: 'L', parallelBoxes: [{ name: 'B', tasks: [{ name: 'T' }] }] }

  it('defaults: a healthy OpenFaaS, op-worker’s retention, returnValue tasks, compatible revisions', () => {
    const s = parseScenario(minimal)
    expect(s.provider).toMatchObject({
      openfaas: 'healthy',
      retention: {
        endedSeconds: 1_296_000,
        suspendedSeconds: 2_592_000,
        checkIntervalSeconds: 3600
      }
    })
    const rev = s.schemas[0]!.revisions['1']!
    expect(rev).toMatchObject({ compatible: true, stores: [] })
    expect(rev.lanes[0]!.parallelBoxes[0]!.tasks[0]!.relayMethod).toBe('returnValue')
    expect(s.restarts).toEqual([])
  })

  it('a lane iterates a declared list store, which gets its own id after the lanes’', () => {
    const s = parseScenario(
      withRevision({
        stores: [
          { key: 'n', name: 'N', itemDataSpec: { type: 'number' }, defaultInitialContent: [1] }
        ],
        lanes: [{ ...lane, store: 'n' }]
      })
    )
    const world = buildWorld(s, 1_700_000_000_000)
    const rev = world.schemas[0]!.revisions.get(1)!
    expect(rev.stores).toHaveLength(1)
    expect(rev.lanes[0]!.storeSchemaId).toBe(rev.stores[0]!.id)
    expect(rev.stores[0]).toMatchObject({ type: 'list', requiresInitialContent: false })
  })

  it('names a wrong store reference, a lane on a single-value store and bad data specs', () => {
    const bad = (revision: Record<string, unknown>) => () => parseScenario(withRevision(revision))
    expect(bad({ lanes: [{ ...lane, store: 'nope' }] })).toThrow(
      /schemas\.0\.revisions\.1\.lanes\.0\.store: unknown store "nope"/
    )
    expect(
      bad({
        stores: [{ key: 's', name: 'S', type: 'singleValue', itemDataSpec: { type: 'object' } }],
        lanes: [{ ...lane, store: 's' }]
      })
    ).toThrow(/lanes\.0\.store: store "s" is not a list store/)
    expect(
      bad({ stores: [{ key: 'a', name: 'A', itemDataSpec: { type: 'array' } }], lanes: [lane] })
    ).toThrow(/stores\.0\.itemDataSpec\.itemDataSpec: an array needs one/)
    expect(
      bad({
        stores: [{ key: 'a', name: 'A', itemDataSpec: { type: 'string', integersOnly: true } }],
        lanes: [lane]
      })
    ).toThrow(/stores\.0\.itemDataSpec\.integersOnly/)
    expect(
      bad({ stores: [{ key: 'a', name: 'A', itemDataSpec: { type: 'anything' } }], lanes: [lane] })
    ).toThrow(/stores\.0\.itemDataSpec\.type/)
  })

  it('validates hold, release, stop and staged failPreparation actions, and restarts', () => {
    const execution = (actions: unknown[]) => ({
      ...minimal,
      executions: [{ schema: 'w', revision: 1, space: 's', user: 'u', at: 0, actions }]
    })
    const s = parseScenario(
      execution([
        { at: 1, do: 'hold', point: 'beforeFirstItem', lane: 1 },
        { at: 2, do: 'release' },
        { at: 3, do: 'stop', reason: 'failure' },
        { at: 4, do: 'failPreparation', lane: 2, run: null }
      ])
    )
    expect(s.executions[0]!.actions[3]).toEqual({
      at: 4,
      do: 'failPreparation',
      stage: 'afterRunCreation',
      lane: 2,
      run: null
    })
    expect(() => parseScenario(execution([{ at: 1, do: 'hold', point: 'whenever' }]))).toThrow(
      /executions\.0\.actions\.0\.point/
    )
    expect(() => parseScenario(execution([{ at: 1, do: 'stop', reason: 'boredom' }]))).toThrow(
      /executions\.0\.actions\.0\.reason/
    )
    expect(parseScenario({ ...minimal, restarts: [{ at: -5 }] }).restarts).toEqual([
      { at: -5, autoResume: true }
    ])
    expect(() => parseScenario({ ...minimal, provider: { openfaas: 'maybe' } })).toThrow(
      /provider\.openfaas/
    )
  })
})

describe('typed store content (op-worker’s data types and constraints)', () => {
  const spec = (itemDataSpec: DataSpec, extra: Partial<StoreSpec> = {}): StoreSpec => ({
    id: 'store',
    type: 'list',
    itemDataSpec,
    requiresInitialContent: false,
    ...extra
  })
  const refusal = (store: StoreSpec, content: unknown) => {
    try {
      initialContent(store, content)
    } catch (err) {
      return (err as ApiError).details!.specificError as { id: string; details?: unknown }
    }
    return undefined
  }

  it('accepts instances of every data type, as ctool’s is_instance does', () => {
    const good: [DataSpec, unknown][] = [
      [{ type: 'boolean' }, true],
      [{ type: 'number' }, 1.5],
      [{ type: 'string' }, 'x'],
      [{ type: 'object' }, { a: 1 }],
      [{ type: 'file' }, { fileId: 'f' }],
      [{ type: 'dataset' }, { datasetId: 'd' }],
      [{ type: 'group' }, { groupId: 'g' }],
      [{ type: 'range' }, { end: 10, start: 0, step: 2 }],
      [{ type: 'timeSeriesMeasurement' }, { tsName: 'ts', timestamp: 1, value: 0.5 }],
      [{ type: 'array', itemDataSpec: { type: 'number' } }, [1, 2]]
    ]
    for (const [itemDataSpec, value] of good)
      expect(initialContent(spec(itemDataSpec), [value]), itemDataSpec.type).toEqual([value])
  })

  it('refuses what is not an instance, naming the expected type', () => {
    const bad: [DataSpec, unknown][] = [
      [{ type: 'boolean' }, 'true'],
      [{ type: 'number' }, '1'],
      [{ type: 'object' }, [1]],
      [{ type: 'object' }, null],
      [{ type: 'file' }, { fileId: 7 }],
      [{ type: 'range' }, { end: 1.5 }],
      [{ type: 'range' }, { start: 1 }],
      [{ type: 'timeSeriesMeasurement' }, { tsName: 'ts', timestamp: -1, value: 1 }]
    ]
    for (const [itemDataSpec, value] of bad)
      expect(refusal(spec(itemDataSpec), [value]), JSON.stringify(value)).toMatchObject({
        id: 'atmDataValueConstraintUnverified',
        details: {
          valueConstraints: {
            '$[0]': { id: 'atmDataTypeUnverified', details: { value, expType: itemDataSpec.type } }
          }
        }
      })
  })

  it('uses the default when no content (or null) is given; requires content only without a default', () => {
    expect(initialContent(spec({ type: 'number' }, { defaultInitialContent: [3] }), null)).toEqual([
      3
    ])
    expect(initialContent(spec({ type: 'number' }), undefined)).toBeUndefined()
    expect(refusal(spec({ type: 'number' }, { requiresInitialContent: true }), undefined)).toEqual({
      id: 'atmStoreMissingRequiredInitialContent',
      description: 'Missing initial content required to create an automation store.'
    })
    expect(
      initialContent(
        spec({ type: 'number' }, { requiresInitialContent: true, defaultInitialContent: [1] }),
        undefined
      )
    ).toEqual([1])
    // A bad default is refused like bad content.
    expect(
      refusal(spec({ type: 'number' }, { defaultInitialContent: ['x'] }), undefined)
    ).toMatchObject({
      id: 'atmDataValueConstraintUnverified'
    })
  })

  it('reports the first failing item of nested arrays, with its index', () => {
    const nested = spec({ type: 'array', itemDataSpec: { type: 'number', integersOnly: true } })
    expect(refusal(nested, [[1], [2, 2.5]])).toMatchObject({
      details: {
        valueConstraints: {
          '$[1]': {
            id: 'atmDataValueConstraintUnverified',
            details: {
              type: 'array',
              valueConstraints: {
                '$[1]': { details: { type: 'number', valueConstraints: { integersOnly: true } } }
              }
            }
          }
        }
      }
    })
  })
})
