// Benchmark: what bounding pass-through values as they are parsed costs, side by side with the
// schemas as they were before (the same shapes with `.loose()` and `z.unknown()`, unbounded), on
// answers of realistic size and on a hostile one nested 100,000 levels deep.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { auditLogDumpSchema } from '../src/shared/execution'
import { spaceListSchema } from '../src/shared/provider'

const ROOT = join(__dirname, '../..')
const ROUNDS = 15
const WARMUP = 3

// The alternative: the same schemas without bounds.
const unboundedAuditLog = z.array(
  z.object({
    index: z.string(),
    timestamp: z.number(),
    source: z.string().optional(),
    severity: z.string(),
    content: z
      .object({
        description: z.string().optional(),
        details: z.unknown().optional(),
        referencedElements: z.unknown().optional()
      })
      .loose()
  })
)
const unboundedSpaces = z.array(z.object({ spaceId: z.string().min(1), name: z.string() }).loose())

const auditLog = JSON.stringify(
  Array.from({ length: 10_000 }, (_, i) => ({
    index: String(i),
    timestamp: 1_700_000_000_000 + i,
    severity: 'info',
    content: {
      description: `[Lane: 1, Run: 1] Processed item ${i}.`,
      details: { item: { id: i, path: `/space/data/${i}.dat`, size: 1024 * i }, attempts: [1, 2] }
    }
  }))
)
const spaces = JSON.stringify(
  Array.from({ length: 1_000 }, (_, i) => ({
    spaceId: `space${i}`,
    name: `Space ${i}`,
    fileId: `file${i}`,
    providers: { p1: 1024, p2: 2048 },
    extra: { tags: ['a', 'b'], owner: { id: `u${i}` } }
  }))
)
const hostile = `[{"spaceId":"s","name":"n","x":${'{"x":'.repeat(100_000)}1${'}'.repeat(100_000)}}]`

function once(schema: z.ZodType, text: string): number {
  const started = process.hrtime.bigint()
  schema.parse(JSON.parse(text))
  return Number(process.hrtime.bigint() - started) / 1e6
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Median times of both, measured in alternation after a warm-up, so load affects both alike. */
function compare(bounded: z.ZodType, unbounded: z.ZodType, text: string): [number, number] {
  for (let i = 0; i < WARMUP; i++) {
    once(bounded, text)
    once(unbounded, text)
  }
  const b: number[] = []
  const u: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    b.push(once(bounded, text))
    u.push(once(unbounded, text))
  }
  return [median(b), median(u)]
}

function afterwards(schema: z.ZodType, text: string): string {
  try {
    JSON.stringify(schema.parse(JSON.parse(text)))
    return 'prints'
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`
  }
}

function main(): void {
  const cases: [string, string, z.ZodType, z.ZodType][] = [
    ['audit log, 10,000 entries', auditLog, auditLogDumpSchema, unboundedAuditLog],
    ['spaces, 1,000 with extra keys', spaces, spaceListSchema, unboundedSpaces],
    ['one space, extra key 100,000 deep', hostile, spaceListSchema, unboundedSpaces]
  ]
  const rows = cases.map(([name, text, bounded, unbounded]) => {
    const [b, u] = compare(bounded, unbounded, text)
    return [
      name,
      `${(text.length / 1024).toFixed(0)} KiB`,
      u.toFixed(1),
      b.toFixed(1),
      (b / u).toFixed(2),
      afterwards(unbounded, text),
      afterwards(bounded, text)
    ]
  })
  const header = [
    'answer',
    'size',
    'unbounded ms',
    'bounded ms',
    'bounded / unbounded',
    'JSON.stringify after unbounded',
    'after bounded'
  ]
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  const table = [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line)
  ].join('\n')
  const report = [
    '# Bounding pass-through values while parsing',
    '',
    'JSON.parse plus schema validation of an answer, with the shared schemas (pass-through values',
    'bounded to 32 levels, 10,000 values and 64 KiB strings) and with the same shapes unbounded, as',
    `before. Median of ${ROUNDS} alternating runs after ${WARMUP} warm-up runs, in one process.`,
    `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.`,
    '',
    table,
    ''
  ].join('\n')
  console.log(table)
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
  writeFileSync(join(ROOT, 'bench/results/pass-through.md'), report)
  console.log('\nwritten to bench/results/pass-through.md')
}

main()
