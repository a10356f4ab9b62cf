// Keeps V8's young generation from growing while a snapshot loads. Everything a load builds
// survives (the whole audit log), and V8 grows the young generation by the volume that survives
// its collections: a load of 100,000 entries grows it from 2 to its 32 MiB maximum, more memory
// than the loaded snapshot itself, held by the process from then on. With growth held, the
// entries go to the old generation after a collection or two at the same CPU cost (figures in
// bench/results/snapshots.md). The setting is process-wide: it is held while any load runs and
// given back to V8's default (2) when the last one ends.
import { setFlagsFromString } from 'node:v8'

const HOLD = '--semi-space-growth-factor=1'
const RELEASE = '--semi-space-growth-factor=2'

export class YoungGenerationHold {
  private holders = 0

  constructor(private readonly setFlags: (flags: string) => void = setFlagsFromString) {}

  /** Whether a load holds it now. */
  get held(): boolean {
    return this.holders > 0
  }

  /** Runs `work` with the young generation held at its size; overlapping runs share the hold. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    if (this.holders++ === 0) this.setFlags(HOLD)
    try {
      return await work()
    } finally {
      if (--this.holders === 0) this.setFlags(RELEASE)
    }
  }
}

export const youngGeneration = new YoungGenerationHold()
