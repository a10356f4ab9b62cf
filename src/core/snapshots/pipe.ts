// A stream pipeline ending in an async function. When that function throws, Node's pipeline may
// reject with an AbortError from tearing down the stages before it rather than with the
// function's own error; this keeps the function's error, so callers can say what went wrong.
import type { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'

export async function pipeInto(
  source: Readable,
  through: Transform,
  consume: (chunks: AsyncIterable<Buffer>) => Promise<void>
): Promise<void> {
  let failure: { error: unknown } | undefined
  try {
    await pipeline(source, through, async (chunks: AsyncIterable<Buffer>) => {
      try {
        await consume(chunks)
      } catch (error) {
        failure = { error }
        throw error
      }
    })
  } catch (err) {
    throw failure ? failure.error : err
  }
}
