// `lanewatch monitor` against the simulator, in-process on its virtual clock (each sleep of the
// command advances simulated time), and the built binary for the lock and Ctrl-C.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/main'
import type { MonitorEvent } from '../../../src/shared/monitor'
import { monitorTestbed } from '../../helpers/monitor'
import { monitorScenario } from '../../helpers/monitor-scenario'
import { SimDriver } from '../../helpers/simulator'

const bed = monitorTestbed()

/** Runs `lanewatch ARGS` for `forMs` of simulated time, then interrupts it as Ctrl-C would. */
async function monitorFor(
  args: string[],
  dataDir: string,
  forMs: number,
  whileRunning?: () => Promise<unknown>,
  /** Interrupts as soon as this holds for what was printed. */
  until?: (out: string[]) => boolean
) {
  const out: string[] = []
  const err: string[] = []
  let slept = 0
  const code = await runCli(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: {
      LANEWATCH_PROVIDER: bed.sim.sim.url,
      LANEWATCH_TOKEN: bed.sim.token('admin'),
      LANEWATCH_DATA_DIR: dataDir
    },
    sleep: async (ms) => {
      if (slept === 0 && whileRunning) await whileRunning()
      slept += ms
      bed.sim.sim.state.clock.advance(ms)
    },
    interrupted: () => slept >= forMs || until?.(out) === true
  })
  return { code, out, err }
}

describe('lanewatch monitor', () => {
  it('--json: one event per line with its ids, lane, run, status and origin; a restart neither repeats nor loses', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-cli-monitor-'))
    const first = await monitorFor(['monitor', '--json'], dataDir, 5000)
    expect(first.code).toBe(0)
    expect(first.err.join('\n')).toMatch(
      /^lanewatch: monitoring 127\.0\.0\.1:\d+ \(2 spaces\); Ctrl-C to stop\.$/
    )
    let id = ''
    // Interrupted right after the first lane run failed, well before the execution ends.
    const second = await monitorFor(
      ['monitor', '--json'],
      dataDir,
      60_000,
      async () => {
        id = await bed.sim.schedule('flaky')
      },
      (out) => out.some((l) => l.includes('"type":"laneRunStopped"'))
    )
    const events = second.out.map((l) => JSON.parse(l) as MonitorEvent)
    expect(events.length).toBeGreaterThanOrEqual(2)
    for (const e of events) {
      expect(Object.keys(e)).toEqual(
        expect.arrayContaining(['type', 'at', 'accountId', 'spaceId', 'executionId'])
      )
      if (e.type === 'laneRunStopped' || e.type === 'runAdded')
        expect(Object.keys(e)).toEqual(
          expect.arrayContaining(['laneIndex', 'runNumber', 'status', 'originRunNumber'])
        )
    }
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'laneRunStopped',
        executionId: id,
        spaceId: bed.sim.space('lab'),
        laneIndex: 1,
        runNumber: 1,
        status: 'failed',
        originRunNumber: null
      })
    )
    expect(events.some((e) => e.catchUp)).toBe(false)

    // Stopped for a while; the execution goes on and ends meanwhile.
    await bed.sim.advance(3 * 60_000)
    const third = await monitorFor(['monitor', '--json'], dataDir, 20_000)
    const later = third.out.map((l) => JSON.parse(l) as MonitorEvent)
    const key = (e: MonitorEvent) =>
      `${e.type} ${'laneIndex' in e ? `${e.laneIndex}/${e.runNumber}` : ''} ${'status' in e ? e.status : ''}`
    const all = [...events, ...later].map(key)
    expect(all.filter((k, i) => all.indexOf(k) !== i)).toEqual([])
    expect(later.every((e) => e.catchUp === true)).toBe(true)
    expect(later).toContainEqual(
      expect.objectContaining({ type: 'executionEnded', executionId: id, status: 'finished' })
    )
    expect(later.map((e) => e.seq)[0]).toBe(events.at(-1)!.seq + 1)
  })

  it('in words: one line per event, and what happened meanwhile summed up in one line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-cli-monitor-'))
    await monitorFor(['monitor', '--space', 'Lab'], dataDir, 5000)
    const live = await monitorFor(['monitor', '--space', 'Lab'], dataDir, 12_000, () =>
      bed.sim.schedule('broken')
    )
    expect(live.out.join('\n')).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} {2}Execution (scheduled|active): broken-import in Lab appeared, (scheduled|active)$/m
    )
    expect(live.err.join('\n')).toMatch(/monitoring 127\.0\.0\.1:\d+ \(1 space\)/)
    await bed.sim.advance(3 * 60_000)
    const after = await monitorFor(['monitor', '--space', 'Lab'], dataDir, 30_000)
    expect(after.out).toHaveLength(1)
    expect(after.out[0]).toMatch(
      / {2}While Lanewatch was not running: In Lab: 1 execution ended \(1 failed\), 1 lane run failed\.$/
    )
  })

  it('an unknown --space is a usage error', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-cli-monitor-'))
    const r = await monitorFor(['monitor', '--space', 'Nowhere'], dataDir, 1000)
    expect(r.code).toBe(2)
    expect(r.err.join('\n')).toMatch(/no single space "Nowhere"/)
  })

  it('the built binary holds the store: a second monitor says who has it; Ctrl-C stops it cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-cli-monitor-'))
    const env = {
      ...process.env,
      LANEWATCH_PROVIDER: bed.sim.sim.url,
      LANEWATCH_TOKEN: bed.sim.token('admin'),
      LANEWATCH_DATA_DIR: dataDir
    }
    const child = spawn(
      process.execPath,
      [join(__dirname, '../../../bin/lanewatch.js'), 'monitor'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    await new Promise<void>((resolve) =>
      createInterface({ input: child.stderr! }).once('line', () => resolve())
    )
    const second = await monitorFor(['monitor'], dataDir, 1000)
    expect(second.code).toBe(1)
    expect(second.err.join('\n')).toMatch(
      new RegExp(
        `^lanewatch: Another Lanewatch \\(process ${child.pid}\\) is monitoring the account "127\\.0\\.0\\.1:\\d+"; stop it first\\.$`
      )
    )
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    // Released: a monitor starts now.
    expect((await monitorFor(['monitor'], dataDir, 1000)).code).toBe(0)
  })
})

/** `lanewatch watch` with each sleep advancing simulated time; `onSleep` acts between reads. */
async function watchRun(
  args: string[],
  opts: { on?: SimDriver; onSleep?: (n: number) => Promise<void> } = {}
) {
  const on = opts.on ?? bed.sim
  const out: string[] = []
  const err: string[] = []
  let sleeps = 0
  const code = await runCli(['watch', ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { LANEWATCH_PROVIDER: on.sim.url, LANEWATCH_TOKEN: on.token('admin') },
    sleep: async (ms) => {
      sleeps += 1
      if (sleeps > 20_000) throw new Error('watch did not end')
      await opts.onSleep?.(sleeps)
      on.sim.state.clock.advance(ms)
    }
  })
  return { code, out, err }
}

describe('lanewatch watch, on the monitor', () => {
  it('waits out a busy provider, says so once, and says when it is back', async () => {
    const id = await bed.sim.schedule('steady')
    const r = await watchRun([id, '--interval', '0.5'], {
      onSleep: async (n) => {
        if (n === 5)
          await bed.sim.request('POST', '/__simulator/faults', {
            body: { kind: 'status', status: 503, count: 6 }
          })
      }
    })
    expect(r.code).toBe(0)
    expect(r.err).toEqual([
      expect.stringMatching(/^lanewatch: .*\(serviceUnavailable\) Still trying…$/),
      'lanewatch: back in contact with the provider.'
    ])
    expect(r.out.at(-1)).toMatch(/execution stopping → finished$/)
  })

  it('stops at once on what retrying cannot fix: a revoked token, a deleted execution', async () => {
    const id = await bed.sim.schedule('slow')
    const revoked = await watchRun([id, '--interval', '0.5'], {
      onSleep: async (n) => {
        if (n === 4) await bed.sim.inject({ type: 'revokeToken', user: 'admin' })
      }
    })
    expect(revoked.code).toBe(1)
    expect(revoked.err.join('\n')).toMatch(
      /^lanewatch: The provider rejected the token: .*\(tokenRevoked\)$/
    )
    await bed.sim.request('POST', '/__simulator/scenario', {
      body: { scenario: monitorScenario() }
    })
    await bed.sim.request('POST', '/__simulator/clock', { body: { mode: 'virtual' } })
    await bed.sim.refresh()

    // A paused execution may be deleted: the watch sees it gone and stops.
    const other = await bed.sim.schedule('slow')
    await bed.sim.untilStatus(other, 'active')
    await bed.sim.action(other, 'pause')
    await bed.sim.untilStatus(other, 'paused')
    const missing = await watchRun([other, '--interval', '0.5'], {
      onSleep: async (n) => {
        if (n === 2) await bed.sim.op('DELETE', `/automation/execution/workflows/${other}`)
      }
    })
    expect(missing.out.join('\n')).toMatch(/slow-archive: execution is paused/)
    expect(missing.code).toBe(1)
    expect(missing.err.join('\n')).toMatch(/^lanewatch: .*\(notFound\)$/)
  })

  it('an untrusted certificate ends the watch at once (exit 3)', async () => {
    const tlsSim = await SimDriver.start({ tls: true, scenario: monitorScenario() })
    try {
      const id = await tlsSim.schedule('steady')
      const r = await watchRun([id], { on: tlsSim })
      expect(r.code).toBe(3)
      expect(r.err).toEqual([
        expect.stringMatching(/^lanewatch: The provider's certificate is not trusted\./)
      ])
      expect(r.out).toEqual([])
    } finally {
      await tlsSim.stop()
    }
  })
})
