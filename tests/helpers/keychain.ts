// The keychain suites run against a private keyring in its own D-Bus session
// (scripts/with-keyring.sh), never the user's; each test leaves it empty.
import keytar from 'keytar'
import { KEYCHAIN_OWNER_SERVICE, KEYCHAIN_SERVICE } from '../../src/core/accounts/vault'

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
