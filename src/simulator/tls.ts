// A throwaway certificate authority and a server certificate signed by it, for `--tls`. Made with
// node-forge (pure JavaScript, so no openssl binary is needed); the RSA keys come from Node.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import forge from 'node-forge'

export interface TlsMaterial extends Certificate {
  caPath: string
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
  })
  return {
    privatePem: privateKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    publicKey: forge.pki.publicKeyFromPem(publicKey)
  }
}

const DAY = 86_400_000

function baseCert(publicKey: forge.pki.PublicKey, from: number, to: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate()
  cert.publicKey = publicKey
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`
  cert.validity.notBefore = new Date(from)
  cert.validity.notAfter = new Date(to)
  return cert
}

export interface CertificateOptions {
  /** Names and IP addresses the certificate is for; the first is its common name. */
  hosts?: string[]
  /** The server certificate's validity in days from now (negative: in the past). */
  validFromDays?: number
  validToDays?: number
  caName?: string
}

export interface Certificate {
  key: string
  cert: string
  /** The CA that signed it, to pass as a trusted CA. */
  caPem: string
}

/** A new CA and a server certificate signed by it (tests also use it for expired or misnamed ones). */
export function makeCertificate(opts: CertificateOptions = {}): Certificate {
  const now = Date.now()
  const hosts = opts.hosts ?? ['127.0.0.1']
  const ca = keyPair()
  const caCert = baseCert(ca.publicKey, now - 60_000, now + 30 * DAY)
  const caName = [{ name: 'commonName', value: opts.caName ?? 'Lanewatch Simulator CA' }]
  caCert.setSubject(caName)
  caCert.setIssuer(caName)
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' }
  ])
  caCert.sign(ca.privateKey, forge.md.sha256.create())

  const server = keyPair()
  const from = opts.validFromDays === undefined ? now - 60_000 : now + opts.validFromDays * DAY
  const cert = baseCert(server.publicKey, from, now + (opts.validToDays ?? 30) * DAY)
  cert.setSubject([{ name: 'commonName', value: hosts[0] ?? 'localhost' }])
  cert.setIssuer(caName)
  const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':')
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map((h) => (isIp(h) ? { type: 7, ip: h } : { type: 2, value: h }))
    }
  ])
  cert.sign(ca.privateKey, forge.md.sha256.create())
  return {
    key: server.privatePem,
    cert: forge.pki.certificateToPem(cert),
    caPem: forge.pki.certificateToPem(caCert)
  }
}

/** Makes a CA and a certificate for `hosts` (names and IP addresses); writes the CA to a file. */
export function makeTlsMaterial(hosts: string[]): TlsMaterial {
  const made = makeCertificate({ hosts })
  const dir = mkdtempSync(join(tmpdir(), 'lanewatch-simulator-'))
  const caPath = join(dir, 'ca.pem')
  writeFileSync(caPath, made.caPem)
  return { ...made, caPath }
}
