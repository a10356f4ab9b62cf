// Token handling of spec §1: X-Auth-Token, then `Authorization: Bearer`, then the deprecated
// `Macaroon` header. A present but bad token fails first (401 with authError); no token means
// a guest, refused later by the handler (401 without details).
import type { IncomingHttpHeaders } from 'node:http'
import { errors } from '../errors'
import type { User } from '../engine/world'

export function tokenOf(headers: IncomingHttpHeaders): string | undefined {
  const x = headers['x-auth-token']
  if (typeof x === 'string' && x.trim()) return x.trim()
  const authz = headers['authorization']
  if (typeof authz === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(authz.trim())
    if (m) return m[1]!.trim()
  }
  const macaroon = headers['macaroon']
  if (typeof macaroon === 'string' && macaroon.trim()) return macaroon.trim()
  return undefined
}

export interface TokenBook {
  users: User[]
  revoked: Set<string>
}

/** The caller: a user, or `undefined` for a guest. Throws 401 for a bad token. */
export function authenticate(headers: IncomingHttpHeaders, book: TokenBook): User | undefined {
  const token = tokenOf(headers)
  if (token === undefined) return undefined
  if (book.revoked.has(token)) throw errors.unauthorized(errors.tokenRevoked().toJson())
  const user = book.users.find((u) => u.token === token)
  if (!user) throw errors.unauthorized(errors.tokenInvalid().toJson())
  return user
}

export function requireUser(user: User | undefined): User {
  if (!user) throw errors.unauthorized()
  return user
}
