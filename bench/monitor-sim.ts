// The simulator of the monitor benchmark (the scale scenario in a child process) and a client
// whose requests are counted, by kind, so the results can say where the requests go.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { OneproviderClient } from '../src/core/onedata'
import type { Call } from '../src/core/onedata/transport'

export interface Sim {
  child: ChildProcess
  url: string
  token: string
  post(path: string, body: unknown): Promise<unknown>
  state(): Promise<{ now: number; spaces: { id: string; name: string }[] }>
}

export async function startSimulator(file: string): Promise<Sim> {
  const child = spawn(process.execPath, [file, '--scenario', 'scale', '--control'], {
    stdio: ['ignore', 'pipe', 'ignore']
  })
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the simulator exited (${code}): is --scenario scale available?`))
    )
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  const { url, tokens } = JSON.parse(line) as { url: string; tokens: Record<string, string> }
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}/__simulator${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    })
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  const state = async () =>
    (await (await fetch(`${url}/__simulator/state`)).json()) as Awaited<ReturnType<Sim['state']>>
  return { child, url, token: Object.values(tokens)[0]!, post, state }
}

/** Requests sent, in all and by kind; details answers the same as the last one counted apart. */
export class RequestCounter {
  n = 0
  readonly byKind = new Map<string, number>()
  unchangedDetails = 0

  add(call: Call): void {
    this.n += 1
    const kind = kindOf(call)
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1)
  }

  /** What was counted since `before` (a `snapshot`), by kind. */
  since(before: CounterSnapshot): CounterSnapshot {
    const byKind: Record<string, number> = {}
    for (const [k, v] of this.byKind) {
      const d = v - (before.byKind[k] ?? 0)
      if (d) byKind[k] = d
    }
    return {
      n: this.n - before.n,
      byKind,
      unchangedDetails: this.unchangedDetails - before.unchangedDetails
    }
  }

  snapshot(): CounterSnapshot {
    return {
      n: this.n,
      byKind: Object.fromEntries(this.byKind),
      unchangedDetails: this.unchangedDetails
    }
  }
}

export interface CounterSnapshot {
  n: number
  byKind: Record<string, number>
  unchangedDetails: number
}

export const KINDS = [
  'list waiting',
  'list ongoing',
  'list suspended',
  'list ended',
  'details',
  'audit log',
  'other'
] as const

function kindOf(call: Call): (typeof KINDS)[number] {
  if (call.name === 'List executions') {
    const phase = call.query?.phase
    if (phase === 'waiting' || phase === 'ongoing' || phase === 'suspended' || phase === 'ended')
      return `list ${phase}`
  }
  if (call.name === 'Read execution details') return 'details'
  if (/audit/i.test(call.name)) return 'audit log'
  return 'other'
}

/** A client whose requests are counted (the monitor's own, or the naive poller's). */
export function countedClient(sim: Sim, counter: RequestCounter): OneproviderClient {
  const client = new OneproviderClient({
    url: sim.url,
    token: sim.token,
    retry: { retries: 0 },
    connections: 16
  })
  const t = client.transport
  const call = t.call.bind(t)
  const callUnlessSame = t.callUnlessSame.bind(t)
  t.call = ((c, schema, o) => {
    counter.add(c)
    return call(c, schema, o)
  }) as typeof t.call
  t.callUnlessSame = (async (c, schema, seen, o) => {
    counter.add(c)
    const r = await callUnlessSame(c, schema, seen, o)
    if (r.value === undefined) counter.unchangedDetails += 1
    return r
  }) as typeof t.callUnlessSame
  return client
}

/** A breakdown as a Markdown table: requests per minute of each kind. */
export function breakdownTable(s: CounterSnapshot, minutes: number): string {
  const perMin = (x: number) => (x / minutes).toFixed(1)
  const rows = KINDS.filter((k) => s.byKind[k]).map(
    (k) =>
      `| ${k} | ${perMin(s.byKind[k]!)} | ${((100 * s.byKind[k]!) / Math.max(1, s.n)).toFixed(0)} % |`
  )
  return [
    '| request | per minute | share |',
    '| --- | --- | --- |',
    ...rows,
    `| all | ${perMin(s.n)} | 100 % |`,
    '',
    `Details answers byte for byte the same as the last one (not decoded): ${perMin(s.unchangedDetails)} per minute.`
  ].join('\n')
}
