// Every `lanewatch` subcommand against the simulator, in-process; `watch` runs on the
// simulator's virtual clock (each of its sleeps advances simulated time). Plus the built binary.
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/main'
import { SimDriver } from '../../helpers/simulator'

let sim: SimDriver
let tlsSim: SimDriver
const dir = mkdtempSync(join(tmpdir(), 'lanewatch-cli-'))

beforeAll(async () => {
  sim = await SimDriver.start()
  tlsSim = await SimDriver.start({ tls: true })
})
afterAll(async () => {
  await sim.stop()
  await tlsSim.stop()
})

interface Run {
  code: number
  out: string
  err: string
}

async function cli(
  args: string[],
  opts: {
    user?: string
    on?: SimDriver
    env?: Record<string, string | undefined>
    onSleep?: (n: number) => Promise<void>
  } = {}
): Promise<Run> {
  const on = opts.on ?? sim
  const out: string[] = []
  const err: string[] = []
  let sleeps = 0
  const code = await runCli(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: {
      LANEWATCH_PROVIDER: on.sim.url,
      LANEWATCH_TOKEN: on.token(opts.user ?? 'admin'),
      ...opts.env
    },
    sleep: async (ms) => {
      sleeps += 1
      if (sleeps > 5000) throw new Error('watch did not end')
      await opts.onSleep?.(sleeps)
      await on.advance(ms)
    }
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

/** `lanewatch schedule` of revision 1 of the "single" schema in space Lab, with more arguments. */
const scheduleSingle = (...more: string[]) => [
  'schedule',
  '--space',
  'Lab',
  '--schema',
  sim.schema('single'),
  '--revision',
  '1',
  ...more
]

/** The id and name of the one store of a conformance schema's revision 1, as its Onezone has it. */
async function onlyStore(key: string): Promise<{ id: string; name: string }> {
  const r = await sim.request<{
    revisionRegistry: Record<string, { stores: { id: string; name: string }[] }>
  }>('GET', `/api/v3/onezone/atm_workflow_schemas/${sim.schema(key)}`, {
    token: sim.token('admin')
  })
  return r.body.revisionRegistry['1']!.stores[0]!
}

const armed = async () =>
  ((await sim.request('GET', '/__simulator/faults')).body as { faults: { remaining: number }[] })
    .faults

describe('reading', () => {
  it('spaces: an aligned table, or JSON', async () => {
    const r = await cli(['spaces'])
    expect(r.code).toBe(0)
    expect(r.out.split('\n')[0]).toMatch(/^SPACE ID {2,}NAME$/)
    expect(r.out).toContain(`${sim.space('lab')}  Lab`)
    const j = await cli(['spaces', '--json'])
    expect(
      JSON.parse(j.out)
        .map((s: { name: string }) => s.name)
        .sort()
    ).toEqual(['Lab', 'Remote'])
  })

  it('list: ids of one page; --all follows pages and shows names and statuses', async () => {
    const ids = [
      await sim.schedule('single'),
      await sim.schedule('single'),
      await sim.schedule('story')
    ]
    const page = await cli(['list', '--space', 'Lab', '--phase', 'waiting', '--limit', '2'])
    expect(page.code).toBe(0)
    expect(
      page.out
        .split('\n')
        .slice(0, 2)
        .every((l) => ids.includes(l))
    ).toBe(true)
    expect(page.out).toContain('add --all')
    const all = await cli([
      'list',
      '--space',
      sim.space('lab'),
      '--phase',
      'waiting',
      '--limit',
      '2',
      '--all'
    ])
    expect(all.code).toBe(0)
    const lines = all.out.split('\n')
    expect(lines[0]).toMatch(/^EXECUTION ID\s+NAME\s+STATUS\s+SCHEDULED\s+STARTED\s+FINISHED$/)
    expect(lines).toHaveLength(4)
    expect(all.out).toContain('checksum-and-publish')
    const json = JSON.parse(
      (await cli(['list', '--space', 'lab', '--phase', 'waiting', '--all', '--json'])).out
    )
    expect(json.map((x: { id: string }) => x.id).sort()).toEqual([...ids].sort())
    expect(json[0]).toMatchObject({ status: 'scheduled', name: expect.any(String) })
  })

  it('list --all marks executions the user may list but not read', async () => {
    const r = await cli(['list', '--space', 'Lab', '--phase', 'waiting', '--all'], {
      user: 'outsider'
    })
    expect(r.code).toBe(0)
    expect(r.out).toContain('(unavailable: forbidden)')
  })

  it('list refuses bad arguments with usage errors', async () => {
    expect((await cli(['list', '--space', 'Lab', '--phase', 'done'])).err).toMatch(
      /--phase must be one of waiting, ongoing, suspended, ended/
    )
    expect((await cli(['list', '--space', 'Lab', '--limit', '0'])).code).toBe(2)
    expect((await cli(['list'])).err).toMatch(/--space is required/)
    const unknown = await cli(['list', '--space', 'Nowhere'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('no space named "Nowhere" (your spaces: "Lab", "Remote")')
    expect((await cli(['list', '--space', 'Lab', '--bogus'])).code).toBe(2)
  })

  it('show: lanes with runs, types, origins, flags, boxes and task ids; --json the validated object', async () => {
    const id = await sim.schedule('story')
    await sim.untilStatus(id, 'finished')
    const r = await cli(['show', id])
    expect(r.code).toBe(0)
    expect(r.out).toContain('status     finished (ended)')
    expect(r.out).toMatch(
      /Lane 2 .*\n\s+RUN\s+TYPE\s+ORIGIN\s+STATUS\s+RETRIABLE\s+RERUNABLE\s+TASKS\n\s+2\s+retry\s+1\s+finished\s+no\s+yes\s+box 1: [0-9a-f]{32}ch/
    )
    expect(r.out).toMatch(/\n\s+1\s+regular\s+-\s+failed\s+yes\s+yes/)
    const json = JSON.parse((await cli(['show', id, '--json'])).out)
    expect(json).toEqual(await sim.details(id))
  })

  it('show: an unknown execution is exit 1 with the server’s error', async () => {
    const r = await cli(['show', '00000000000000000000000000000000ch0000'])
    expect(r.code).toBe(1)
    expect(r.err).toBe('lanewatch: The resource could not be found. (notFound)')
  })

  it('show: odd values from a server are shown as sent', async () => {
    const { readFileSync } = await import('node:fs')
    const body = readFileSync(
      join(__dirname, '../../fixtures/reference/execution-details.json'),
      'utf8'
    )
    await sim.request('POST', '/__simulator/faults', {
      body: {
        kind: 'respond',
        respond: { status: 200, body },
        match: { path: '/automation/execution/workflows/' }
      }
    })
    const r = await cli(['show', '11a53ed06d175c89bc3ed5be61f8217cch1890'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('status     enqueued (status unknown to Lanewatch)')
    expect(r.out).toMatch(
      /\n\s+1\s+regular\s+-\s+pending\s+no\s+no\s+box 1: 1697f7c1f46e0e22bb426bead5a3cb47chda3d/
    )
  })

  it('audit-log: one line per entry, oldest first; --json the entries', async () => {
    const id = await sim.schedule('single')
    await sim.untilStatus(id, 'finished')
    const r = await cli(['audit-log', id])
    const lines = r.out.split('\n')
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} {2}notice {4}Scheduled execution\.$/
    )
    expect(lines.at(-1)).toMatch(/notice {4}Stopped execution\.$/)
    const json = JSON.parse((await cli(['audit-log', id, '--json'])).out)
    expect(json.at(-1).content).toEqual({
      description: 'Stopped execution.',
      details: { status: 'finished' }
    })
  })
})

describe('changing executions', () => {
  it('pause, resume, cancel and delete with a confirmation line', async () => {
    const id = await sim.schedule('single')
    await sim.untilStatus(id, 'active')
    expect(await cli(['pause', id])).toMatchObject({ code: 0, out: `Pausing single-lane (${id}).` })
    await sim.untilStatus(id, 'paused')
    expect((await cli(['resume', id])).code).toBe(0)
    expect((await cli(['cancel', id])).code).toBe(0)
    await sim.untilStatus(id, 'cancelled')
    expect(await cli(['delete', id, '--json'])).toMatchObject({ code: 0 })
    expect((await cli(['show', id])).code).toBe(1)
  })

  it('says why before calling the server when the rules already know', async () => {
    const id = await sim.schedule('single')
    await sim.untilStatus(id, 'finished')
    await sim.request('POST', '/__simulator/faults', {
      body: { kind: 'drop', count: 1, match: { method: 'POST' } }
    })
    const r = await cli(['pause', id])
    expect(r).toMatchObject({ code: 1, err: 'lanewatch: cannot pause: the execution has ended' })
    expect((await cli(['force-continue', id])).err).toBe(
      'lanewatch: cannot force-continue: only failed executions can be continued'
    )
    expect((await cli(['retry', id, '--lane', '1', '--run', '1'])).err).toBe(
      'lanewatch: cannot retry: only failed runs can be retried (this one is finished)'
    )
    expect((await cli(['rerun', id, '--lane', '3', '--run', '1'])).err).toBe(
      'lanewatch: cannot rerun: the execution has 1 lanes, not 3'
    )
    expect((await cli(['rerun', id, '--lane', '1', '--run', '5'])).err).toBe(
      'lanewatch: cannot rerun: lane 1 has no run 5'
    )
    // No POST was sent: the armed fault is still waiting.
    expect((await armed()).map((f) => f.remaining)).toEqual([1])
    await sim.request('DELETE', '/__simulator/faults')
  })

  it('shows the server’s error id and description otherwise', async () => {
    const id = await sim.schedule('single')
    const r = await cli(['cancel', id], { user: 'viewer' })
    expect(r).toMatchObject({
      code: 1,
      err: 'lanewatch: You are not authorized to perform this operation. (forbidden)'
    })
  })

  it('force-continue, retry and rerun', async () => {
    const id = await sim.schedule('failing')
    await sim.untilStatus(id, 'failed')
    const retry = await cli(['retry', id, '--lane', '1', '--run', '1'])
    expect(retry).toMatchObject({ code: 0, out: 'Retrying the failed items of lane 1, run 1.' })
    await sim.untilStatus(id, 'failed')
    expect((await cli(['rerun', id, '--lane', '1', '--run', '2'])).out).toBe(
      'Rerunning all items of lane 1, run 2.'
    )
    await sim.untilStatus(id, 'failed')
    expect((await cli(['force-continue', id])).code).toBe(0)
    expect((await sim.untilStatus(id, 'finished')).status).toBe('finished')
    expect((await cli(['retry', id, '--lane', '1'])).code).toBe(2)
  })

  it('schedule prints the new id; takes an overlay file, a log level and a callback', async () => {
    const overlay = join(dir, 'overlay.json')
    const storeId = sim.state.schemas.find((s) => s.key === 'single')!.stores['1']![0]!
    // The store holds whole numbers (its Onezone says so), so the overlay gives numbers.
    writeFileSync(overlay, JSON.stringify({ [storeId]: [4, 5] }))
    const r = await cli(
      scheduleSingle(
        '--overlay',
        overlay,
        '--log-level',
        'debug',
        '--callback',
        'http://127.0.0.1:9/hook'
      )
    )
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^[0-9a-f]{32}ch[0-9a-f]{4}$/)
    const d = await sim.untilStatus(r.out, 'finished')
    const log = (await cli(['audit-log', d.atmWorkflowExecutionId])).out
    expect(log).toContain('[Lane: 1, Run: 1] Prepared.')
    expect(log).toMatch(/debug/)
    expect(r.err).toBe(
      [
        'lanewatch: note: --callback: the provider calls this URL, so a loopback address means its own machine'
      ].join('\n')
    )
  })

  it('schedule sends the log level info unless told otherwise', async () => {
    const r = await cli(scheduleSingle())
    expect(r).toMatchObject({ code: 0, err: '' })
    await sim.untilStatus(r.out, 'finished')
    const levels = JSON.parse((await cli(['audit-log', r.out, '--json'])).out).map(
      (e: { severity: string }) => e.severity
    )
    expect(levels).toContain('info')
    expect(levels).not.toContain('debug')
  })

  it('schedule refuses a bad overlay before sending, naming the store and the item', async () => {
    const { id: storeId, name } = await onlyStore('single')
    const overlay = join(dir, 'wrong.json')
    writeFileSync(overlay, JSON.stringify({ [storeId]: [4, { fileId: 'f1' }], typo: [] }))
    const waiting = async () =>
      (
        (
          await sim.op(
            'GET',
            `/spaces/${sim.space('lab')}/automation/execution/workflows?phase=waiting`
          )
        ).body as { atmWorkflowExecutions: string[] }
      ).atmWorkflowExecutions.length
    const before = await waiting()
    const args = scheduleSingle()
    const r = await cli([...args, '--overlay', overlay])
    expect(r.code).toBe(1)
    expect(r.err).toBe(
      `lanewatch: The overlay was not sent: There is no store "typo" in this revision (its stores: "${name}" (${storeId})). ` +
        `Store "${name}" (${storeId}): $[1] should be a whole number, got {"fileId":"f1"}.`
    )
    expect(await waiting()).toBe(before)
  })

  it('schedule: a malformed overlay file and a bad callback are usage errors, with where and why', async () => {
    const args = scheduleSingle()
    const broken = join(dir, 'broken.json')
    writeFileSync(broken, '{\n  "a": [1,\n}')
    const r = await cli([...args, '--overlay', broken])
    expect(r.code).toBe(2)
    expect(r.err.split('\n')[0]).toBe(
      `lanewatch schedule: the overlay file ${broken} is not valid JSON: Unexpected '}': expected a value (an object, array, string, number, true, false or null) (line 3, column 1)`
    )
    const cb = await cli([...args, '--callback', 'hooks.example.org'])
    expect(cb.code).toBe(2)
    expect(cb.err).toMatch(/^lanewatch schedule: --callback is not a URL/)
  })

  it('schedule: an overlay too deep or too large to send is a usage error; nothing is sent', async () => {
    const args = scheduleSingle()
    const offline = ['--onezone', 'http://127.0.0.1:9']
    const before = (await cli(['list', '--space', 'Lab', '--phase', 'waiting', '--json'])).out
    const deep = join(dir, 'deep.json')
    writeFileSync(deep, `{"s":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)
    const many = join(dir, 'many.json')
    writeFileSync(many, JSON.stringify({ s: Array.from({ length: 100_001 }, (_, i) => i) }))
    for (const file of [deep, many]) {
      const r = await cli([...args, ...offline, '--overlay', file])
      expect(r.code).toBe(2)
      expect(r.err.split('\n')[0]).toBe(
        `lanewatch schedule: the overlay file ${file} is too large: the overlay is nested deeper than 32 levels, holds more than 100000 values or a text longer than 65536 characters`
      )
    }
    expect((await cli(['list', '--space', 'Lab', '--phase', 'waiting', '--json'])).out).toBe(before)
  })

  it('schedule: when Onezone cannot be reached, says the overlay was not checked and sends it', async () => {
    const r = await cli(scheduleSingle('--onezone', 'http://127.0.0.1:9'))
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/^lanewatch: note: the overlay was not checked before sending \(.+\)$/)
  })

  it('schedule: usage errors and server refusals', async () => {
    const base = ['schedule', '--space', 'Lab', '--schema', sim.schema('single')]
    expect((await cli(base)).err).toMatch(/--revision is required/)
    expect((await cli([...base, '--revision', '1', '--log-level', 'loud'])).code).toBe(2)
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '[1]')
    expect((await cli([...base, '--revision', '1', '--overlay', bad])).err).toMatch(
      /must hold a JSON object/
    )
    const unknown = await cli([...base.slice(0, 3), '--schema', 'nope', '--revision', '1'])
    expect(unknown).toMatchObject({
      code: 1,
      err: 'lanewatch: The resource could not be found. (notFound)'
    })
    const broken = await cli([
      ...base.slice(0, 3),
      '--schema',
      sim.schema('broken'),
      '--revision',
      '1'
    ])
    expect(broken.err).toMatch(/\(atmWorkflowEmpty\)$/)
  })
})

describe('watch', () => {
  it('prints each change and exits 0 when the execution finishes', async () => {
    const id = await sim.schedule('story')
    const r = await cli(['watch', id, '--interval', '0.05'])
    expect(r.code).toBe(0)
    const lines = r.out.split('\n')
    expect(lines[0]).toMatch(/checksum-and-publish: execution is scheduled$/)
    expect(r.out).toMatch(/lane 2, run 1 active → failed/)
    expect(r.out).toMatch(/lane 2, run 2 \(retry of run 1\) appeared/)
    expect(lines.at(-1)).toMatch(/(execution stopping → finished|lane 3, run 2 .*finished)$/)
  })

  it('a pause does not end the watch; it goes on until the end', async () => {
    const id = await sim.schedule('single')
    let paused = false
    const r = await cli(['watch', id, '--interval', '0.05', '--json'], {
      onSleep: async () => {
        const d = await sim.details(id)
        if (!paused && d.status === 'active') {
          await sim.action(id, 'pause')
          paused = true
        } else if (d.status === 'paused') await sim.action(id, 'resume')
      }
    })
    expect(r.code).toBe(0)
    const statuses = r.out
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((c) => c.kind === 'execution-status')
      .map((c) => c.to)
    expect(statuses).toEqual(expect.arrayContaining(['stopping', 'paused', 'resuming', 'finished']))
    expect(statuses.indexOf('paused')).toBeLessThan(statuses.indexOf('finished'))
  })

  it('exits 4 when the execution ends other than finished', async () => {
    const id = await sim.schedule('failing')
    const r = await cli(['watch', id, '--interval', '0.1'])
    expect(r.code).toBe(4)
    expect(r.out).toMatch(/execution stopping → failed/)
  })
})

describe('provider, token, CA and exit codes', () => {
  it('needs a provider and a token', async () => {
    expect((await cli(['spaces'], { env: { LANEWATCH_PROVIDER: undefined } })).err).toMatch(
      /no provider: pass --account LABEL, or --provider URL/
    )
    const noToken = await cli(['spaces'], { env: { LANEWATCH_TOKEN: undefined } })
    expect(noToken).toMatchObject({ code: 2 })
    expect(noToken.err).toMatch(/set LANEWATCH_TOKEN/)
    expect(
      (
        await cli(['spaces', '--provider', sim.sim.url], {
          env: { LANEWATCH_PROVIDER: 'http://ignored.invalid' }
        })
      ).code
    ).toBe(0)
  })

  it('a rejected token is exit 1 with the authError', async () => {
    const r = await cli(['spaces'], { env: { LANEWATCH_TOKEN: 'wrong-token' } })
    expect(r).toMatchObject({
      code: 1,
      err: 'lanewatch: The provider rejected the token: Provided token is not valid. (tokenInvalid)'
    })
  })

  it('TLS: exit 3 without the CA, works with --ca FILE, usage error for an unreadable one', async () => {
    const refused = await cli(['spaces'], { on: tlsSim })
    expect(refused.code).toBe(3)
    expect(refused.err).toMatch(
      /^lanewatch: The provider's certificate is not trusted\. Add its CA file to the account\./
    )
    expect((await cli(['spaces', '--ca', tlsSim.sim.caPath!], { on: tlsSim })).code).toBe(0)
    expect(
      (await cli(['spaces'], { on: tlsSim, env: { LANEWATCH_CA: tlsSim.sim.caPath } })).code
    ).toBe(0)
    const missing = await cli(['spaces', '--ca', join(dir, 'nope.pem')], { on: tlsSim })
    expect(missing).toMatchObject({ code: 2 })
    expect(missing.err).toMatch(/The CA file .*nope\.pem cannot be read \(ENOENT\)/)
    const notPem = join(dir, 'not.pem')
    writeFileSync(notPem, 'hello')
    expect((await cli(['spaces', '--ca', notPem], { on: tlsSim })).err).toMatch(
      /does not hold a PEM certificate/
    )
  })

  it('an unreachable provider is exit 3; no stack trace unless --debug', async () => {
    const env = { LANEWATCH_PROVIDER: 'http://127.0.0.1:1' }
    const r = await cli(['spaces'], { env })
    expect(r.code).toBe(3)
    expect(r.err.split('\n')).toHaveLength(1)
    expect(r.err).toMatch(/Cannot reach the provider at 127\.0\.0\.1:1/)
    const debug = await cli(['spaces', '--debug'], { env })
    expect(debug.err).toMatch(/\n\s+at /)
  }, 20_000)

  it('help and unknown commands', async () => {
    const help = await cli(['--help'])
    expect(help).toMatchObject({ code: 0 })
    expect(help.out).toMatch(/^usage: lanewatch COMMAND/)
    expect((await cli([])).code).toBe(2)
    expect((await cli(['frobnicate'])).err).toMatch(/unknown command "frobnicate"/)
    expect((await cli(['show', '--help'])).out).toBe(
      'usage: lanewatch show WID\nan execution with its lanes, runs, parallel boxes and tasks'
    )
    expect((await cli(['show'])).err).toMatch(/missing execution id/)
  })
})

describe('every subcommand over TLS with --ca', () => {
  it('reads, schedules, controls, repeats, watches and deletes', async () => {
    const ca = ['--ca', tlsSim.sim.caPath!]
    const t = (args: string[]) => cli([...args, ...ca], { on: tlsSim })
    const ok = async (args: string[]) => {
      const r = await t(args)
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0)
      return r.out
    }
    await ok(['spaces'])
    const sched = ['schedule', '--space', 'Lab', '--revision', '1', '--schema']
    const id = await ok([...sched, tlsSim.schema('failing')])
    await ok(['list', '--space', 'Lab', '--phase', 'waiting'])
    await ok(['list', '--space', 'Lab', '--phase', 'waiting', '--all'])
    await ok(['show', id])
    await tlsSim.untilStatus(id, 'active')
    await ok(['pause', id])
    await tlsSim.untilStatus(id, 'paused')
    await ok(['resume', id])
    expect((await t(['watch', id, '--interval', '0.1'])).code).toBe(4)
    await ok(['retry', id, '--lane', '1', '--run', '1'])
    await tlsSim.untilStatus(id, 'failed')
    await ok(['rerun', id, '--lane', '1', '--run', '1'])
    await tlsSim.untilStatus(id, 'failed')
    await ok(['force-continue', id])
    await tlsSim.untilStatus(id, 'active')
    await ok(['cancel', id])
    await tlsSim.untilStatus(id, 'cancelled')
    expect(await ok(['audit-log', id])).toContain('Stopped execution.')
    await ok(['delete', id])
  })
})

describe('the built command', () => {
  it('bin/lanewatch.js runs the built CLI with the environment’s provider and token', async () => {
    const child = spawn(
      process.execPath,
      [join(__dirname, '../../../bin/lanewatch.js'), 'spaces', '--json'],
      {
        env: {
          ...process.env,
          LANEWATCH_PROVIDER: sim.sim.url,
          LANEWATCH_TOKEN: sim.token('admin')
        }
      }
    )
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    const code = await new Promise((resolve) => child.on('exit', resolve))
    expect(code).toBe(0)
    expect(JSON.parse(out).length).toBe(2)
  })
})
