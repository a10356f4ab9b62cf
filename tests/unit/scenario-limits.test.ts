import { describe, expect, it } from 'vitest'
import { parseScenario } from '../../src/simulator/scenario'
import { itemPasses, own } from '../../src/simulator/scenario-limits'

// JSON text, so `__proto__` is an own key as in a scenario file.
const withKeys = (spaces: string, revisions = '{"1": {"lanes": []}}') =>
  JSON.parse(`{
    "name": "keys",
    "users": [{ "name": "u", "spaces": ${spaces}, "inventories": ["i"] }],
    "spaces": [{ "key": "__proto__", "name": "P" }, { "key": "constructor", "name": "C" }],
    "inventories": [{ "key": "i", "name": "I" }],
    "schemas": [{ "key": "w", "name": "W", "inventory": "i", "revisions": ${revisions} }]
  }`) as unknown

describe('records keyed by the scenario’s own names', () => {
  it('keeps `__proto__` and `constructor` as plain keys', () => {
    const s = parseScenario(withKeys('{"__proto__": ["view"], "constructor": ["manage"]}'))
    expect(Object.keys(s.users[0]!.spaces)).toEqual(['__proto__', 'constructor'])
    expect(own(s.users[0]!.spaces, '__proto__')).toEqual(['space_view_atm_workflow_executions'])
  })

  it('still names an unknown key, and refuses a revision that is not a number', () => {
    expect(() => parseScenario(withKeys('{"toString": ["view"]}'))).toThrow(
      /users\.0\.spaces\.toString: unknown space "toString"/
    )
    expect(() => parseScenario(withKeys('{}', '{"__proto__": {"lanes": []}}'))).toThrow(
      /schemas\.0\.revisions\.__proto__: revision numbers are positive integers/
    )
  })

  it('finds nothing Object.prototype holds', () => {
    expect(own({}, 'constructor')).toBeUndefined()
    expect(own(JSON.parse('{"constructor": 1}') as Record<string, number>, 'constructor')).toBe(1)
  })
})

describe('the work a scenario asks for', () => {
  const schemas = [
    {
      key: 'w',
      revisions: {
        '1': {
          stores: [{ key: 'list', defaultInitialContent: [1, 2, 3] }],
          lanes: [
            { items: 10, maxRetries: 2, parallelBoxes: [{}, {}] },
            { items: 0, store: 'list', maxRetries: 0, parallelBoxes: [{}] }
          ]
        }
      }
    }
  ]

  it('counts items × boxes × tries of every lane of every execution', () => {
    const one = { schema: 'w', revision: 1 }
    expect(itemPasses({ schemas, executions: [one] })).toBe(10 * 2 * 3 + 3)
    expect(itemPasses({ schemas, executions: [one, one] })).toBe(2 * 63)
  })

  it('counts the longest list of an overlay for a lane iterating a store', () => {
    const overlaid = { schema: 'w', revision: 1, overlay: { anyStore: new Array(50).fill(0) } }
    expect(itemPasses({ schemas, executions: [overlaid] })).toBe(60 + 50)
  })

  it('refuses an overlay list longer than a store may hold, naming it', () => {
    const data = {
      name: 'big overlay',
      users: [{ name: 'u', spaces: { s: ['view'] }, inventories: ['i'] }],
      spaces: [{ key: 's', name: 'S' }],
      inventories: [{ key: 'i', name: 'I' }],
      schemas: [
        {
          key: 'w',
          name: 'W',
          inventory: 'i',
          revisions: { '1': { lanes: [{ name: 'L', parallelBoxes: [] }] } }
        }
      ],
      executions: [
        {
          schema: 'w',
          revision: 1,
          space: 's',
          user: 'u',
          at: 0,
          overlay: { numbers: new Array(100_001).fill(1) }
        }
      ]
    }
    expect(() => parseScenario(data)).toThrow(
      /executions\.0\.overlay\.numbers: at most 100,000 items/
    )
  })
})
