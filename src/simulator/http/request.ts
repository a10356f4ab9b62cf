// Reading requests so that nothing a client sends can break the listener: the target is taken as
// sent (`//` or a stray `%` cannot make a URL parser throw), a body is read only where the route
// takes one and never past a limit, and whatever a client still sends after an early answer is
// read and dropped, up to a bound, so it gets that answer rather than a reset connection.
import type { IncomingMessage } from 'node:http'
import { type ApiError, errors } from '../errors'

/** The largest body read (a scenario sent to the control API is the biggest that makes sense). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024
/** After an early answer, this much more is read and dropped before the connection is closed. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024
const EMPTY = Buffer.alloc(0)

export interface Target {
  path: string
  query: URLSearchParams
}

/** The path and query of a request target; an error for one that is not an origin-form path or
 *  has a `%` that does not start an escape (the path's segments are decoded by the router). */
export function requestTarget(url: string | undefined): Target | ApiError {
  const raw = url ?? '/'
  if (!raw.startsWith('/'))
    return errors.badData('path', 'the request target must be a path starting with "/"')
  const cut = raw.indexOf('?')
  const path = cut < 0 ? raw : raw.slice(0, cut)
  try {
    decodeURIComponent(path)
  } catch {
    return errors.badData('path', 'a "%" must start an escape of two hex digits, such as %2F')
  }
  return { path, query: new URLSearchParams(cut < 0 ? '' : raw.slice(cut + 1)) }
}

/** Whether the client says a body follows (a declared empty one does not count). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length']
  return (
    (length !== undefined && Number(length) !== 0) || req.headers['transfer-encoding'] !== undefined
  )
}

/** The body when the route takes one, else nothing; an error for a body where none is taken or
 *  one over the limit (the caller answers, then `drain` drops the rest). */
export async function takeBody(
  req: IncomingMessage,
  takesBody: boolean,
  max = MAX_BODY_BYTES
): Promise<Buffer | ApiError> {
  if (!takesBody) return hasBody(req) ? errors.bodyNotTaken() : EMPTY
  if (Number(req.headers['content-length']) > max) return errors.bodyTooLarge(max)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= max) return void chunks.push(chunk)
      done()
      req.pause()
      resolve(errors.bodyTooLarge(max))
    }
    const onEnd = () => {
      done()
      resolve(Buffer.concat(chunks))
    }
    const onError = (err: Error) => {
      done()
      reject(err)
    }
    const done = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

/** Reads and drops what is left of a request after its answer; past the bound, closes it. */
export function drain(req: IncomingMessage): void {
  if (req.complete) return
  let dropped = 0
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length
    if (dropped > DRAIN_MAX_BYTES) req.socket.destroy()
  })
  req.on('error', () => {})
  req.resume()
}
