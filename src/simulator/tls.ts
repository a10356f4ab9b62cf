// A throwaway certificate authority and a server certificate signed by it, for `--tls`. Made with
// node-forge (pure JavaScript, so no openssl binary is needed); the RSA keys come from Node.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import forge from 'node-forge'

export interface TlsMaterial {
  key: string
  cert: string
  caPem: string
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

function baseCert(publicKey: forge.pki.PublicKey, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate()
  cert.publicKey = publicKey
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`
  cert.validity.notBefore = new Date(Date.now() - 60_000)
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000)
  return cert
}

/** Makes a CA and a certificate for `hosts` (names and IP addresses); writes the CA to a file. */
export function makeTlsMaterial(hosts: string[]): TlsMaterial {
  const ca = keyPair()
  const caCert = baseCert(ca.publicKey, 30)
  const caName = [{ name: 'commonName', value: 'Lanewatch Simulator CA' }]
  caCert.setSubject(caName)
  caCert.setIssuer(caName)
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' }
  ])
  caCert.sign(ca.privateKey, forge.md.sha256.create())

  const server = keyPair()
  const cert = baseCert(server.publicKey, 30)
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

  const caPem = forge.pki.certificateToPem(caCert)
  const dir = mkdtempSync(join(tmpdir(), 'lanewatch-simulator-'))
  const caPath = join(dir, 'ca.pem')
  writeFileSync(caPath, caPem)
  return { key: server.privatePem, cert: forge.pki.certificateToPem(cert), caPem, caPath }
}
