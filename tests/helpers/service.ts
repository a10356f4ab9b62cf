// The service as the app runs it, beside an in-process simulator, both on virtual time that moves
// together; channels are called through the dispatcher, as the renderer's calls arrive.
import { dispatch } from '../../src/core/ipc'
import { VirtualScheduler } from '../../src/core/monitor/scheduler'
import { createService, type Service, type ServiceOptions } from '../../src/core/service'
import type { Channel, Request, Responses } from '../../src/shared/ipc'
import type { SimDriver } from './simulator'

/** Calls a channel; a refused call fails the test with the description the renderer would get. */
export async function call<C extends Channel>(
  service: Service,
  channel: C,
  request: Request<C>
): Promise<Responses[C]> {
  const r = await dispatch(service.handlers, channel, request)
  if (!r.ok) throw new Error(`${channel}: ${r.error.description}`)
  return r.value as Responses[C]
}

export interface WatchingService {
  service: Service
  scheduler: VirtualScheduler
  /** The simulator's admin, added as account "Lab". */
  accountId: string
  /** Moves the simulator's clock and the service's scheduler together, `stepMs` at a time. */
  advance(ms: number, stepMs?: number): Promise<void>
}

/**
 * A service on virtual time with the simulator's admin added as "Lab", after six simulated
 * seconds (the first lists are read). `wire` runs before the account is added, to see every push.
 */
export async function serviceWatching(
  sim: SimDriver,
  options: Omit<ServiceOptions, 'scheduler'>,
  opts: { stepMs: number; wire?: (service: Service) => void }
): Promise<WatchingService> {
  const scheduler = new VirtualScheduler(sim.sim.state.clock.now())
  const service = createService({ ...options, scheduler })
  scheduler.setSettle(() => service.monitor.idle())
  opts.wire?.(service)
  const advance = async (ms: number, stepMs = opts.stepMs) => {
    for (let t = 0; t < ms; t += stepMs) {
      sim.sim.state.clock.advance(stepMs)
      await scheduler.advance(stepMs)
    }
  }
  const added = await call(service, 'accounts.add', {
    label: 'Lab',
    providerUrl: sim.sim.url,
    token: sim.token('admin')
  })
  await advance(6000)
  return { service, scheduler, accountId: added.account.id, advance }
}
