// `lanewatch monitor --json` as its own process, killed with SIGKILL in the middle of writing the
// line of its store that carries an event: the next run announces that event once, and nothing
// else twice. The simulator's clock moves in steps from here while the child reads in real time
// (the app's cadences from preferences.json, made fast for the test).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as wait } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MonitorEvent } from '../../../src/shared/monitor'
import { CLI } from '../../helpers/cli-process'
import { monitorScenario } from '../../helpers/monitor-scenario'
import { SimDriver } from '../../helpers/simulator'

const KILL = join(__dirname, '../../fixtures/kill-in-journal.mjs')

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start({ scenario: monitorScenario() })
})
afterAll(async () => sim.stop())

interface Run {
  child: ChildProcess
  events: MonitorEvent[]
  err: string[]
  /** Once the process ended and everything it printed was read. */
  closed: boolean
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function monitorProcess(dataDir: string, killIn?: string): Run {
  const child = spawn(
    process.execPath,
    [...(killIn ? ['--import', KILL] : []), CLI, 'monitor', '--json'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dataDir,
        LANEWATCH_PROVIDER: sim.sim.url,
        LANEWATCH_TOKEN: sim.token('admin'),
        LANEWATCH_DATA_DIR: dataDir,
        ...(killIn ? { LANEWATCH_KILL_IN_JOURNAL: killIn } : {})
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  const run: Run = {
    child,
    events: [],
    err: [],
    closed: false,
    // 'close', not 'exit': only then has every line it printed been read here.
    exited: new Promise((resolve) =>
      child.once('close', (code, signal) => {
        run.closed = true
        resolve({ code, signal })
      })
    )
  }
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    const lines = out.split('\n')
    out = lines.pop()!
    for (const l of lines) if (l) run.events.push(JSON.parse(l) as MonitorEvent)
  })
  child.stderr!.on('data', (chunk: Buffer) => run.err.push(chunk.toString()))
  return run
}

/** Moves the simulator's clock 500 ms per 50 ms of real time until `done` holds. */
async function until(run: Run, done: () => boolean, what: string): Promise<void> {
  for (let i = 0; !done(); i++) {
    if (i > 3000) throw new Error(`${what} did not happen; stderr: ${run.err.join('')}`)
    await sim.advance(500)
    await wait(50)
  }
}

const gone = (run: Run) => () => run.closed

/** Whether the first look at both spaces is on disk: what is scheduled after it is news. */
const looked = (dataDir: string) => () => {
  const dir = join(dataDir, 'monitor')
  const [store] = existsSync(dir) ? readdirSync(dir) : []
  const journal = store ? join(dir, store, 'journal.jsonl') : ''
  return journal !== '' && existsSync(journal)
    ? (readFileSync(journal, 'utf8').match(/"k":"s"/g) ?? []).length >= 2
    : false
}

describe('lanewatch monitor killed while writing its store', () => {
  it('announces the event it was writing once after a restart, and nothing twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-cli-kill-'))
    const cadence = { listMs: 1000, slowListMs: 5000, activeMinMs: 1000, activeMaxMs: 2000 }
    writeFileSync(join(dataDir, 'preferences.json'), JSON.stringify({ version: 1, cadence }))

    const first = monitorProcess(dataDir, '"type":"laneRunStopped"')
    await until(first, looked(dataDir), 'the first look')
    const id = await sim.schedule('flaky')
    await until(first, gone(first), 'the kill')
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' })
    // The line was cut short on disk, and the event in it was never printed.
    const [store] = readdirSync(join(dataDir, 'monitor'))
    const journal = readFileSync(join(dataDir, 'monitor', store!, 'journal.jsonl'), 'utf8')
    expect(journal.endsWith('\n')).toBe(false)
    expect(first.events.map((e) => e.type)).not.toContain('laneRunStopped')

    const second = monitorProcess(dataDir)
    await until(
      second,
      () => second.events.some((e) => e.type === 'executionEnded' && e.executionId === id),
      'the end'
    )
    second.child.kill('SIGINT')
    expect(await second.exited).toEqual({ code: 0, signal: null })

    const all = [...first.events, ...second.events]
    // Numbered without a gap or a repeat: the torn line never counted.
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1))
    const key = (e: MonitorEvent) =>
      `${e.type} ${'laneIndex' in e ? `${e.laneIndex}/${e.runNumber}` : '-'} ${'status' in e ? e.status : ''}`
    const keys = all.filter((e) => e.executionId === id).map(key)
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([])
    const once = (type: string, run: string) =>
      all.filter((e) => e.executionId === id && key(e).startsWith(`${type} ${run} `))
    expect(once('laneRunStopped', '1/1').map(key)).toEqual(['laneRunStopped 1/1 failed'])
    expect(once('runAdded', '1/2')).toHaveLength(1)
    expect(once('laneRunStopped', '1/2').map(key)).toEqual(['laneRunStopped 1/2 finished'])
    expect(once('executionEnded', '-').map(key)).toEqual(['executionEnded - finished'])
    // The failure it was writing when killed comes once, from the second run.
    expect(
      second.events.filter((e) => e.type === 'laneRunStopped' && e.status === 'failed')
    ).toHaveLength(1)
  }, 240_000)
})
