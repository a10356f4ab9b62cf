// A scenario whose users, spaces, schemas, stores and executions are named like properties of
// JavaScript objects (__proto__, constructor, toString): kept as plain data, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { P, SimDriver, type ErrorBody } from '../../helpers/simulator'

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim?.stop())

describe('names special to JavaScript objects', () => {
  // JSON, so `__proto__` is an own key as in a scenario file (in a JS literal it is the prototype).
  const special = JSON.parse(`{
    "name": "special names",
    "users": [{
      "name": "constructor",
      "token": "token-of-constructor",
      "spaces": { "__proto__": ["view", "schedule", "manage"], "toString": ["view"] },
      "inventories": ["toString"]
    }],
    "spaces": [
      { "key": "__proto__", "name": "__proto__", "id": "constructor" },
      { "key": "toString", "name": "hasOwnProperty", "id": "__proto__" }
    ],
    "inventories": [{ "key": "toString", "name": "valueOf", "id": "toString" }],
    "schemas": [{
      "key": "__proto__", "name": "constructor", "id": "hasOwnProperty", "inventory": "toString",
      "revisions": { "1": {
        "stores": [
          { "key": "toString", "name": "__proto__", "id": "__proto__",
            "itemDataSpec": { "type": "number" }, "defaultInitialContent": [1] },
          { "key": "valueOf", "name": "constructor", "id": "constructor", "type": "singleValue",
            "itemDataSpec": { "type": "string" }, "defaultInitialContent": "kept" }
        ],
        "lanes": [{ "name": "__proto__", "id": "toString", "store": "toString",
                    "parallelBoxes": [{ "name": "constructor", "tasks": [{ "name": "valueOf" }] }] }]
      } }
    }],
    "executions": [{ "id": "toString", "schema": "__proto__", "revision": 1, "space": "__proto__",
                     "user": "constructor", "at": -60 }]
  }`) as Record<string, unknown>

  beforeAll(async () => {
    const loaded = await sim.request('POST', '/__simulator/scenario', {
      body: { scenario: special }
    })
    if (loaded.status !== 200) throw new Error(loaded.text)
    await sim.control('POST', '/clock', { mode: 'virtual' })
  })
  afterAll(async () => {
    await sim.request('POST', '/__simulator/scenario', { body: { name: 'conformance' } })
  })

  const as = { token: 'token-of-constructor' }

  it('keeps every such key and id as plain data: spaces, privileges, stores and executions work', async () => {
    const spaces = await sim.request<{ spaceId: string; name: string }[]>('GET', `${P}/spaces`, as)
    expect(spaces.body.map((s) => [s.spaceId, s.name])).toEqual([
      ['constructor', '__proto__'],
      ['__proto__', 'hasOwnProperty']
    ])
    const seeded = await sim.request<{ storeRegistry: Record<string, string>; status: string }>(
      'GET',
      `${P}/automation/execution/workflows/toString`,
      as
    )
    expect(seeded.status).toBe(200)
    expect(Object.keys(seeded.body.storeRegistry).sort()).toEqual(['__proto__', 'constructor'])
    // An overlay keyed `__proto__` fills that store (three items are iterated), and the store
    // `constructor` it does not name keeps its default.
    const scheduled = await sim.request<{ atmWorkflowExecutionId: string }>(
      'POST',
      `${P}/automation/execution/workflows`,
      {
        ...as,
        body: {
          spaceId: 'constructor',
          atmWorkflowSchemaId: 'hasOwnProperty',
          atmWorkflowSchemaRevisionNumber: 1,
          storeInitialContentOverlay: JSON.parse('{"__proto__": [4, 5, 6]}') as unknown
        }
      }
    )
    expect(scheduled.status).toBe(201)
    const id = scheduled.body.atmWorkflowExecutionId
    await sim.advance(60_000)
    const view = await sim.view(id)
    expect(view.status).toBe('finished')
    expect(view.lanes[0]!.runs[0]!.boxes[0]!.tasks[0]!.itemsProcessed).toBe(3)
    // In the space keyed `toString` (its id `__proto__`) the user named `constructor` may view.
    const listed = await sim.request(
      'GET',
      `${P}/spaces/__proto__/automation/execution/workflows`,
      as
    )
    expect(listed.status).toBe(200)
  })

  it('an id that is only inherited from Object.prototype is unknown: 404, never 500', async () => {
    for (const id of ['constructor', 'hasOwnProperty', '__proto__', 'valueOf'])
      expect(
        (await sim.request('GET', `${P}/automation/execution/workflows/${id}`, as)).status
      ).toBe(404)
    for (const id of ['__proto__', 'valueOf'])
      expect(
        (await sim.request('GET', `/api/v3/onezone/atm_workflow_schemas/${id}`, as)).status
      ).toBe(404)
  })

  it('a built-in scenario named like an inherited property is refused with 400', async () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const r = await sim.request('POST', '/__simulator/scenario', { body: { name } })
      expect(r.status).toBe(400)
      expect((r.body as ErrorBody).error.description).toContain(`no built-in scenario "${name}"`)
    }
  })
})
