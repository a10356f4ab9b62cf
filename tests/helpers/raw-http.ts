// Requests written byte for byte onto a socket, so no HTTP client normalises what is sent.
import { createConnection } from 'node:net'
import type { ErrorBody } from './simulator'

export interface RawAnswer {
  status: number
  body: string
  /** The connection ended with a reset instead of a close. */
  reset: boolean
}

/** Sends bytes exactly as given to the server at `url` and reads until it closes. */
export function raw(url: string, request: string, opts: { keepOpen?: boolean } = {}) {
  return new Promise<RawAnswer>((resolve) => {
    const socket = createConnection(Number(new URL(url).port), '127.0.0.1')
    const chunks: Buffer[] = []
    let reset = false
    const done = () => {
      const text = Buffer.concat(chunks).toString('latin1')
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1])
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4), reset })
    }
    socket.on('data', (c) => {
      chunks.push(c)
      // With the connection kept open (a body still owed), the answer alone is what counts.
      if (opts.keepOpen && Buffer.concat(chunks).includes('\r\n\r\n')) {
        socket.destroy()
        done()
      }
    })
    socket.on('error', (err: NodeJS.ErrnoException) => (reset = err.code === 'ECONNRESET'))
    socket.on('close', () => opts.keepOpen || done())
    socket.write(request, 'latin1')
  })
}

/** The error envelope of a raw answer's JSON body. */
export const errorOf = (text: string) => (JSON.parse(text) as ErrorBody).error
