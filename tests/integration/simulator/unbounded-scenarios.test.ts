// Scenarios that would need unbounded work (items, lanes, stores, executions, history,
// retention checks) are refused when loaded into the simulator, naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimDriver, type ErrorBody } from '../../helpers/simulator'

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim?.stop())

describe('scenarios that would need unbounded work are refused on load, naming the field', () => {
  const base = () => ({
    name: 'huge',
    users: [{ name: 'u', spaces: { s: ['view'] }, inventories: ['i'] }],
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
    ],
    executions: [] as Record<string, unknown>[]
  })
  const lane = (s: ReturnType<typeof base>) =>
    s.schemas[0]!.revisions['1']!.lanes[0] as Record<string, unknown>

  const cases: [string, (s: ReturnType<typeof base>) => void, RegExp][] = [
    [
      'twenty million items',
      (s) => (lane(s).items = 20_000_000),
      /schemas\.0\.revisions\.1\.lanes\.0\.items: .*100000/
    ],
    [
      'an absurd lane count',
      (s) =>
        (s.schemas[0]!.revisions['1']!.lanes = Array.from(
          { length: 5000 },
          () => lane(s) as never
        )),
      /schemas\.0\.revisions\.1\.lanes: .*50/
    ],
    [
      'a store of twenty million items',
      (s) =>
        ((s.schemas[0]!.revisions['1'] as Record<string, unknown>).stores = [
          {
            key: 'n',
            name: 'N',
            itemDataSpec: { type: 'number' },
            defaultInitialContent: new Array(200_001).fill(1)
          }
        ]),
      /schemas\.0\.revisions\.1\.stores\.0\.defaultInitialContent: at most 100,000 items/
    ],
    [
      'many executions of big lanes',
      (s) => {
        lane(s).items = 100_000
        lane(s).maxRetries = 10
        s.executions = Array.from({ length: 20 }, () => ({
          schema: 'w',
          revision: 1,
          space: 's',
          user: 'u',
          at: 0
        }))
      },
      /executions: the executions would pass 22,000,000 items through parallel boxes \(at most 20,000,000\)/
    ],
    [
      'a history reaching back millennia',
      (s) => (s.executions = [{ schema: 'w', revision: 1, space: 's', user: 'u', at: -1e11 }]),
      /executions\.0\.at/
    ],
    [
      'garbage collection every second',
      (s) => Object.assign(s, { provider: { retention: { checkIntervalSeconds: 1 } } }),
      /provider\.retention\.checkIntervalSeconds/
    ]
  ]
  for (const [what, change, message] of cases)
    it(what, async () => {
      const scenario = base()
      change(scenario)
      const r = await sim.request('POST', '/__simulator/scenario', { body: { scenario } })
      expect(r.status).toBe(400)
      expect((r.body as ErrorBody).error.description).toMatch(message)
    })
})
