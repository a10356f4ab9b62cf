// A Oneprovider client for an account's URL, token and CA file.
import { AppError } from '../errors'
import { OneproviderClient } from '../onedata'
import type { TransportOptions } from '../onedata/transport'
import { readCa } from './verify'

export function clientFor(
  providerUrl: string,
  token: string,
  caPath?: string,
  /** e.g. no retries of its own, for the monitor (it backs off itself). */
  options: Pick<TransportOptions, 'retry'> = {}
): OneproviderClient {
  const { ca, problem } = readCa(caPath)
  if (problem) throw new AppError('account.caUnreadable', problem)
  return new OneproviderClient({ url: providerUrl, token, ca, ...options })
}
