// One measured snapshot operation in a fresh process, so its peak memory is its own:
//   write FILE ENTRIES [SEED]   generate a 50 × 20 execution with ENTRIES audit-log entries, save it
//   load FILE streaming|whole   load FILE with Lanewatch's loader, or read-all + gunzipSync + JSON.parse
//   load FILE free              Lanewatch's loader letting V8's young generation grow (as before)
//   load FILE worker            Lanewatch's loader in a worker thread with a 4 MiB young generation;
//                               the result reaches this thread once the worker has ended
// Prints one JSON line: {ms, cpuMs, entries, peakRssBytes, heapBeforeBytes, youngBeforeBytes,
// youngBytes}. cpuMs is the process's user + system CPU time, which other work on the machine
// inflates less than ms. The peak is the kernel's high-water mark of resident memory (VmHWM in
// /proc/self/status), reset just before the operation (`5` into /proc/self/clear_refs), minus
// resident memory at that moment. heapBeforeBytes is the V8 heap in use before the operation, for
// --max-old-space-size probing by the caller; youngBeforeBytes and youngBytes the size of V8's
// young generation (new space) before and after it.
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { getHeapSpaceStatistics } from 'node:v8'
import { readFileSync, writeFileSync } from 'node:fs'
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  isMainThread,
  workerData,
  type MessagePort
} from 'node:worker_threads'
import { gunzipSync } from 'node:zlib'
import { loadSnapshot, writeSnapshot } from '../src/core/snapshots'
import { snapshotHeaderSchema, snapshotSchema, type Snapshot } from '../src/shared/snapshot'
import { makeSnapshot } from './snapshot-fixture'

const LOADERS = ['streaming', 'free', 'worker', 'whole']

function residentKb(field: 'VmHWM' | 'VmRSS'): number {
  const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`))
  if (!m) throw new Error(`no ${field} in /proc/self/status`)
  return Number(m[1])
}

/** This thread's young generation (a worker's went with it). */
const youngSize = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size

function resetPeak(): number {
  writeFileSync('/proc/self/clear_refs', '5')
  return residentKb('VmRSS') * 1024
}

/** The obvious loader: the whole file, then the whole text, then one JSON.parse; same checks. */
function loadWhole(path: string): Snapshot {
  const bytes = readFileSync(path)
  const nl = bytes.indexOf(10)
  const header = snapshotHeaderSchema.parse(JSON.parse(bytes.toString('utf8', 0, nl)))
  const body = bytes.subarray(nl + 1)
  if (createHash('sha256').update(body).digest('hex') !== header.sha256)
    throw new Error('checksum mismatch')
  return snapshotSchema.parse(JSON.parse(gunzipSync(body).toString('utf8')))
}

/**
 * The loader in a worker whose young generation is capped, so its own work cannot grow one; the
 * result is posted back and taken only after the worker has ended and its heap is gone, so the
 * two copies are never alive together. What it costs: the worker's start (its own heap and
 * modules), the serialized message, and this thread building the objects again.
 */
async function loadInWorker(path: string): Promise<Snapshot> {
  const { port1, port2 } = new MessageChannel()
  const worker = new Worker(__filename, {
    workerData: { path, port: port2 },
    transferList: [port2],
    resourceLimits: { maxYoungGenerationSizeMb: 4 }
  })
  const [code] = (await once(worker, 'exit')) as [number]
  const message = receiveMessageOnPort(port1)
  port1.close()
  if (code !== 0 || !message) throw new Error(`the loading worker ended with ${code}`)
  return message.message as Snapshot
}

async function workerMain(): Promise<void> {
  const { path, port } = workerData as { path: string; port: MessagePort }
  const { snapshot } = await loadSnapshot(path)
  port.postMessage(snapshot)
  port.close()
}

async function main(): Promise<void> {
  const [command, path, arg, seed] = process.argv.slice(2)
  if (!path) throw new Error(`usage: write FILE ENTRIES [SEED] | load FILE ${LOADERS.join('|')}`)
  let run: () => Promise<Snapshot>
  if (command === 'write') {
    const snapshot = makeSnapshot(
      { lanes: 50, runsPerLane: 20, entries: Number(arg) },
      Number(seed ?? 1)
    )
    run = async () => (await writeSnapshot(path, snapshot), snapshot)
  } else if (command === 'load' && arg && LOADERS.includes(arg)) {
    run = async () =>
      arg === 'whole'
        ? loadWhole(path)
        : arg === 'worker'
          ? loadInWorker(path)
          : (await loadSnapshot(path, { youngGenerationFree: arg === 'free' })).snapshot
  } else throw new Error(`unknown command ${command} ${arg}`)
  const heapBeforeBytes = process.memoryUsage().heapUsed
  const youngBeforeBytes = youngSize()
  const base = resetPeak()
  const started = performance.now()
  const cpu = process.cpuUsage()
  const snapshot = await run()
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  const cpuMs = (used.user + used.system) / 1000
  const peakRssBytes = residentKb('VmHWM') * 1024 - base
  const entries = snapshot.auditLog.length
  const youngBytes = youngSize()
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs, entries, peakRssBytes, heapBeforeBytes, youngBeforeBytes, youngBytes })}\n`
  )
}

;(isMainThread ? main() : workerMain()).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
