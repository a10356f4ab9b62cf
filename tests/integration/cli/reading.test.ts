// The reading subcommands (spaces, list, show, audit-log) against the simulator, in-process.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliTestbed } from '../../helpers/cli-testbed'

const bed = cliTestbed()
const { cli } = bed

describe('reading', () => {
  it('spaces: an aligned table, or JSON', async () => {
    const r = await cli(['spaces'])
    expect(r.code).toBe(0)
    expect(r.out.split('\n')[0]).toMatch(/^SPACE ID {2,}NAME$/)
    expect(r.out).toContain(`${bed.sim.space('lab')}  Lab`)
    const j = await cli(['spaces', '--json'])
    expect(
      JSON.parse(j.out)
        .map((s: { name: string }) => s.name)
        .sort()
    ).toEqual(['Lab', 'Remote'])
  })

  it('list: ids of one page; --all follows pages and shows names and statuses', async () => {
    const ids = [
      await bed.sim.schedule('single'),
      await bed.sim.schedule('single'),
      await bed.sim.schedule('story')
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
      bed.sim.space('lab'),
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
    const id = await bed.sim.schedule('story')
    await bed.sim.untilStatus(id, 'finished')
    const r = await cli(['show', id])
    expect(r.code).toBe(0)
    expect(r.out).toContain('status     finished (ended)')
    expect(r.out).toMatch(
      /Lane 2 .*\n\s+RUN\s+TYPE\s+ORIGIN\s+STATUS\s+RETRIABLE\s+RERUNABLE\s+TASKS\n\s+2\s+retry\s+1\s+finished\s+no\s+yes\s+box 1: [0-9a-f]{32}ch/
    )
    expect(r.out).toMatch(/\n\s+1\s+regular\s+-\s+failed\s+yes\s+yes/)
    const json = JSON.parse((await cli(['show', id, '--json'])).out)
    expect(json).toEqual(await bed.sim.details(id))
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
    await bed.sim.request('POST', '/__simulator/faults', {
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
    const id = await bed.sim.schedule('single')
    await bed.sim.untilStatus(id, 'finished')
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
