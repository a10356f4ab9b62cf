// Reads an answer's body up to a size cap: a declared length over the cap is refused before a
// byte is read, and a body that grows past it is cut off as soon as it does.
import type { Readable } from 'node:stream'

export class BodyTooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly declared?: number
  ) {
    super(`the answer is larger than ${limit} bytes`)
  }
}

export async function readBody(
  body: Readable,
  headers: Record<string, string | string[] | undefined>,
  limit: number
): Promise<string> {
  const declared = Number(headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy()
    throw new BodyTooLarge(limit, declared)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) {
      body.destroy()
      throw new BodyTooLarge(limit)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}
