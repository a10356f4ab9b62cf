// The simulator as a process (`npm run simulator`), over TLS, with scenario files; the Onezone
// subset; and the control API (clock, scenario, reset, faults).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../../src/simulator/server'
import { P, SimDriver, Z } from '../../helpers/simulator'

const BUILT = join(__dirname, '../../../out/node/simulator.js')

interface StartLine {
  url: string
  tokens: Record<string, string>
  caPath?: string
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGTERM')
})

/** Starts the built simulator and resolves with its first stdout line, parsed. */
function startProcess(
  args: string[]
): Promise<{ line: StartLine; child: ChildProcess; ms: number }> {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first`)
  const started = Date.now()
  const child = spawn(process.execPath, [BUILT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  return new Promise((resolve, reject) => {
    let stderr = ''
    child.stderr!.on('data', (c) => (stderr += c))
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}: ${stderr}`)))
    createInterface({ input: child.stdout! }).once('line', (text) => {
      resolve({ line: JSON.parse(text) as StartLine, child, ms: Date.now() - started })
    })
  })
}

function runToExit(
  args: string[]
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [BUILT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  let stdout = ''
  child.stderr.on('data', (c) => (stderr += c))
  child.stdout.on('data', (c) => (stdout += c))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, stdout })))
}

describe('npm run simulator', () => {
  it('prints one JSON line with the url and tokens, then answers a list request with a printed token', async () => {
    const { line, ms } = await startProcess(['--port', '0'])
    expect(Object.keys(line).sort()).toEqual(['tokens', 'url'])
    expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(Object.keys(line.tokens)).toEqual(['alice', 'bob'])
    expect(ms).toBeLessThan(10_000) // the 2 s start-up figure is measured by the benchmark, not here
    const token = line.tokens.alice!
    const spaces = (await (
      await fetch(`${line.url}${P}/spaces`, { headers: { 'x-auth-token': token } })
    ).json()) as {
      spaceId: string
    }[]
    const r = await fetch(
      `${line.url}${P}/spaces/${spaces[0]!.spaceId}/automation/execution/workflows?phase=ended`,
      {
        headers: { authorization: `Bearer ${token}` }
      }
    )
    expect(r.status).toBe(200)
    const page = (await r.json()) as { atmWorkflowExecutions: string[] }
    expect(page.atmWorkflowExecutions.length).toBeGreaterThan(0)
  })

  it('serves HTTPS with --tls: trusted with the printed CA, refused without it', async () => {
    const { line } = await startProcess(['--tls', '--scenario', 'conformance'])
    expect(line.url).toMatch(/^https:\/\//)
    expect(line.caPath && existsSync(line.caPath)).toBe(true)
    const { Agent, request } = await import('undici')
    const { readFileSync } = await import('node:fs')
    const trusted = new Agent({ connect: { ca: readFileSync(line.caPath!, 'utf8') } })
    const ok = await request(`${line.url}${P}/configuration`, { dispatcher: trusted })
    expect(ok.statusCode).toBe(200)
    await ok.body.dump()
    await expect(request(`${line.url}${P}/configuration`)).rejects.toThrow(/certificate/i)
    await trusted.close()
  })

  it('loads a scenario file and rejects a bad one with a message naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanewatch-scenario-'))
    const good = join(dir, 'good.json')
    writeFileSync(
      good,
      JSON.stringify({
        name: 'tiny',
        users: [{ name: 'solo', token: 'solo-token-123', spaces: { s: ['view'] } }],
        spaces: [{ key: 's', name: 'Solo space' }]
      })
    )
    const { line } = await startProcess(['--scenario', good])
    expect(line.tokens).toEqual({ solo: 'solo-token-123' })

    const bad = join(dir, 'bad.json')
    writeFileSync(
      bad,
      JSON.stringify({ name: 'bad', users: [{ name: 'x', spaces: { nowhere: ['view'] } }] })
    )
    const r = await runToExit(['--scenario', bad])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('users.0.spaces.nowhere: unknown space "nowhere"')

    const notJson = join(dir, 'broken.json')
    writeFileSync(notJson, '{ nope')
    expect((await runToExit(['--scenario', notJson])).stderr).toMatch(/not valid JSON/)
    expect((await runToExit(['--scenario', 'no-such-scenario'])).stderr).toMatch(
      /built-in name \(demo, demo-2, conformance, scale\)/
    )
    // A name Object.prototype holds is no built-in scenario either.
    expect((await runToExit(['--scenario', 'toString'])).stderr).toMatch(/no scenario "toString"/)
    expect((await runToExit(['--port', 'eighty'])).code).toBe(2)
  })

  it('refuses a --speed its clock cannot keep up with, naming the range', async () => {
    for (const speed of ['Infinity', '1e6', '1001', '0', '-1', 'fast']) {
      const r = await runToExit([`--speed=${speed}`])
      expect(r.code, speed).toBe(2)
      expect(r.stderr.split('\n')[0]).toBe(
        `simulator: --speed must be a number from 0.01 to 1000, got "${speed}"`
      )
    }
    const { line } = await startProcess(['--speed', '1000'])
    expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })
})

describe('the Onezone subset (spec §3)', () => {
  let sim: SimDriver
  beforeAll(async () => {
    sim = await SimDriver.start()
  })
  afterAll(() => sim.stop())
  const oz = <T>(path: string, user = 'admin') =>
    sim.request<T>('GET', `${Z}${path}`, { token: sim.token(user) })

  it('finds a space, its provider, the user privileges, inventories, schemas and revisions', async () => {
    const me = await oz<{ userId: string }>('/user')
    expect(me.body.userId).toBe(sim.userId('admin'))
    const spaces = await oz<{ spaces: string[] }>('/user/effective_spaces')
    expect(spaces.body.spaces.sort()).toEqual([sim.space('lab'), sim.space('remote')].sort())
    const lab = await oz<{ providers: Record<string, number> }>(`/user/spaces/${sim.space('lab')}`)
    const providerId = Object.keys(lab.body.providers)[0]!
    expect(providerId).toBe(sim.state.providerId)
    const provider = await oz<{ domain: string; online: boolean }>(
      `/user/effective_providers/${providerId}`
    )
    expect(`http://${provider.body.domain}`).toBe(sim.sim.url)
    expect(provider.body.online).toBe(true)
    const remote = await oz<{ providers: Record<string, number> }>(
      `/user/spaces/${sim.space('remote')}`
    )
    expect(Object.keys(remote.body.providers)[0]).not.toBe(sim.state.providerId)

    const privileges = await oz<{ privileges: string[] }>(
      `/spaces/${sim.space('lab')}/effective_users/${sim.userId('operator')}/privileges`,
      'operator'
    )
    expect(privileges.body.privileges).toContain('space_schedule_atm_workflow_executions')
    expect(privileges.body.privileges).not.toContain('space_manage_atm_workflow_executions')
    const others = await oz(
      `/spaces/${sim.space('lab')}/effective_users/${sim.userId('admin')}/privileges`,
      'operator'
    )
    expect(others.status).toBe(403)

    const inventories = await oz<{ atm_inventories: string[] }>('/user/effective_atm_inventories')
    const inventoryId = inventories.body.atm_inventories[0]!
    expect(
      (await oz<{ name: string }>(`/user/effective_atm_inventories/${inventoryId}`)).body.name
    ).toBe('Main inventory')
    const schemas = await oz<{ atm_workflow_schemas: string[] }>(
      `/atm_inventories/${inventoryId}/atm_workflow_schemas`
    )
    expect(schemas.body.atm_workflow_schemas).toContain(sim.schema('story'))
    const schema = await oz<{
      name: string
      revisionRegistry: Record<string, { lanes: { id: string; maxRetries: number }[] }>
    }>(`/atm_workflow_schemas/${sim.schema('story')}`)
    expect(schema.body.name).toBe('checksum-and-publish')
    expect(schema.body.revisionRegistry['1']!.lanes.map((l) => l.maxRetries)).toEqual([0, 1, 0])
    // Lane schema ids match the execution's lanes.
    const id = await sim.schedule('story')
    const d = await sim.details(id)
    expect(d.lanes.map((l) => l.schemaId)).toEqual(
      schema.body.revisionRegistry['1']!.lanes.map((l) => l.id)
    )

    expect((await oz('/atm_workflow_schemas/' + sim.schema('story'), 'outsider')).status).toBe(403)
    expect((await sim.request('GET', `${Z}/user`)).status).toBe(401)
  })

  it('infers a token’s scope: spaces and the providers that serve them', async () => {
    const r = await sim.request<{ dataAccessScope: { spaces: Record<string, { name: string }> } }>(
      'POST',
      `${Z}/tokens/infer_access_token_scope`,
      { body: { token: sim.token('operator') } }
    )
    expect(r.status).toBe(200)
    expect(Object.values(r.body.dataAccessScope.spaces).map((s) => s.name)).toEqual(['Lab'])
  })
})

describe('the control API', () => {
  it('switches the clock between real and virtual time and advances it', async () => {
    const sim = await SimDriver.start()
    try {
      const t0 = sim.state.now
      await sim.advance(5000)
      expect((await sim.refresh()).now).toBe(t0 + 5000)
      const r = await sim.request('POST', '/__simulator/clock', { body: { mode: 'real' } })
      expect(r.status).toBe(200)
      const refused = await sim.request('POST', '/__simulator/clock/advance', { body: { ms: 10 } })
      expect(refused.status).toBe(400)
      expect(
        (await sim.request('POST', '/__simulator/clock', { body: { mode: 'sideways' } })).status
      ).toBe(400)
    } finally {
      await sim.stop()
    }
  })

  it('loads a scenario at run time and resets to the initial state keeping tokens', async () => {
    const sim = await SimDriver.start()
    try {
      const id = await sim.schedule('single')
      const token = sim.token('admin')
      const reset = await sim.request<{ tokens: Record<string, string> }>(
        'POST',
        '/__simulator/reset'
      )
      expect(reset.body.tokens.admin).toBe(token)
      expect((await sim.op('GET', `/automation/execution/workflows/${id}`)).status).toBe(404)

      const loaded = await sim.request<{ tokens: Record<string, string> }>(
        'POST',
        '/__simulator/scenario',
        {
          body: { name: 'demo' }
        }
      )
      expect(Object.keys(loaded.body.tokens)).toEqual(['alice', 'bob'])
      const state = await sim.refresh()
      expect(state.spaces.map((s) => s.name)).toContain('Imaging lab')
      const bad = await sim.request('POST', '/__simulator/scenario', {
        body: { scenario: { name: 'x', users: [] } }
      })
      expect(bad.status).toBe(400)
      expect(bad.text).toContain('at least one user')
    } finally {
      await sim.stop()
    }
  })

  it('arms faults for the next matching requests only', async () => {
    const sim = await SimDriver.start()
    try {
      const path = `/spaces/${sim.space('lab')}/automation/execution/workflows`
      const arm = (fault: Record<string, unknown>) =>
        sim.request('POST', '/__simulator/faults', { body: fault })
      expect(
        (
          await arm({
            kind: 'status',
            status: 503,
            count: 2,
            match: { path: '/automation/execution/workflows' }
          })
        ).status
      ).toBe(200)
      expect((await sim.op('GET', path)).status).toBe(503)
      expect((await sim.op('GET', path)).status).toBe(503)
      expect((await sim.op('GET', path)).status).toBe(200)

      await arm({ kind: 'status', status: 502, body: 'html', retryAfter: 3 })
      const html = await sim.op('GET', path)
      expect(html.status).toBe(502)
      expect(html.headers.get('content-type')).toBe('text/html')
      expect(html.headers.get('retry-after')).toBe('3')

      await arm({ kind: 'malformed' })
      const malformed = await sim.op('GET', path)
      expect(malformed.status).toBe(200)
      expect(() => JSON.parse(malformed.text)).toThrow()

      await arm({ kind: 'respond', respond: { status: 200, body: '' } })
      expect((await sim.op('GET', path)).text).toBe('')

      await arm({ kind: 'drop', match: { method: 'POST' } })
      expect((await sim.op('GET', path)).status).toBe(200) // a GET does not match
      await expect(sim.action('00000000000000000000000000000000ch0000', 'pause')).rejects.toThrow()

      await arm({ kind: 'slow', delayMs: 300 })
      const t = Date.now()
      expect((await sim.op('GET', path)).status).toBe(200)
      expect(Date.now() - t).toBeGreaterThanOrEqual(250)

      expect((await arm({ kind: 'explode' })).status).toBe(400)
    } finally {
      await sim.stop()
    }
  })

  it('can be used in-process over TLS with its CA', async () => {
    const sim = await startSimulator({ scenario: 'conformance', tls: true })
    try {
      expect(sim.caPem).toContain('BEGIN CERTIFICATE')
      const driver = new SimDriver(sim, sim.caPem)
      const r = await driver.request('GET', `${P}/configuration`)
      expect(r.status).toBe(200)
    } finally {
      await sim.stop()
    }
  })
})
