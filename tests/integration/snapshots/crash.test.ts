// A writer killed in the middle of saving a large snapshot over an existing one (SIGKILL, in a
// child process running the built writer) leaves the existing file intact and loadable.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync, watch } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { makeSnapshot } from '../../../bench/snapshot-fixture'
import { loadSnapshot, writeSnapshot } from '../../../src/core/snapshots'
import { scratch } from '../../unit/snapshots-craft'

const WRITER = join(__dirname, '../../../out/node/bench-snapshot-child.js')
/** Kill once the unfinished file holds this much: well after the start, long before the end. */
const KILL_AT_BYTES = 256 * 1024

it('SIGKILL while writing a large snapshot over an existing one leaves the old file', async () => {
  expect(existsSync(WRITER), 'the built writer (run `npm run build`)').toBe(true)
  const dir = scratch()
  const file = join(dir, 'run.lanewatch')
  const old = makeSnapshot({ lanes: 3, runsPerLane: 2, entries: 50 }, 1)
  await writeSnapshot(file, old)

  // 200,000 entries: a few MiB of gzip, written over a second or more.
  const child = spawn(process.execPath, [WRITER, 'write', file, '200000', '2'], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d))
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal))
  )
  const killedAt = await new Promise<number>((resolve, reject) => {
    const watcher = watch(dir, () => {
      const temp = readdirSync(dir).find((n) => n.endsWith('.tmp'))
      const size = temp ? (statSync(join(dir, temp), { throwIfNoEntry: false })?.size ?? 0) : 0
      if (size < KILL_AT_BYTES) return
      watcher.close()
      child.kill('SIGKILL')
      resolve(size)
    })
    void exited.then(() => {
      watcher.close()
      reject(new Error(`the writer ended before it was killed: ${stderr}`))
    })
  })

  expect(await exited).toBe('SIGKILL')
  const temps = readdirSync(dir).filter((n) => n.endsWith('.tmp'))
  expect(temps, 'the unfinished write is a separate file').toHaveLength(1)
  expect(statSync(join(dir, temps[0]!)).size).toBeGreaterThanOrEqual(killedAt)
  expect(readdirSync(dir).sort()).toEqual([...temps, 'run.lanewatch'].sort())
  expect((await loadSnapshot(file)).snapshot).toEqual(old)
}, 60_000)
