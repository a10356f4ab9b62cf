// The built-in demo provider: the simulator's demo scenario, in-process on 127.0.0.1 with a
// random port and random tokens, so a first start shows live executions without Onedata. Main
// and the harness hand it to the service (ServiceOptions.startDemo); core never imports it.
import { startSimulator } from './server'

export async function startDemoProvider() {
  const sim = await startSimulator({ scenario: 'demo', host: '127.0.0.1', port: 0 })
  const [token] = Object.values(sim.tokens)
  return { url: sim.url, token: token!, stop: () => sim.stop() }
}
