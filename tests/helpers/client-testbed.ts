// The Onedata clients against conformance simulators: clients made for a test file are closed
// after it, faults are armed on the simulator, and a failed call yields its OnedataError.
import { afterAll, beforeAll, expect } from 'vitest'
import { OnedataError, OneproviderClient } from '../../src/core/onedata'
import { SimDriver } from './simulator'

export interface ClientOptions {
  /** The simulator user whose token the client sends; '' for none (default admin). */
  user?: string
  ca?: string
  /** The simulator to talk to (default the plain HTTP one). */
  on?: SimDriver
  /** Collects every delay the client sleeps between retries. */
  sleeps?: number[]
  retries?: number
  headersTimeoutMs?: number
}

export interface ClientTestbed {
  sim: SimDriver
  /** Started only when the testbed was asked for TLS. */
  tlsSim: SimDriver
  /** Every client of the file, closed after its tests. */
  clients: { close(): Promise<void> }[]
  /** A client for the conformance simulator; quick retries so fault tests stay fast. */
  client(opts?: ClientOptions): OneproviderClient
  /** Arms a fault on the plain simulator (`POST /__simulator/faults`). */
  arm(fault: Record<string, unknown>): Promise<void>
}

/** Starts the simulators before the file's tests; closes its clients and the simulators after. */
export function clientTestbed(opts: { tls?: boolean } = {}): ClientTestbed {
  const bed: ClientTestbed = {
    sim: undefined as unknown as SimDriver,
    tlsSim: undefined as unknown as SimDriver,
    clients: [],
    client: (o = {}) => {
      const on = o.on ?? bed.sim
      const c = new OneproviderClient({
        url: on.sim.url,
        token: o.user === '' ? undefined : on.token(o.user ?? 'admin'),
        ca: o.ca,
        headersTimeoutMs: o.headersTimeoutMs,
        retry: { retries: o.retries ?? 3, baseDelayMs: 5, maxDelayMs: 20 },
        sleep: async (ms) => {
          o.sleeps?.push(ms)
        }
      })
      bed.clients.push(c)
      return c
    },
    arm: async (fault) => {
      const r = await bed.sim.request('POST', '/__simulator/faults', { body: fault })
      expect(r.status).toBe(200)
    }
  }
  beforeAll(async () => {
    bed.sim = await SimDriver.start()
    if (opts.tls) bed.tlsSim = await SimDriver.start({ tls: true })
  })
  afterAll(async () => {
    await Promise.all(bed.clients.map((c) => c.close()))
    await bed.sim?.stop()
    await bed.tlsSim?.stop()
  })
  return bed
}

/** The OnedataError the call fails with; fails the test if it succeeds or throws anything else. */
export async function caught(p: Promise<unknown>): Promise<OnedataError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(OnedataError)
    return err as OnedataError
  }
  throw new Error('expected the call to fail')
}
