// Which failures a caller may wait out (network, a busy server) and which it must not (TLS,
// rejected token, refusal, wrong answers): the watch and later the monitor decide by this.
import { describe, expect, it } from 'vitest'
import { OnedataError, retryCanHelp } from '../../src/core/onedata/errors'
import { formatDuration } from '../../src/core/onedata/deadline'

const error = (id: string, kind: OnedataError['kind'], httpStatus?: number) =>
  new OnedataError({ id, kind, description: id, httpStatus })

describe('retryCanHelp', () => {
  it.each([
    error('tls.untrusted', 'tls'),
    error('tls.hostnameMismatch', 'tls'),
    error('tls.expired', 'tls'),
    error('tls.failed', 'tls'),
    error('unauthorized', 'server', 401),
    error('forbidden', 'server', 403),
    error('notFound', 'server', 404),
    error('response.invalid', 'response'),
    error('response.tooLarge', 'response'),
    error('response.pagingLoop', 'response'),
    error('request.aborted', 'aborted'),
    new Error('not from the client')
  ])('no for %s', (err) => expect(retryCanHelp(err)).toBe(false))

  it.each([
    error('network.timeout', 'network'),
    error('network.unreachable', 'network'),
    error('network.connectionLost', 'network'),
    error('serviceUnavailable', 'server', 503),
    error('http.unexpectedStatus', 'response', 502),
    error('http.unexpectedStatus', 'response', 429),
    error('internalServerError', 'server', 500)
  ])('yes for %s', (err) => expect(retryCanHelp(err)).toBe(true))
})

describe('formatDuration', () => {
  it('says how long in words a person reads at a glance', () => {
    expect(formatDuration(200)).toBe('1 s')
    expect(formatDuration(30_000)).toBe('30 s')
    expect(formatDuration(60_000)).toBe('1 min')
    expect(formatDuration(90_000)).toBe('1 min 30 s')
    expect(formatDuration(3_600_000)).toBe('1 h')
    expect(formatDuration(4_200_000)).toBe('1 h 10 min')
  })
})
