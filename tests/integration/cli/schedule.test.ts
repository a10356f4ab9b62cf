// `lanewatch schedule` against the simulator, in-process: overlays checked against the schema's
// stores before sending, log levels, callbacks, and the refusals of the command and the server.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliTestbed } from '../../helpers/cli-testbed'

const bed = cliTestbed()
const { cli, scheduleSingle } = bed

/** The id and name of the one store of a conformance schema's revision 1, as its Onezone has it. */
async function onlyStore(key: string): Promise<{ id: string; name: string }> {
  const r = await bed.sim.request<{
    revisionRegistry: Record<string, { stores: { id: string; name: string }[] }>
  }>('GET', `/api/v3/onezone/atm_workflow_schemas/${bed.sim.schema(key)}`, {
    token: bed.sim.token('admin')
  })
  return r.body.revisionRegistry['1']!.stores[0]!
}

describe('changing executions', () => {
  it('schedule prints the new id; takes an overlay file, a log level and a callback', async () => {
    const overlay = join(bed.dir, 'overlay.json')
    const storeId = bed.sim.state.schemas.find((s) => s.key === 'single')!.stores['1']![0]!
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
    const d = await bed.sim.untilStatus(r.out, 'finished')
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
    await bed.sim.untilStatus(r.out, 'finished')
    const levels = JSON.parse((await cli(['audit-log', r.out, '--json'])).out).map(
      (e: { severity: string }) => e.severity
    )
    expect(levels).toContain('info')
    expect(levels).not.toContain('debug')
  })

  it('schedule refuses a bad overlay before sending, naming the store and the item', async () => {
    const { id: storeId, name } = await onlyStore('single')
    const overlay = join(bed.dir, 'wrong.json')
    writeFileSync(overlay, JSON.stringify({ [storeId]: [4, { fileId: 'f1' }], typo: [] }))
    const waiting = async () =>
      (
        (
          await bed.sim.op(
            'GET',
            `/spaces/${bed.sim.space('lab')}/automation/execution/workflows?phase=waiting`
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
    const broken = join(bed.dir, 'broken.json')
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
    const deep = join(bed.dir, 'deep.json')
    writeFileSync(deep, `{"s":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)
    const many = join(bed.dir, 'many.json')
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
    const base = ['schedule', '--space', 'Lab', '--schema', bed.sim.schema('single')]
    expect((await cli(base)).err).toMatch(/--revision is required/)
    expect((await cli([...base, '--revision', '1', '--log-level', 'loud'])).code).toBe(2)
    const bad = join(bed.dir, 'bad.json')
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
      bed.sim.schema('broken'),
      '--revision',
      '1'
    ])
    expect(broken.err).toMatch(/\(atmWorkflowEmpty\)$/)
  })
})
