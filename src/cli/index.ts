// Process entry of the `lanewatch` command.
import { runCli } from './main'

// Long-running commands ask `interrupted()`; only then does Ctrl-C stop them gracefully (their
// sleep ends at once) instead of ending the process.
let interrupted = false
let listening = false
const wakers = new Set<() => void>()
const onSignal = () => {
  interrupted = true
  for (const wake of wakers) wake()
}

const io = {
  out: (text: string) => void process.stdout.write(`${text}\n`),
  err: (text: string) => void process.stderr.write(`${text}\n`),
  env: process.env,
  sleep: (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        wakers.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      wakers.add(wake)
    }),
  interrupted: () => {
    if (!listening) {
      listening = true
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
    }
    return interrupted
  },
  readStdin: async () => {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }
}

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`lanewatch: ${String(err)}\n`)
    process.exitCode = 1
  }
)
