// The built-in demo provider: the simulator's demo scenario, in-process on 127.0.0.1 with a
// random port and random tokens, so a first start shows live executions without Onedata. Main
// and the harness hand it to the service (ServiceOptions.startDemo); core never imports it.
// The harness may give it another world (`--scenario NAME|FILE`, with the scale counts).
import { loadScenario } from './scenarios'
import type { ScenarioChoice } from './scenarios/options'
import { startSimulator } from './server'

export { SCENARIO_OPTIONS, SCENARIO_USAGE, scenarioChoice } from './scenarios/options'

export async function startDemoProvider(world: ScenarioChoice = { scenario: 'demo' }) {
  const scenario = loadScenario(world.scenario, world.counts)
  const sim = await startSimulator({ scenario, host: '127.0.0.1', port: 0 })
  const [token] = Object.values(sim.tokens)
  return { url: sim.url, token: token!, stop: () => sim.stop() }
}
