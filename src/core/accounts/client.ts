// A Oneprovider client for an account's URL, token and CA file.
import { AppError } from '../errors'
import { OneproviderClient } from '../onedata'
import { readCa } from './verify'

export function clientFor(providerUrl: string, token: string, caPath?: string): OneproviderClient {
  const { ca, problem } = readCa(caPath)
  if (problem) throw new AppError('account.caUnreadable', problem)
  return new OneproviderClient({ url: providerUrl, token, ca })
}
