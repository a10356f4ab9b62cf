// Benchmark: the client's overhead (validation, error mapping, retry bookkeeping) against a bare
// undici request loop, on the same simulator endpoint (execution details). The simulator runs in
// a child process so it does not share the measuring process's event loop.
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Pool } from 'undici'
import { OneproviderClient } from '../src/core/onedata'

const ROOT = join(__dirname, '../..')
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000)
const WARMUP = 300
const ROUNDS = 3

async function startSimulator() {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'out/node/simulator.js'), '--scenario', 'conformance', '--control'],
    {
      stdio: ['ignore', 'pipe', 'ignore']
    }
  )
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).once('line', resolve)
  )
  const { url, tokens } = JSON.parse(line) as { url: string; tokens: Record<string, string> }
  return { child, url, token: tokens.admin! }
}

/** Runs `total` calls with `concurrency` in flight; returns requests per second. */
async function measure(
  total: number,
  concurrency: number,
  call: () => Promise<unknown>
): Promise<number> {
  let left = total
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await call()
    })
  )
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return total / seconds
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main(): Promise<void> {
  const sim = await startSimulator()
  try {
    const setup = new OneproviderClient({ url: sim.url, token: sim.token })
    const [space] = await setup.listSpaces()
    const { schemas } = (await (await fetch(`${sim.url}/__simulator/state`)).json()) as {
      schemas: { key: string; id: string }[]
    }
    const { atmWorkflowExecutionId: id } = await setup.scheduleExecution({
      spaceId: space!.spaceId,
      atmWorkflowSchemaId: schemas.find((s) => s.key === 'story')!.id,
      atmWorkflowSchemaRevisionNumber: 1
    })
    if (!id) throw new Error('the simulator did not return the execution id')
    await new Promise((r) => setTimeout(r, 3000)) // let it run to the end: a full, stable body
    await setup.close()

    const path = `/api/v3/oneprovider/automation/execution/workflows/${id}`
    const rows: string[][] = []
    for (const concurrency of [1, 8]) {
      const pool = new Pool(sim.url, { connections: 6, keepAliveTimeout: 30_000 })
      const client = new OneproviderClient({ url: sim.url, token: sim.token, connections: 6 })
      const bare = async () => {
        const res = await pool.request({
          method: 'GET',
          path,
          headers: { 'x-auth-token': sim.token }
        })
        return res.body.json()
      }
      const typed = () => client.getExecution(id)
      await measure(WARMUP, concurrency, bare)
      await measure(WARMUP, concurrency, typed)
      const bareRuns: number[] = []
      const typedRuns: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        bareRuns.push(await measure(REQUESTS, concurrency, bare))
        typedRuns.push(await measure(REQUESTS, concurrency, typed))
      }
      const b = median(bareRuns)
      const t = median(typedRuns)
      rows.push([
        String(concurrency),
        b.toFixed(0),
        t.toFixed(0),
        (t / b).toFixed(2),
        `${((1 / t - 1 / b) * 1e6).toFixed(0)} µs`
      ])
      await pool.close()
      await client.close()
    }

    const header = [
      'in flight',
      'bare undici req/s',
      'client req/s',
      'client / bare',
      'overhead per call'
    ]
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
    const tableText = [
      line(header),
      `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
      ...rows.map(line)
    ].join('\n')
    const report = [
      '# Client overhead: `getExecution` vs a bare undici request',
      '',
      `Endpoint: \`GET ${path.replace(id, '{wid}')}\` on the simulator (child process, conformance scenario,`,
      'a finished three-lane execution with an automatic retry). Bare: undici `Pool.request` + `body.json()`.',
      'Client: `OneproviderClient.getExecution` (same pool settings) with schema validation and error mapping.',
      `${REQUESTS} requests per round after ${WARMUP} warm-up requests; median of ${ROUNDS} rounds.`,
      `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
      '',
      tableText,
      ''
    ].join('\n')
    console.log(tableText)
    const out = join(ROOT, 'bench/results')
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'client.md'), report)
    console.log(`\nwritten to bench/results/client.md`)
  } finally {
    sim.child.kill()
  }
}

void main()
