// Certificates a hostile provider may present: signed by an unknown CA, for another host name,
// or expired. Made with node-forge, like the simulator's, but with the validity a test asks for.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import forge from 'node-forge'

export interface Certificate {
  key: string
  cert: string
  /** The CA that signed it, to pass as a trusted CA. */
  caPem: string
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
  })
  return {
    pem: privateKey,
    key: forge.pki.privateKeyFromPem(privateKey),
    pub: forge.pki.publicKeyFromPem(publicKey)
  }
}

const DAY = 86_400_000

/** A CA and a server certificate for `host` (an IP address), valid from/to the given days. */
export function makeCertificate(
  opts: { host?: string; validFromDays?: number; validToDays?: number } = {}
): Certificate {
  const now = Date.now()
  const ca = keyPair()
  const caCert = forge.pki.createCertificate()
  caCert.publicKey = ca.pub
  caCert.serialNumber = `01${randomBytes(8).toString('hex')}`
  caCert.validity.notBefore = new Date(now - 10 * DAY)
  caCert.validity.notAfter = new Date(now + 10 * DAY)
  const caName = [{ name: 'commonName', value: 'Hostile CA' }]
  caCert.setSubject(caName)
  caCert.setIssuer(caName)
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
  ])
  caCert.sign(ca.key, forge.md.sha256.create())

  const server = keyPair()
  const cert = forge.pki.createCertificate()
  cert.publicKey = server.pub
  cert.serialNumber = `02${randomBytes(8).toString('hex')}`
  cert.validity.notBefore = new Date(now + (opts.validFromDays ?? -1) * DAY)
  cert.validity.notAfter = new Date(now + (opts.validToDays ?? 1) * DAY)
  const host = opts.host ?? '127.0.0.1'
  cert.setSubject([{ name: 'commonName', value: host }])
  cert.setIssuer(caName)
  const ip = /^[\d.]+$/.test(host)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [ip ? { type: 7, ip: host } : { type: 2, value: host }] }
  ])
  cert.sign(ca.key, forge.md.sha256.create())
  return {
    key: server.pem,
    cert: forge.pki.certificateToPem(cert),
    caPem: forge.pki.certificateToPem(caCert)
  }
}
