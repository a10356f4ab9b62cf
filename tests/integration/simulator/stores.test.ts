// Scheduling against typed store schemas (item data types, required content, defaults), the
// provider's OpenFaaS status and incompatible schema revisions: refused exactly as op-worker's
// atm_workflow_execution_factory and atm_store_api refuse them, with nothing created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimDriver, Z, type ErrorBody } from '../../helpers/simulator'

let sim: SimDriver
let numbers: string
let labels: string
let settings: string
beforeAll(async () => {
  sim = await SimDriver.start()
  numbers = sim.storeId('typed', 0)
  labels = sim.storeId('typed', 1)
  settings = sim.storeId('typed', 2)
})
afterAll(() => sim.stop())

const err = (r: { body: unknown }) => (r.body as ErrorBody).error

async function refused(overlay: Record<string, unknown> | undefined) {
  const before = await waiting()
  const r = await sim.scheduleRequest('typed', { overlay })
  expect(r.status, r.text).toBe(400)
  expect(await waiting()).toEqual(before) // nothing was created
  return err(r)
}

async function waiting() {
  const r = await sim.op<{ atmWorkflowExecutions: string[] }>(
    'GET',
    `/spaces/${sim.space('lab')}/automation/execution/workflows?phase=waiting`
  )
  return r.body.atmWorkflowExecutions
}

describe('typed store schemas', () => {
  it('a store that requires initial content and has no default: atmStoreMissingRequiredInitialContent', async () => {
    expect(await refused(undefined)).toEqual({
      id: 'atmStoreCreationFailed',
      description: `Failed to create an automation store (schema ID: "${numbers}"): Missing initial content required to create an automation store.`,
      details: {
        atmStoreSchemaId: numbers,
        specificError: {
          id: 'atmStoreMissingRequiredInitialContent',
          description: 'Missing initial content required to create an automation store.'
        }
      },
      ctx: expect.any(Object)
    })
    // null in the overlay counts as not given.
    expect((await refused({ [numbers]: null })).details).toMatchObject({
      specificError: { id: 'atmStoreMissingRequiredInitialContent' }
    })
  })

  it('content that is not an array for a list store: atmDataTypeUnverified with expType array', async () => {
    expect((await refused({ [numbers]: 5 })).details).toEqual({
      atmStoreSchemaId: numbers,
      specificError: {
        id: 'atmDataTypeUnverified',
        description: 'Provided value is not of expected type: array.',
        details: { value: 5, expType: 'array' }
      }
    })
  })

  it('an item of the wrong type: the array fails its constraints, naming the item by $[index]', async () => {
    const e = await refused({ [numbers]: [1, 'two', 3] })
    expect(e.details).toEqual({
      atmStoreSchemaId: numbers,
      specificError: {
        id: 'atmDataValueConstraintUnverified',
        description:
          'Provided value of type "array" doesn\'t meet the constraints: "{"$[1]":{"description":"Provided value is not of expected type: number.","details":{"expType":"number","value":"two"},"id":"atmDataTypeUnverified"}}".',
        details: {
          value: [1, 'two', 3],
          type: 'array',
          valueConstraints: {
            '$[1]': {
              id: 'atmDataTypeUnverified',
              description: 'Provided value is not of expected type: number.',
              details: { value: 'two', expType: 'number' }
            }
          }
        }
      }
    })
  })

  it('an item that breaks a constraint (integersOnly, allowedValues)', async () => {
    const ints = await refused({ [numbers]: [1.5] })
    expect(ints.details).toMatchObject({
      specificError: {
        id: 'atmDataValueConstraintUnverified',
        details: {
          type: 'array',
          valueConstraints: {
            '$[0]': {
              id: 'atmDataValueConstraintUnverified',
              details: { value: 1.5, type: 'number', valueConstraints: { integersOnly: true } }
            }
          }
        }
      }
    })
    const allowed = await refused({ [numbers]: [1], [labels]: ['raw', 'dirty'] })
    expect(allowed.details).toMatchObject({
      atmStoreSchemaId: labels,
      specificError: {
        details: {
          valueConstraints: {
            '$[1]': {
              details: {
                value: 'dirty',
                type: 'string',
                valueConstraints: { allowedValues: ['raw', 'clean'] }
              }
            }
          }
        }
      }
    })
  })

  it('a single-value store checks its one value', async () => {
    expect((await refused({ [numbers]: [1], [settings]: 'deep' })).details).toEqual({
      atmStoreSchemaId: settings,
      specificError: {
        id: 'atmDataTypeUnverified',
        description: 'Provided value is not of expected type: object.',
        details: { value: 'deep', expType: 'object' }
      }
    })
  })

  it('the first store in the schema’s order is reported', async () => {
    expect((await refused({ [numbers]: ['x'], [labels]: [7] })).details).toMatchObject({
      atmStoreSchemaId: numbers
    })
  })

  it('good content is accepted and iterated', async () => {
    const id = await sim.schedule('typed', { overlay: { [numbers]: [4, 5, 6, 7] } })
    await sim.untilStatus(id, 'finished')
    const task = (await sim.view(id)).lanes[0]!.runs[0]!.boxes[0]!.tasks[0]!
    expect(task).toMatchObject({ status: 'finished', itemsProcessed: 4, itemsFailed: 0 })
  })

  it('Onezone shows the stores with their types, requirement and default', async () => {
    const r = await sim.request<{
      revisionRegistry: Record<string, { stores: Record<string, unknown>[] }>
    }>('GET', `${Z}/atm_workflow_schemas/${sim.schema('typed')}`, { token: sim.token('admin') })
    expect(r.body.revisionRegistry['1']!.stores).toEqual([
      expect.objectContaining({
        id: numbers,
        type: 'list',
        config: { itemDataSpec: { type: 'number', integersOnly: true } },
        requiresInitialContent: true,
        defaultInitialContent: null
      }),
      expect.objectContaining({
        id: labels,
        config: { itemDataSpec: { type: 'string', allowedValues: ['raw', 'clean'] } },
        requiresInitialContent: false,
        defaultInitialContent: ['raw']
      }),
      expect.objectContaining({
        id: settings,
        type: 'singleValue',
        defaultInitialContent: { depth: 1 }
      })
    ])
  })
})

describe('the provider refuses what it cannot run', () => {
  it('a revision marked incompatible: notSupported', async () => {
    const r = await sim.scheduleRequest('typed', { revision: 2 })
    expect(r.status).toBe(400)
    expect(err(r)).toMatchObject({
      id: 'notSupported',
      description: 'This operation is not supported.'
    })
  })

  it('OpenFaaS not available: the error of its status, with its HTTP code', async () => {
    const cases = [
      ['notConfigured', 400, 'atmOpenfaasNotConfigured', 'No OpenFaaS service is configured.'],
      ['unreachable', 400, 'atmOpenfaasUnreachable', 'Cannot connect to the OpenFaaS service.'],
      ['unhealthy', 503, 'atmOpenfaasUnhealthy', 'The OpenFaaS service is unhealthy.']
    ] as const
    try {
      for (const [openfaas, status, id, description] of cases) {
        await sim.control('POST', '/provider', { openfaas })
        const r = await sim.scheduleRequest('single')
        expect(r.status, openfaas).toBe(status)
        expect(err(r)).toMatchObject({ id, description })
        // An empty revision is refused first, as op-worker checks it before the lambdas.
        expect(err(await sim.scheduleRequest('broken')).id).toBe('atmWorkflowEmpty')
      }
    } finally {
      await sim.control('POST', '/provider', { openfaas: 'healthy' })
    }
    expect((await sim.scheduleRequest('single')).status).toBe(201)
    const bad = await sim.request('POST', '/__simulator/provider', { body: { openfaas: 'sleepy' } })
    expect(bad.status).toBe(400)
  })
})
