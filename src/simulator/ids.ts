// Deterministic ids: the same scenario and seed give the same execution, store and task ids,
// so a restarted simulator shows the same executions.
import { createHash } from 'node:crypto'

/** A small seeded PRNG (mulberry32): enough for ids and simulated failures, not for secrets. */
export class Random {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  hex(length: number): string {
    let s = ''
    while (s.length < length)
      s += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0')
    return s.slice(0, length)
  }
  /** An entity id as Onedata makes them: 32 hex, `ch`, 4 hex (38 characters). */
  entityId(): string {
    return `${this.hex(32)}ch${this.hex(4)}`
  }
  /** A schema-internal id (lane, box, task, store schema): 38 hex characters. */
  schemaId(): string {
    return this.hex(38)
  }
}

/** A stable number in [0, 1) for a key: used to decide simulated item failures. */
export function unitHash(key: string): number {
  let h = 2166136261
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 16777619)
  }
  return new Random(h).next()
}

/** An entity id derived from another (e.g. a task's audit log from the task): no draw from the seed. */
export function derivedId(from: string, what: string): string {
  const hex = createHash('sha1').update(`${from}:${what}`).digest('hex')
  return `${hex.slice(0, 32)}ch${hex.slice(32, 36)}`
}
