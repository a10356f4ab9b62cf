import { describe, expect, it } from 'vitest'
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
