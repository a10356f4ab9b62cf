// One measured snapshot operation in a fresh process, so its peak memory is its own:
//   write FILE ENTRIES [SEED]   generate a 50 × 20 execution with ENTRIES audit-log entries, save it
//   load FILE streaming|whole   load FILE with Lanewatch's loader, or read-all + gunzipSync + JSON.parse
// Prints one JSON line: {ms, cpuMs, entries, peakRssBytes, heapBeforeBytes}; cpuMs is the
// process's user + system CPU time, which other work on the machine inflates less than ms. The peak is the kernel's
// high-water mark of resident memory (VmHWM in /proc/self/status), reset just before the operation
// (`5` into /proc/self/clear_refs), minus resident memory at that moment. heapBeforeBytes is the
// V8 heap in use before the operation, for --max-old-space-size probing by the caller.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { loadSnapshot, writeSnapshot } from '../src/core/snapshots'
import { snapshotHeaderSchema, snapshotSchema, type Snapshot } from '../src/shared/snapshot'
import { makeSnapshot } from './snapshot-fixture'

function residentKb(field: 'VmHWM' | 'VmRSS'): number {
  const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`))
  if (!m) throw new Error(`no ${field} in /proc/self/status`)
  return Number(m[1])
}

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

async function main(): Promise<void> {
  const [command, path, arg, seed] = process.argv.slice(2)
  if (!path) throw new Error('usage: write FILE ENTRIES [SEED] | load FILE streaming|whole')
  let run: () => Promise<Snapshot>
  if (command === 'write') {
    const snapshot = makeSnapshot(
      { lanes: 50, runsPerLane: 20, entries: Number(arg) },
      Number(seed ?? 1)
    )
    run = async () => (await writeSnapshot(path, snapshot), snapshot)
  } else if (command === 'load' && (arg === 'streaming' || arg === 'whole')) {
    run = async () => (arg === 'whole' ? loadWhole(path) : (await loadSnapshot(path)).snapshot)
  } else throw new Error(`unknown command ${command} ${arg}`)
  const heapBeforeBytes = process.memoryUsage().heapUsed
  const base = resetPeak()
  const started = performance.now()
  const cpu = process.cpuUsage()
  const snapshot = await run()
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  const cpuMs = (used.user + used.system) / 1000
  const peakRssBytes = residentKb('VmHWM') * 1024 - base
  const entries = snapshot.auditLog.length
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, entries, peakRssBytes, heapBeforeBytes })}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
