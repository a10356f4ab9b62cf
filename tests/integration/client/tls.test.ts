// The client over TLS: the provider's CA trusted, an untrusted certificate and one for another
// host name refused with advice, never retried.
import { describe, expect, it } from 'vitest'
import { OneproviderClient } from '../../../src/core/onedata'
import { caught, clientTestbed } from '../../helpers/client-testbed'

const bed = clientTestbed({ tls: true })
const { client } = bed

describe('TLS', () => {
  it('works with the provider’s CA', async () => {
    const c = client({ on: bed.tlsSim, ca: bed.tlsSim.sim.caPem })
    expect(c.host).toMatch(/^127\.0\.0\.1:\d+$/)
    expect((await c.listSpaces()).length).toBe(2)
  })

  it('fails without it as tls.untrusted, with advice, and is not retried', async () => {
    const sleeps: number[] = []
    const e = await caught(client({ on: bed.tlsSim, sleeps }).listSpaces())
    expect(e).toMatchObject({ id: 'tls.untrusted', kind: 'tls' })
    expect(e.userMessage()).toMatch(
      /^The provider's certificate is not trusted\. Add its CA file to the account\./
    )
    expect(sleeps).toEqual([])
  })

  it('a certificate for another host name is tls.hostnameMismatch', async () => {
    const { makeTlsMaterial } = await import('../../../src/simulator/tls')
    const { createServer: createHttps } = await import('node:https')
    const tls = makeTlsMaterial(['elsewhere.example'])
    const server = createHttps({ key: tls.key, cert: tls.cert }, (_req, res) => res.end('[]'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    try {
      const c = new OneproviderClient({
        url: `https://127.0.0.1:${port}`,
        token: 'x',
        ca: tls.caPem
      })
      bed.clients.push(c)
      const e = await caught(c.listSpaces())
      expect(e).toMatchObject({ id: 'tls.hostnameMismatch', kind: 'tls' })
      expect(e.userMessage()).toMatch(/certificate is for another host name than 127\.0\.0\.1:\d+/)
    } finally {
      server.close()
    }
  })
})
