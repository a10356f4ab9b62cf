import { describe, expect, it } from 'vitest'
import { parseScenario } from '../../src/simulator/scenario'
import { builtInScenario } from '../../src/simulator/scenarios'

type Generator = Record<string, unknown> & { workflows: Record<string, unknown>[] }

/** The demo with its generator changed: each mistake is reported with the field's path. */
function demoWith(change: (g: Generator, data: Record<string, unknown>) => void) {
  const data = builtInScenario('demo') as Record<string, unknown> & { generator: Generator }
  change(data.generator, data)
  return () => parseScenario(data, 'demo')
}

describe('the scenario’s generator', () => {
  it('is part of the demo and accepted', () => {
    const s = parseScenario(builtInScenario('demo'))
    expect(s.generator).toMatchObject({ user: 'alice', everySeconds: [60, 100] })
    expect(new Set(s.generator!.workflows.map((w) => w.space))).toEqual(
      new Set(['imaging', 'genomics', 'ingest'])
    )
  })

  it('names what it points at that does not exist or cannot be used', () => {
    expect(demoWith((g) => (g.user = 'nobody'))).toThrow(/generator\.user: unknown user "nobody"/)
    expect(demoWith((g) => (g.workflows[0]!.space = 'archive'))).toThrow(
      /generator\.workflows\.0\.space: space "archive" is not supported here/
    )
    expect(demoWith((g) => (g.user = 'bob'))).toThrow(
      /generator\.workflows\.0\.space: user "bob" may not schedule in space "imaging"/
    )
    expect(
      demoWith((_, data) => {
        const [alice] = data.users as { inventories: string[] }[]
        alice!.inventories = alice!.inventories.filter((i) => i !== 'ingest-pipelines')
      })
    ).toThrow(/generator\.workflows\.5\.schema: user "alice" is not in the inventory of "ingest"/)
    expect(demoWith((g) => (g.workflows[0]!.revision = 9))).toThrow(
      /generator\.workflows\.0\.schema: no schema "checksum" revision 9/
    )
    expect(demoWith((g) => (g.workflows[0]!.failTask = 'md5'))).toThrow(
      /generator\.workflows\.0\.failTask: the lane of "md5" has no automatic retries/
    )
    expect(demoWith((g) => (g.workflows[0]!.failTask = 'nope'))).toThrow(
      /generator\.workflows\.0\.failTask: no task "nope" in the revision/
    )
  })

  it('refuses a mix that cannot keep every phase populated', () => {
    expect(demoWith((g) => (g.mix = { queue: 1, pause: 1 }))).toThrow(
      /generator\.mix: needs a behaviour besides queue, pause and stall/
    )
    // 14 turns of up to 100 s: a 20-minute pause would leave the suspended phase empty.
    expect(demoWith((g) => (g.holdMinutes = { stall: 45, pause: 20, queue: 40 }))).toThrow(
      /generator\.holdMinutes\.pause: must be longer than a cycle \(14 turns, up to 23\.3 minutes\)/
    )
    expect(
      demoWith((g) => {
        g.mix = { retry: 1 }
        for (const w of g.workflows) delete w.failTask
      })
    ).toThrow(/generator\.workflows: retry and fail need a workflow with a failTask/)
  })

  it('bounds its timing', () => {
    expect(demoWith((g) => (g.everySeconds = [120, 60]))).toThrow(
      /generator\.everySeconds: the first number is the shortest interval/
    )
    expect(demoWith((g) => (g.everySeconds = [1, 2]))).toThrow(/generator\.everySeconds\.0/)
    expect(demoWith((g) => (g.from = -10 * 86_400))).toThrow(/generator\.from/)
  })
})
