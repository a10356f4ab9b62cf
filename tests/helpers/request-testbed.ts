// For the simulator's answers to requests, right and wrong: one conformance simulator per test
// file with a finished and a running execution to aim requests at, and the error of an answer.
import { afterAll, beforeAll } from 'vitest'
import { P, SimDriver, type ErrorBody } from './simulator'

/** A well-formed execution id that no execution has. */
export const BOGUS_ID = '00000000000000000000000000000000ch0000'

/** The error envelope of a JSON answer. */
export const err = (r: { body: unknown }) => (r.body as ErrorBody).error

export const detailsPath = (id: string) => `${P}/automation/execution/workflows/${id}`

export interface RequestTestbed {
  sim: SimDriver
  /** An execution of the "single" schema that has finished. */
  finished: string
  /** An execution of the "single" schema scheduled after that, left to the clock. */
  running: string
}

/** Starts the simulator and the two executions before the file's tests; stops it after. */
export function requestTestbed(): RequestTestbed {
  const bed = {} as RequestTestbed
  beforeAll(async () => {
    bed.sim = await SimDriver.start()
    bed.finished = await bed.sim.schedule('single')
    await bed.sim.untilStatus(bed.finished, 'finished')
    bed.running = await bed.sim.schedule('single')
  })
  afterAll(() => bed.sim?.stop())
  return bed
}
