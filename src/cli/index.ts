// Process entry of the `lanewatch` command.
import { runCli } from './main'

const io = {
  out: (text: string) => void process.stdout.write(`${text}\n`),
  err: (text: string) => void process.stderr.write(`${text}\n`),
  env: process.env,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
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
