// Where a command gets its provider, token and CA, and how it prints.
import { readFileSync } from 'node:fs'
import { OneproviderClient } from '../core/onedata'
import type { CliIo } from './io'
import { UsageError } from './io'

export type Flags = Record<string, string | boolean | undefined>

export class Context {
  private client?: OneproviderClient

  constructor(
    readonly io: CliIo,
    readonly flags: Flags,
    readonly positionals: string[]
  ) {}

  get json(): boolean {
    return this.flags.json === true
  }

  /** Prints a value as JSON (with --json) or as the given human text. */
  print(value: unknown, human: () => string): void {
    this.io.out(this.json ? JSON.stringify(value, null, 2) : human())
  }

  string(name: string): string | undefined {
    const v = this.flags[name]
    return typeof v === 'string' ? v : undefined
  }

  required(name: string): string {
    const v = this.string(name)
    if (v === undefined || v === '') throw new UsageError(`--${name} is required`)
    return v
  }

  /** A whole number option within bounds, or undefined when absent. */
  integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.string(name)
    if (v === undefined) return undefined
    const n = Number(v)
    if (!/^-?\d+$/.test(v) || n < min || n > max)
      throw new UsageError(
        `--${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got "${v}"`
      )
    return n
  }

  arg(index: number, what: string): string {
    const v = this.positionals[index]
    if (!v) throw new UsageError(`missing ${what}`)
    return v
  }

  provider(): OneproviderClient {
    if (this.client) return this.client
    const url = this.string('provider') ?? this.io.env.LANEWATCH_PROVIDER
    if (!url) throw new UsageError('no provider: pass --provider URL or set LANEWATCH_PROVIDER')
    const token = this.io.env.LANEWATCH_TOKEN
    if (!token)
      throw new UsageError('no token: set LANEWATCH_TOKEN (tokens are not taken as arguments)')
    const caPath = this.string('ca') ?? this.io.env.LANEWATCH_CA
    let ca: string | undefined
    if (caPath) {
      try {
        ca = readFileSync(caPath, 'utf8')
      } catch (err) {
        throw new UsageError(
          `cannot read the CA file ${caPath}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`
        )
      }
      if (!ca.includes('-----BEGIN CERTIFICATE-----'))
        throw new UsageError(`the CA file ${caPath} holds no PEM certificate`)
    }
    this.client = new OneproviderClient({ url, token, ca })
    return this.client
  }

  async close(): Promise<void> {
    await this.client?.close()
  }
}

const ENTITY_ID = /^[0-9a-f]{32}ch[0-9a-f]{4}$/

/** A space given by id, or by its name among the user's spaces. */
export async function resolveSpace(ctx: Context, given: string): Promise<string> {
  if (ENTITY_ID.test(given)) return given
  const spaces = await ctx.provider().listSpaces()
  const found = spaces.filter((s) => s.name.toLowerCase() === given.toLowerCase())
  if (found.length === 1) return found[0]!.spaceId
  if (found.length > 1)
    throw new UsageError(`several spaces are named "${given}"; use the space id`)
  const names = spaces.map((s) => `"${s.name}"`).join(', ') || 'none'
  throw new UsageError(`no space named "${given}" (your spaces: ${names})`)
}
