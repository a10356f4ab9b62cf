// A Oneprovider client for an account's URL, token and CA file.
import { AppError } from '../errors'
import { OneproviderClient, type TransportOptions } from '../onedata'
import { readCa } from './verify'

export function clientFor(
  providerUrl: string,
  token: string,
  caPath?: string,
  options: Partial<Omit<TransportOptions, 'url' | 'token' | 'ca' | 'prefix'>> = {}
): OneproviderClient {
  const { ca, problem } = readCa(caPath)
  if (problem) throw new AppError('account.caUnreadable', problem)
  return new OneproviderClient({ ...options, url: providerUrl, token, ca })
}
