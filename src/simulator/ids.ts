// Deterministic ids: the same scenario and seed give the same execution, store and task ids,
// so a restarted simulator shows the same executions.

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
    return SCRATCH.toString('latin1', 0, this.writeHex(length, 0))
  }
  /** An entity id as Onedata makes them: 32 hex, `ch`, 4 hex (38 characters). */
  entityId(): string {
    let at = this.writeHex(32, 0)
    at = SCRATCH.write('ch', at, 'latin1') + at
    return SCRATCH.toString('latin1', 0, this.writeHex(4, at))
  }
  /** A schema-internal id (lane, box, task, store schema): 38 hex characters. */
  schemaId(): string {
    return this.hex(38)
  }
  /** Writes `count` hex digits (eight per draw, the last draw's first ones) at `at`. */
  private writeHex(count: number, at: number): number {
    for (let left = count; left > 0; left -= 8)
      at = writeHex32(Math.floor(this.next() * 0x100000000), Math.min(8, left), at)
    return at
  }
}

// Ids are written into one buffer and read back as a flat string: hundreds of thousands of them
// in a large scenario, so no chain of concatenated pieces is kept alive per id.
const SCRATCH = Buffer.alloc(256)
const DIGITS = Buffer.from('0123456789abcdef', 'latin1')

/** Writes the first `digits` hex digits of an unsigned 32-bit number at `at`. */
function writeHex32(n: number, digits: number, at: number): number {
  for (let shift = 28; digits > 0; shift -= 4, digits--) SCRATCH[at++] = DIGITS[(n >>> shift) & 15]!
  return at
}

/** A stable number in [0, 1) for a key: used to decide simulated item failures. */
export function unitHash(key: string): number {
  return new Random(fnv1a(key)).next()
}

/** An entity id derived from another (e.g. a task's audit log from the task): no draw from the seed. */
export function derivedId(from: string, what: string): string {
  const key = `${from}:${what}`
  // Five differently seeded hashes: 144 bits, so ids of many thousands of tasks do not collide.
  let at = 0
  for (let basis = 1; basis <= 4; basis++) at = writeHex32(fnv1a(key, basis) >>> 0, 8, at)
  at += SCRATCH.write('ch', at, 'latin1')
  return SCRATCH.toString('latin1', 0, writeHex32(fnv1a(key, 5) >>> 0, 4, at))
}

function fnv1a(key: string, basis = 0): number {
  let h = 2166136261 ^ Math.imul(basis, 0x9e3779b1)
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 16777619)
  }
  return h
}
