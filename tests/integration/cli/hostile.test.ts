// The `lanewatch` command line against a hostile provider, in-process and as the built command:
// numbers out of range, a watch that must stop at once, answers too large or unreadable, cyclic
// page tokens, values nested 100,000 levels deep, and text full of control characters.
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/main'
import { makeCertificate } from '../../../src/simulator/tls'
import {
  cutShort,
  deepArray,
  deepObject,
  dribble,
  executionDetails,
  EXECUTION,
  HostileServer,
  hostileServerPerFile,
  LIST,
  SPACE,
  SPACES,
  WORKFLOWS,
  huge,
  json,
  listPages,
  PROVIDER,
  raw,
  sequence
} from '../../helpers/hostile'

const provider = hostileServerPerFile()
const dir = mkdtempSync(join(tmpdir(), 'lanewatch-hostile-cli-'))

const DETAILS = `${PROVIDER}/automation/execution/workflows/${EXECUTION}`
const DUMP = `${PROVIDER}/automation/execution/stores/auditstore/dump`

/** Newlines, a carriage return, a window-title sequence, a screen clear, C1 CSI, a bidi override. */
const HOSTILE = 'Lab\nlanewatch: fake line\r\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil'
const SHOWN = 'Lab\\nlanewatch: fake line\\r\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u202eevil'
// Any control character but the line feed between lines.
const RAW_CONTROL =
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

interface Run {
  code: number
  out: string
  err: string
  sleeps: number
}

async function cli(args: string[], opts: { url?: string } = {}): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  let sleeps = 0
  const code = await runCli(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { LANEWATCH_PROVIDER: opts.url ?? provider.server.url, LANEWATCH_TOKEN: 't' },
    sleep: async () => {
      if (++sleeps > 20) throw new Error('the watch did not stop')
    }
  })
  return { code, out: out.join('\n'), err: err.join('\n'), sleeps }
}

function built(args: string[]): Promise<Omit<Run, 'sleeps'>> {
  const child = spawn(process.execPath, [join(__dirname, '../../../bin/lanewatch.js'), ...args], {
    env: { ...process.env, LANEWATCH_PROVIDER: provider.server.url, LANEWATCH_TOKEN: 't' }
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (c) => (out += c))
  child.stderr.on('data', (c) => (err += c))
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }))
  )
}

describe('numbers from the user are range-checked before any request', () => {
  it.each([
    [
      ['watch', EXECUTION, '--interval', '99999999'],
      /--interval must be a number of seconds from 0\.05 to 86400, got "99999999"/
    ],
    [['watch', EXECUTION, '--interval', '0'], /--interval must be/],
    [['watch', EXECUTION, '--interval=-1'], /--interval must be/],
    [['watch', EXECUTION, '--interval', 'Infinity'], /--interval must be/],
    [['watch', EXECUTION, '--interval', '1e3'], /--interval must be/],
    [
      ['retry', EXECUTION, '--lane', '99999999999', '--run', '1'],
      /--lane must be a whole number from 1 to 10000/
    ],
    [
      ['rerun', EXECUTION, '--lane', '1', '--run', '0'],
      /--run must be a whole number from 1 to 2147483647/
    ],
    [['rerun', EXECUTION, '--lane', '1', '--run', '2147483648'], /--run must be/],
    [['schedule', '--space', SPACE, '--schema', 's', '--revision', '1.5'], /--revision must be/],
    [
      ['list', '--space', SPACE, '--limit', '1001'],
      /--limit must be a whole number from 1 to 1000/
    ],
    [['spaces', '--timeout', '0'], /--timeout must be a number of seconds from 1 to 3600/],
    [['spaces', '--timeout', '3601'], /--timeout must be/]
  ])('%j is a usage error', async (args, message) => {
    const r = await cli(args)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
    expect(provider.server.requests).toEqual([])
  })
})

describe('watch stops at once on what retrying cannot fix', () => {
  const caFile = (pem: string) => {
    const path = join(dir, `ca-${Math.random().toString(36).slice(2)}.pem`)
    writeFileSync(path, pem)
    return path
  }
  const watchOver = async (cert: ReturnType<typeof makeCertificate>, withCa: boolean) => {
    const tls = await HostileServer.start(cert)
    try {
      tls.on('GET', DETAILS, json(executionDetails()))
      const ca = withCa ? ['--ca', caFile(cert.caPem)] : []
      return await cli(['watch', EXECUTION, ...ca], { url: tls.url })
    } finally {
      await tls.stop()
    }
  }

  it('a certificate that is not trusted, for another host, or expired: exit 3, no retry', async () => {
    const untrusted = await watchOver(makeCertificate(), false)
    expect(untrusted).toMatchObject({ code: 3, sleeps: 0 })
    expect(untrusted.err).toMatch(/^lanewatch: The provider's certificate is not trusted/)
    const elsewhere = await watchOver(makeCertificate({ hosts: ['elsewhere.example'] }), true)
    expect(elsewhere).toMatchObject({ code: 3, sleeps: 0 })
    expect(elsewhere.err).toMatch(/certificate is for another host name/)
    const expired = await watchOver(makeCertificate({ validFromDays: -10, validToDays: -1 }), true)
    expect(expired).toMatchObject({ code: 3, sleeps: 0 })
    expect(expired.err).toMatch(/certificate has expired/)
  })

  it('a rejected token (401) or a refusal (403): exit 1, no retry', async () => {
    provider.server.on(
      'GET',
      DETAILS,
      json(
        {
          error: {
            id: 'unauthorized',
            description: 'You must authenticate yourself to perform this operation.',
            details: {
              authError: { id: 'tokenRevoked', description: 'Provided token has been revoked.' }
            }
          }
        },
        401
      )
    )
    const revoked = await cli(['watch', EXECUTION])
    expect(revoked).toMatchObject({ code: 1, sleeps: 0 })
    expect(revoked.err).toBe(
      'lanewatch: The provider rejected the token: Provided token has been revoked. (tokenRevoked)'
    )
    provider.server.on(
      'GET',
      DETAILS,
      json({ error: { id: 'forbidden', description: 'No.' } }, 403)
    )
    expect(await cli(['watch', EXECUTION])).toMatchObject({ code: 1, sleeps: 0 })
  })

  it('a server error that may pass is waited out, then the watch goes on', async () => {
    provider.server.on(
      'GET',
      DETAILS,
      sequence(
        json({ error: { id: 'internalServerError', description: 'Oops.' } }, 500),
        json(executionDetails({ status: 'finished' }))
      )
    )
    const r = await cli(['watch', EXECUTION])
    expect(r).toMatchObject({ code: 0, sleeps: 1 })
    expect(r.err).toBe(
      'lanewatch: Oops. (internalServerError) Still trying…\nlanewatch: back in contact with the provider.'
    )
  })
})

describe('answers too large or unreadable', () => {
  it('an answer over the size cap is exit 1 response.tooLarge, asked for once', async () => {
    provider.server.on('GET', SPACES, huge(64 * 1024 * 1024 + 1, { announce: true }).respond)
    const r = await cli(['spaces'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(
      /^lanewatch: List spaces \(GET \/spaces\) got an answer larger than 67108864 bytes/
    )
    expect(provider.server.count('GET', SPACES)).toBe(1)
  })

  it('a change answered 2xx with an unreadable body is done: exit 0, the note on stderr', async () => {
    provider.server.on('GET', DETAILS, json(executionDetails({ name: 'run', status: 'active' })))
    provider.server.on('POST', `${DETAILS}/pause`, cutShort('{"', 50))
    const paused = await cli(['pause', EXECUTION])
    expect(paused.code).toBe(0)
    expect(paused.out).toBe(`Pausing run (${EXECUTION}).`)
    expect(paused.err).toMatch(
      /^lanewatch: The server accepted it; its answer could not be read \(.*\)\.$/
    )

    provider.server.on('POST', WORKFLOWS, raw('Created!', 201))
    const args = ['schedule', '--space', SPACE, '--schema', 's', '--revision', '1']
    const scheduled = await cli(args)
    expect(scheduled).toMatchObject({ code: 0, out: '' })
    expect(scheduled.err).toMatch(
      /its answer could not be read .*; list the waiting executions to find it\.$/
    )
    const asJson = JSON.parse((await cli([...args, '--json'])).out)
    expect(asJson).toEqual({
      atmWorkflowExecutionId: null,
      notes: [expect.stringMatching(/accepted it/)]
    })
  })

  it('list --all with a cyclic page token is exit 1 with a clear error', async () => {
    provider.server.on(
      'GET',
      LIST,
      listPages({
        '': { ids: [EXECUTION], next: 'a' },
        a: { ids: [], next: 'b' },
        b: { ids: [], next: 'a' }
      })
    )
    const r = await cli(['list', '--space', SPACE, '--all'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/sent the page token "a" a second time, after 3 pages; stopped/)
  })
})

describe('values nested 100,000 levels deep', () => {
  it('spaces --json and audit-log print them, cut', async () => {
    provider.server.on(
      'GET',
      SPACES,
      raw(`[{"spaceId":"${SPACE}","name":"Lab","x":${deepObject(100_000)}}]`)
    )
    const spaces = await cli(['spaces', '--json'])
    expect(spaces.code).toBe(0)
    expect(JSON.stringify(JSON.parse(spaces.out))).toContain('[cut: nested deeper than 32 levels]')

    provider.server.on('GET', DETAILS, json(executionDetails()))
    const entry = `{"index":"1","timestamp":1000,"severity":"info","content":{"details":${deepArray(100_000)}}}`
    provider.server.on('GET', DUMP, raw(`[${entry}]`))
    const log = await cli(['audit-log', EXECUTION])
    expect(log.code).toBe(0)
    expect(log.out).toMatch(/info {6}\{"details":\[+"\[cut: nested deeper than 32 levels\]"\]+\}$/)
    expect((await cli(['audit-log', EXECUTION, '--json'])).code).toBe(0)
  })
})

describe('text from the server cannot fake a line or drive the terminal', () => {
  it('names in tables and JSON', async () => {
    provider.server.on(
      'GET',
      SPACES,
      json([
        { spaceId: SPACE, name: HOSTILE },
        { spaceId: 's2', name: 'ok' }
      ])
    )
    const r = await cli(['spaces'])
    expect(r.out.split('\n')).toHaveLength(3)
    expect(r.out).toContain(`${SPACE}  ${SHOWN}`)
    expect(r.out).not.toMatch(RAW_CONTROL)
    const j = await cli(['spaces', '--json'])
    expect(j.out).not.toMatch(RAW_CONTROL)
    expect(JSON.parse(j.out)[0].name).toBe(HOSTILE)
  })

  it('execution details, the audit log and watch', async () => {
    const lane = {
      schemaId: HOSTILE,
      runs: [
        {
          runNumber: 1,
          originRunNumber: null,
          runType: HOSTILE,
          status: HOSTILE,
          iteratedStoreId: null,
          exceptionStoreId: null,
          parallelBoxes: [{ schemaId: 'b', taskRegistry: { t: HOSTILE } }],
          isRetriable: false,
          isRerunable: false
        }
      ]
    }
    provider.server.on(
      'GET',
      DETAILS,
      json(executionDetails({ name: HOSTILE, status: HOSTILE, userId: HOSTILE, lanes: [lane] }))
    )
    const show = await cli(['show', EXECUTION])
    expect(show.code).toBe(0)
    expect(show.out).not.toMatch(RAW_CONTROL)
    expect(show.out.split('\n')[1]).toBe(`status     ${SHOWN} (status unknown to Lanewatch)`)
    expect(show.out.split('\n')).toHaveLength(8)

    provider.server.on(
      'GET',
      DUMP,
      json([
        { index: '1', timestamp: 1000, severity: HOSTILE, content: { description: HOSTILE } },
        { index: '2', timestamp: 2000, severity: 'info', content: { other: HOSTILE } }
      ])
    )
    const log = await cli(['audit-log', EXECUTION])
    expect(log.out.split('\n')).toHaveLength(2)
    expect(log.out).not.toMatch(RAW_CONTROL)

    provider.server.on(
      'GET',
      DETAILS,
      json(executionDetails({ name: HOSTILE, status: 'finished' }))
    )
    const watch = await cli(['watch', EXECUTION])
    expect(watch.out.split('\n')).toHaveLength(1)
    expect(watch.out).toMatch(
      new RegExp(`  ${SHOWN.replace(/[\\[\]]/g, '\\$&')}: execution is finished$`)
    )
  })

  it('error messages stay one line, and usage errors quote names cleaned', async () => {
    const description = 'Denied.\nlanewatch: all good\u001b]0;owned\u0007'
    provider.server.on('GET', DETAILS, json({ error: { id: 'forbidden', description } }, 403))
    const r = await cli(['show', EXECUTION])
    expect(r).toMatchObject({
      code: 1,
      err: 'lanewatch: Denied.\\nlanewatch: all good\\u001b]0;owned\\u0007 (forbidden)'
    })
    provider.server.on('GET', SPACES, json([{ spaceId: SPACE, name: HOSTILE }]))
    const usage = await cli(['list', '--space', 'Nowhere'])
    expect(usage.code).toBe(2)
    expect(usage.err.split('\n')).toHaveLength(2)
    expect(usage.err).toContain(`(your spaces: "${SHOWN}")`)
  })
})

describe('the built command against the hostile provider', () => {
  it('a body that never ends: --timeout ends it, exit 3', async () => {
    provider.server.on('GET', SPACES, dribble({ everyMs: 100 }).respond)
    const r = await built(['spaces', '--timeout', '1'])
    expect(r.code).toBe(3)
    expect(r.err).toMatch(
      /^lanewatch: 127\.0\.0\.1:\d+ did not answer List spaces \(GET \/spaces\) within 1 s\.\n$/
    )
  })

  it('too large, too deep, unreadable, hostile text and bad numbers', async () => {
    provider.server.on('GET', SPACES, huge(64 * 1024 * 1024 + 1, { announce: true }).respond)
    expect((await built(['spaces'])).code).toBe(1)
    provider.server.on('GET', SPACES, raw(`[{"spaceId":"s","name":"n","x":${deepArray(100_000)}}]`))
    const deep = await built(['spaces', '--json'])
    expect(deep.code).toBe(0)
    expect(deep.out).toContain('[cut: nested deeper than 32 levels]')
    provider.server.on('POST', WORKFLOWS, raw('garbage', 201))
    const scheduled = await built([
      'schedule',
      '--space',
      SPACE,
      '--schema',
      's',
      '--revision',
      '1'
    ])
    expect(scheduled).toMatchObject({ code: 0, out: '' })
    expect(scheduled.err).toMatch(/accepted it; its answer could not be read/)
    provider.server.on('GET', DETAILS, json({ error: { id: 'x', description: HOSTILE } }, 400))
    const hostile = await built(['show', EXECUTION])
    expect(hostile.code).toBe(1)
    expect(hostile.err).toBe(`lanewatch: ${SHOWN} (x)\n`)
    expect((await built(['watch', EXECUTION, '--interval', '99999999'])).code).toBe(2)
  })
})
