// `npm run simulator -- [--port N] [--host H] [--scenario NAME|FILE [counts]] [--speed X] [--tls] [--control]`
// Prints one JSON line {"url", "tokens", "caPath"?} on stdout, then logs requests to stderr.
import { parseArgs } from 'node:util'
import { loadScenario } from './scenarios'
import { SCENARIO_OPTIONS, SCENARIO_USAGE, scenarioChoice } from './scenarios/options'
import { startSimulator } from './server'

/** How much faster than real time the clock may run: at most a day in under 90 s. */
const SPEED_MIN = 0.01
const SPEED_MAX = 1000

const USAGE = `usage: simulator [--port N] [--host HOST] [--scenario NAME|FILE] [--speed FACTOR] [--tls] [--control]
  --port      0 = any free port (default 0)
  --host      address to listen on (default 127.0.0.1)
${SCENARIO_USAGE}
  --speed     simulated time runs this many times faster than real time (default 1, at most 1000)
  --tls       serve HTTPS with a freshly generated CA (its path is printed as caPath)
  --control   enable the control API under /__simulator/`

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        ...SCENARIO_OPTIONS,
        speed: { type: 'string', default: '1' },
        tls: { type: 'boolean', default: false },
        control: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false }
      },
      strict: true
    }))
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`)
    process.exit(2)
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const port = Number(values.port)
  const speed = Number(values.speed)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be 0..65535, got "${values.port}"`)
  // Beyond this the clock's timers would fire back to back and starve the server.
  if (!(speed >= SPEED_MIN && speed <= SPEED_MAX))
    fail(`--speed must be a number from ${SPEED_MIN} to ${SPEED_MAX}, got "${values.speed}"`)

  try {
    const choice = scenarioChoice(values)
    const sim = await startSimulator({
      port,
      host: values.host,
      scenario: loadScenario(choice.scenario, choice.counts),
      speed,
      tls: values.tls,
      control: values.control,
      log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`)
    })
    process.stdout.write(
      `${JSON.stringify({ url: sim.url, tokens: sim.tokens, ...(sim.caPath ? { caPath: sim.caPath } : {}) })}\n`
    )
    const shutdown = () => void sim.stop().then(() => process.exit(0))
    process.on('SIGINT', shutdown)
    process.on('SIGTERM', shutdown)
  } catch (err) {
    fail((err as Error).message)
  }
}

function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\n`)
  process.exit(2)
}

void main()
