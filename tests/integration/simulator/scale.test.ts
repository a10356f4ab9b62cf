// The generated scale scenario: its counts over HTTP (every page of every list), ongoing
// executions whose lane runs keep starting and stopping, the count options of the simulator's
// command line, and the harness serving the app with a chosen world as its demo provider.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { ExecutionDetails } from '../../../src/shared/execution'
import { loadScenario } from '../../../src/simulator/scenarios'
import { P, SimDriver } from '../../helpers/simulator'

const OUT = join(__dirname, '../../../out/node')

interface Page {
  atmWorkflowExecutions: string[]
  nextPageToken: string | null
  isLast: boolean
}

/** Every id of a space's list in one phase, following the page tokens as a client does. */
async function listAll(
  get: (path: string) => Promise<Page>,
  spaceId: string,
  phase: string,
  limit = 1000
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = []
  let token: string | null = null
  let pages = 0
  for (;;) {
    const query = `phase=${phase}&limit=${limit}${token ? `&token=${token}` : ''}`
    const page = await get(`/spaces/${spaceId}/automation/execution/workflows?${query}`)
    pages += 1
    ids.push(...page.atmWorkflowExecutions)
    if (page.isLast) return { ids, pages }
    token = page.nextPageToken
  }
}

describe('the scale scenario (default counts)', () => {
  let sim: SimDriver
  const get = async (path: string) => {
    const r = await sim.op<Page>('GET', path)
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`)
    return r.body
  }

  beforeAll(async () => {
    sim = await SimDriver.start({ scenario: loadScenario('scale') })
  }, 120_000)
  afterAll(() => sim?.stop())

  it('has 10 spaces × 100 ongoing and 1,000 ended executions, and 10,000 ended in the first', async () => {
    expect(sim.state.spaces).toHaveLength(10)
    const seen = new Set<string>()
    for (const [i, space] of sim.state.spaces.entries()) {
      const ongoing = await listAll(get, space.id, 'ongoing')
      const ended = await listAll(get, space.id, 'ended')
      expect(ongoing.ids).toHaveLength(100)
      expect(ended.ids).toHaveLength(i === 0 ? 10_000 : 1000)
      if (i === 0) expect(ended.pages).toBe(11) // ten full pages, then the empty last one
      for (const phase of ['waiting', 'suspended'])
        expect((await listAll(get, space.id, phase)).ids).toEqual([])
      for (const id of [...ongoing.ids, ...ended.ids]) seen.add(id)
    }
    expect(seen.size).toBe(10 * 100 + 9 * 1000 + 10_000)
  })

  it('lists the first space’s ten thousand ended executions in pages of 100 too', async () => {
    const { ids, pages } = await listAll(get, sim.state.spaces[0]!.id, 'ended', 100)
    expect(ids).toHaveLength(10_000)
    expect(new Set(ids).size).toBe(10_000)
    expect(pages).toBe(101)
  })

  it('ends its history in every ended status, mostly finished', async () => {
    const { ids } = await listAll(get, sim.state.spaces[1]!.id, 'ended')
    const statuses = new Map<string, number>()
    for (const id of ids) {
      const status = (await sim.details(id)).status
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
    expect([...statuses.keys()].sort()).toEqual(['cancelled', 'crashed', 'failed', 'finished'])
    expect(statuses.get('finished')!).toBeGreaterThan(ids.length * 0.8)
  })

  it('keeps ongoing executions progressing: lane runs stop and the next ones start, none ends soon', async () => {
    const space = sim.state.spaces[2]!.id
    const { ids } = await listAll(get, space, 'ongoing')
    const before = new Map<string, ExecutionDetails>()
    for (const id of ids) before.set(id, await sim.details(id))
    await sim.advance(15 * 60_000)
    let lanesMovedOn = 0
    let runsStopped = 0
    for (const id of ids) {
      const [was, now] = [before.get(id)!, await sim.details(id)]
      expect(now.status).toBe('active')
      const finished = (d: ExecutionDetails) =>
        d.lanes.flatMap((l) => l.runs).filter((r) => r.status === 'finished').length
      runsStopped += finished(now) - finished(was)
      const current = (d: ExecutionDetails) =>
        d.lanes.findLastIndex((l) => l.runs.some((r) => r.runNumber !== null))
      if (current(now) > current(was)) lanesMovedOn += 1
    }
    // A lane run takes about twelve minutes: in a quarter of an hour nearly every one moved on.
    expect(runsStopped).toBeGreaterThanOrEqual(90)
    expect(lanesMovedOn).toBeGreaterThanOrEqual(90)
    expect((await listAll(get, space, 'ongoing')).ids).toHaveLength(100)
  })
})

describe('the scale scenario through the control API', () => {
  it('loads with the counts given, and refuses counts out of range', async () => {
    const sim = await SimDriver.start()
    try {
      const counts = { spaces: 2, ongoing: 1, ended: 2, bigEnded: 3 }
      await sim.control('POST', '/scenario', { name: 'scale', counts })
      await sim.control('POST', '/clock', { mode: 'virtual' })
      const state = await sim.refresh()
      expect(state.spaces.map((s) => s.name)).toEqual(['Imaging lab', 'Genomics'])
      const get = async (path: string) => (await sim.op<Page>('GET', path)).body
      expect((await listAll(get, sim.space('s1'), 'ended')).ids).toHaveLength(3)
      expect((await listAll(get, sim.space('s2'), 'ended')).ids).toHaveLength(2)
      expect((await listAll(get, sim.space('s2'), 'ongoing')).ids).toHaveLength(1)
      const refused = await sim.request('POST', '/__simulator/scenario', {
        body: { name: 'scale', counts: { spaces: 1000 } }
      })
      expect(refused.status).toBe(400)
      expect(refused.text).toContain('spaces')
    } finally {
      await sim.stop()
    }
  })
})

// ---- the command lines --------------------------------------------------------------------

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGTERM')
})

function firstLine(entry: string, args: string[]): Promise<string> {
  if (!existsSync(join(OUT, entry))) throw new Error(`out/node/${entry} is missing: npm run build`)
  const child = spawn(process.execPath, [join(OUT, entry), ...args], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  children.push(child)
  let stderr = ''
  child.stderr!.on('data', (c) => (stderr += c))
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}: ${stderr}`)))
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
}

function runToExit(entry: string, args: string[]): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [join(OUT, entry), ...args], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let err = ''
  child.stderr.on('data', (c) => (err += c))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, err })))
}

const SMALL = ['--scenario', 'scale', '--spaces', '3', '--ongoing', '4', '--ended', '5']

describe('npm run simulator -- --scenario scale with counts', () => {
  it('serves the counts it was given', async () => {
    const { url, tokens } = JSON.parse(
      await firstLine('simulator.js', [...SMALL, '--big-ended', '12'])
    ) as { url: string; tokens: Record<string, string> }
    expect(Object.keys(tokens)).toEqual(['admin', 'viewer'])
    const get = async (path: string) =>
      (await (
        await fetch(`${url}${P}${path}`, { headers: { 'x-auth-token': tokens.admin! } })
      ).json()) as Page
    const spaces = (await (
      await fetch(`${url}${P}/spaces`, { headers: { 'x-auth-token': tokens.admin! } })
    ).json()) as { spaceId: string; name: string }[]
    expect(spaces.map((s) => s.name)).toEqual(['Imaging lab', 'Genomics', 'Data ingest'])
    const counts = []
    for (const s of spaces)
      counts.push([
        (await listAll(get, s.spaceId, 'ongoing', 2)).ids.length,
        (await listAll(get, s.spaceId, 'ended', 2)).ids.length
      ])
    expect(counts).toEqual([
      [4, 12],
      [4, 5],
      [4, 5]
    ])
  })

  it('refuses counts out of range, and counts without the scale scenario, naming the option', async () => {
    const zero = await runToExit('simulator.js', ['--scenario', 'scale', '--spaces', '0'])
    expect(zero.code).toBe(2)
    expect(zero.err).toContain('--spaces must be a whole number from 1 to 100, got "0"')
    const huge = await runToExit('simulator.js', ['--scenario', 'scale', '--big-ended', '1e9'])
    expect(huge.err).toContain('--big-ended must be a whole number from 0 to 50000, got "1e9"')
    const other = await runToExit('simulator.js', ['--scenario', 'demo', '--ongoing', '5'])
    expect(other).toMatchObject({
      code: 2,
      err: expect.stringContaining('--ongoing applies to --scenario scale only')
    })
  })
})

describe('npm run harness -- --scenario', () => {
  /** Calls the contract over the harness's WebSocket as its page does. */
  async function contract(url: string) {
    const { origin, searchParams } = new URL(url)
    const ws = new WebSocket(
      `${origin.replace('http', 'ws')}/__harness/ws?secret=${searchParams.get('secret')}`,
      { origin }
    )
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    let id = 0
    const call = <T>(channel: string, request: unknown): Promise<T> =>
      new Promise((resolve, reject) => {
        const mine = ++id
        const onMessage = (data: WebSocket.RawData) => {
          const msg = JSON.parse(data.toString()) as {
            id: number
            result: { ok: boolean; value: T; error: unknown }
          }
          if (msg.id !== mine) return
          ws.off('message', onMessage)
          if (msg.result.ok) resolve(msg.result.value)
          else reject(new Error(JSON.stringify(msg.result.error)))
        }
        ws.on('message', onMessage)
        ws.send(JSON.stringify({ type: 'call', id: mine, channel, request }))
      })
    return { call, close: () => ws.close() }
  }

  it('serves the app with the scale world as its demo provider', async () => {
    const { url } = JSON.parse(await firstLine('harness.js', [...SMALL, '--big-ended', '7'])) as {
      url: string
    }
    const app = await contract(url)
    try {
      const spaces = await app.call<{ spaceId: string; name: string; watched: boolean }[]>(
        'spaces.list',
        { accountId: 'demo' }
      )
      expect(spaces.map((s) => [s.name, s.watched])).toEqual([
        ['Imaging lab', true],
        ['Genomics', true],
        ['Data ingest', true]
      ])
      const page = await app.call<Page>('executions.list', {
        accountId: 'demo',
        spaceId: spaces[0]!.spaceId,
        phase: 'ended'
      })
      expect(page.atmWorkflowExecutions).toHaveLength(7)
      const details = await app.call<ExecutionDetails>('executions.get', {
        accountId: 'demo',
        executionId: page.atmWorkflowExecutions[0]!
      })
      expect(details.spaceId).toBe(spaces[0]!.spaceId)
    } finally {
      app.close()
    }
  })

  it('serves a scenario file as the demo provider’s world', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lanewatch-world-')), 'world.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'tiny',
        users: [{ name: 'solo', spaces: { s: ['view'] } }],
        spaces: [{ key: 's', name: 'Solo space' }]
      })
    )
    const { url } = JSON.parse(await firstLine('harness.js', ['--scenario', file])) as {
      url: string
    }
    const app = await contract(url)
    try {
      const spaces = await app.call<{ name: string }[]>('spaces.list', { accountId: 'demo' })
      expect(spaces.map((s) => s.name)).toEqual(['Solo space'])
    } finally {
      app.close()
    }
  })

  it('refuses a bad count before it starts, naming the option', async () => {
    const bad = await runToExit('harness.js', ['--scenario', 'scale', '--ongoing', 'many'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--ongoing must be a whole number from 0 to 1000, got "many"')
  })
})
