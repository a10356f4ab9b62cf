// The keychain suites run against a private keyring in its own D-Bus session
// (scripts/with-keyring.sh), never the user's; each test leaves it empty.
import { mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import keytar from 'keytar'
import {
  KEYCHAIN_OWNER_SERVICE,
  KEYCHAIN_SERVICE,
  KeychainVault
} from '../../src/core/accounts/vault'
import { createFileLogger } from '../../src/core/log'
import { createService, type Service } from '../../src/core/service'
import { startDemoProvider } from '../../src/simulator/demo-provider'

export function requirePrivateKeyring(): void {
  if (!process.env.LANEWATCH_TEST_KEYRING)
    throw new Error('Run the keychain tests through scripts/with-keyring.sh (npm test does).')
}

/** Deletes every token and every owner's mark Lanewatch keeps. */
export async function emptyKeychain(): Promise<void> {
  for (const service of [KEYCHAIN_SERVICE, KEYCHAIN_OWNER_SERVICE])
    for (const { account } of await keytar.findCredentials(service))
      await keytar.deletePassword(service, account)
}

/** A new, empty data folder. */
export const freshDir = () => mkdtempSync(join(tmpdir(), 'lanewatch-data-'))

/** Every file below `dir`, at any depth. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
}

/** The service as the app runs it, with tokens in the real keychain and a log file. */
export function serviceWithKeychain(
  dataDir = freshDir(),
  chooseCaFile?: () => Promise<string | undefined>
): { service: Service; dataDir: string } {
  const service = createService({
    dataDir,
    vault: new KeychainVault(),
    log: createFileLogger(dataDir),
    startDemo: startDemoProvider,
    chooseCaFile
  })
  return { service, dataDir }
}
