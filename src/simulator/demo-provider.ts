// The built-in demo providers: the simulator's demo worlds (`demo`, and `demo-2` with its own
// users and spaces), each in-process on 127.0.0.1 with a random port and random tokens, so a
// first start shows live executions without Onedata. The simulator serves Onezone too, so a demo
// account's Onezone is the same URL. Main and the harness hand this to the service
// (ServiceOptions.startDemo); core never imports it. The harness may give the first demo another
// world (`--scenario NAME|FILE`, with the scale counts).
import type { DemoProviderName } from '../shared/ipc'
import { loadScenario } from './scenarios'
import type { ScenarioChoice } from './scenarios/options'
import { startSimulator } from './server'

export { SCENARIO_OPTIONS, SCENARIO_USAGE, scenarioChoice } from './scenarios/options'

/** For browser tests through the harness: the control API on, the clock frozen at start. */
export interface DemoTestOptions {
  control?: boolean
  virtualClock?: boolean
}

export async function startDemoProvider(
  which: DemoProviderName = 'demo',
  world: ScenarioChoice = { scenario: which },
  test: DemoTestOptions = {}
) {
  const scenario = loadScenario(world.scenario, world.counts)
  const sim = await startSimulator({
    scenario,
    host: '127.0.0.1',
    port: 0,
    ...(test.control ? { control: true } : {}),
    ...(test.virtualClock ? { clock: 'virtual' as const } : {})
  })
  const [token] = Object.values(sim.tokens)
  return { url: sim.url, onezoneUrl: sim.url, token: token!, stop: () => sim.stop() }
}
