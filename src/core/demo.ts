// The built-in demo provider: the simulator's demo scenario, in-process on 127.0.0.1 with a
// random port and random tokens, so a first start shows live executions without Onedata.
import { startSimulator } from '../simulator/server'

export interface DemoProvider {
  url: string
  token: string
  stop(): Promise<void>
}

export async function startDemoProvider(): Promise<DemoProvider> {
  const sim = await startSimulator({ scenario: 'demo', host: '127.0.0.1', port: 0 })
  const [token] = Object.values(sim.tokens)
  return { url: sim.url, token: token!, stop: () => sim.stop() }
}
