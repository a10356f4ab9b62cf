// Reading requests and writing replies for the simulator's listener, and the replies armed
// faults send instead of the real answer.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { errorBody, errors, type ServiceContext } from '../errors'
import type { SimulatorState } from '../state'
import type { Fault } from './faults'
import type { Reply } from './types'

const MAX_BODY = 16 * 1024 * 1024

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new Error('body too large'))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers }
  let payload: string | undefined
  if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json)
    headers['content-type'] ??= 'application/json'
  } else if (reply.raw !== undefined) {
    payload = reply.raw
  }
  res.writeHead(reply.status, headers)
  if (reply.afterSend) res.once('finish', reply.afterSend)
  res.end(payload)
}

export function faultReply(fault: Fault, state: SimulatorState): Reply {
  switch (fault.kind) {
    case 'malformed':
      return {
        status: 200,
        raw: '{"atmWorkflowExecutions": ["',
        headers: { 'content-type': 'application/json' }
      }
    case 'respond':
      return {
        status: fault.respond?.status ?? 200,
        raw: fault.respond?.body ?? '',
        headers: { 'content-type': fault.respond?.contentType ?? 'application/json' }
      }
    default: {
      const headers: Record<string, string> = {}
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter)
      if (fault.body === 'html') {
        headers['content-type'] = 'text/html'
        return {
          status: fault.status,
          headers,
          raw: `<html><head><title>${fault.status}</title></head><body><h1>${fault.status} Bad Gateway</h1><hr>nginx</body></html>`
        }
      }
      if (fault.body === 'empty') return { status: fault.status, headers }
      const err = fault.status === 503 ? errors.serviceUnavailable() : errors.internalServerError()
      const svc: ServiceContext = {
        service: 'opw',
        serviceId: state.world.provider.id,
        serviceDomain: 'simulator'
      }
      return { status: fault.status, headers, json: errorBody(err, svc, state.clock.now()) }
    }
  }
}
