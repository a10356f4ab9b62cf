// How `lanewatch` is invoked: provider, token and CA from arguments or the environment, TLS,
// exit codes and help; every subcommand over TLS; and the built command.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliTestbed } from '../../helpers/cli-testbed'

const bed = cliTestbed({ tls: true })
const { cli } = bed

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
        await cli(['spaces', '--provider', bed.sim.sim.url], {
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
    const refused = await cli(['spaces'], { on: bed.tlsSim })
    expect(refused.code).toBe(3)
    expect(refused.err).toMatch(
      /^lanewatch: The provider's certificate is not trusted\. Add its CA file to the account\./
    )
    expect((await cli(['spaces', '--ca', bed.tlsSim.sim.caPath!], { on: bed.tlsSim })).code).toBe(0)
    expect(
      (await cli(['spaces'], { on: bed.tlsSim, env: { LANEWATCH_CA: bed.tlsSim.sim.caPath } })).code
    ).toBe(0)
    const missing = await cli(['spaces', '--ca', join(bed.dir, 'nope.pem')], { on: bed.tlsSim })
    expect(missing).toMatchObject({ code: 2 })
    expect(missing.err).toMatch(/The CA file .*nope\.pem cannot be read \(ENOENT\)/)
    const notPem = join(bed.dir, 'not.pem')
    writeFileSync(notPem, 'hello')
    expect((await cli(['spaces', '--ca', notPem], { on: bed.tlsSim })).err).toMatch(
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
    const ca = ['--ca', bed.tlsSim.sim.caPath!]
    const t = (args: string[]) => cli([...args, ...ca], { on: bed.tlsSim })
    const ok = async (args: string[]) => {
      const r = await t(args)
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0)
      return r.out
    }
    await ok(['spaces'])
    const sched = ['schedule', '--space', 'Lab', '--revision', '1', '--schema']
    const id = await ok([...sched, bed.tlsSim.schema('failing')])
    await ok(['list', '--space', 'Lab', '--phase', 'waiting'])
    await ok(['list', '--space', 'Lab', '--phase', 'waiting', '--all'])
    await ok(['show', id])
    await bed.tlsSim.untilStatus(id, 'active')
    await ok(['pause', id])
    await bed.tlsSim.untilStatus(id, 'paused')
    await ok(['resume', id])
    expect((await t(['watch', id, '--interval', '0.1'])).code).toBe(4)
    await ok(['retry', id, '--lane', '1', '--run', '1'])
    await bed.tlsSim.untilStatus(id, 'failed')
    await ok(['rerun', id, '--lane', '1', '--run', '1'])
    await bed.tlsSim.untilStatus(id, 'failed')
    await ok(['force-continue', id])
    await bed.tlsSim.untilStatus(id, 'active')
    await ok(['cancel', id])
    await bed.tlsSim.untilStatus(id, 'cancelled')
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
          LANEWATCH_PROVIDER: bed.sim.sim.url,
          LANEWATCH_TOKEN: bed.sim.token('admin')
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
