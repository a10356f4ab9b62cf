// The example JSON of the Onedata REST reference pages, served by the simulator as answers: the
// client parses it without a crash and keeps its odd values as sent.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { executionActions } from '../../../src/shared/actions'
import { workflowPhase } from '../../../src/shared/statuses'
import { caught, clientTestbed } from '../../helpers/client-testbed'

const { client, arm } = clientTestbed()
const fixture = (name: string) =>
  readFileSync(join(__dirname, '../../fixtures/reference', name), 'utf8')

describe('the reference pages’ example JSON', () => {
  it('parses without a crash and keeps its odd values as sent', async () => {
    for (const name of ['execution-details.json', 'execution-details-curl.json']) {
      const body = fixture(name)
      await arm({
        kind: 'respond',
        respond: { status: 200, body },
        match: { path: '/automation/execution/workflows/' }
      })
      const d = await client().getExecution('11a53ed06d175c89bc3ed5be61f8217cch1890')
      expect(d.status).toBe('enqueued') // not a workflow status; shown as sent
      expect(workflowPhase(d.status)).toBeUndefined()
      expect(d.lanes[0]!.runs[0]!.status).toBe('pending')
      expect(Array.isArray(d.lanes[0]!.runs[0]!.parallelBoxes)).toBe(true)
      expect(d.lanes[0]!.runs[0]!.parallelBoxes[0]!.schemaId).toBe(
        '0068146d662adc878f699bf82af08b9ddbd9ab'
      )
      expect(executionActions(d).pause).toEqual({
        allowed: false,
        reason: expect.stringContaining('"enqueued"')
      })
    }
  })

  it('reads the example error envelope', async () => {
    await arm({
      kind: 'respond',
      respond: { status: 404, body: fixture('error.json') },
      match: { path: '/automation/execution/workflows/' }
    })
    const e = await caught(client().getExecution('x'))
    expect(e).toMatchObject({
      id: 'example',
      description: 'This is an example error.',
      httpStatus: 404
    })
    expect(e.ctx).toMatchObject({ serviceReleaseVersion: '25.0', module: 'metadata_req', line: 45 })
  })
})
