// What Lanewatch tells a person to install when the keychain cannot be used, per system.
import { describe, expect, it } from 'vitest'
import {
  keychainModuleAdvice,
  keychainServiceAdvice,
  linuxFamily
} from '../../src/core/accounts/keychain-advice'

const osRelease =
  (id: string, like = '') =>
  () =>
    `NAME="X"\nID=${id}\n${like ? `ID_LIKE="${like}"\n` : ''}`

describe('the Linux family', () => {
  it('is read from ID and ID_LIKE of /etc/os-release', () => {
    expect(linuxFamily('ID=debian\n')).toBe('debian')
    expect(linuxFamily('ID=ubuntu\nID_LIKE=debian\n')).toBe('debian')
    expect(linuxFamily('ID=linuxmint\nID_LIKE="ubuntu debian"\n')).toBe('debian')
    expect(linuxFamily('ID="fedora"\n')).toBe('fedora')
    expect(linuxFamily('ID="rocky"\nID_LIKE="rhel centos fedora"\n')).toBe('fedora')
    expect(linuxFamily('ID=arch\n')).toBe('arch')
    expect(linuxFamily('ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n')).toBe('suse')
    expect(linuxFamily('ID=alpine\n')).toBe('other')
    expect(linuxFamily('')).toBe('other')
  })
})

describe('when the keytar module is missing or does not load', () => {
  it('names the packages of the system and `npm rebuild keytar`', () => {
    expect(keychainModuleAdvice('linux', osRelease('ubuntu', 'debian'))).toBe(
      'On Debian or Ubuntu: sudo apt-get install libsecret-1-dev pkg-config g++ make python3 gnome-keyring, then run `npm rebuild keytar` in the Lanewatch folder (or `npm install` if node_modules/keytar is missing).'
    )
    expect(keychainModuleAdvice('linux', osRelease('fedora'))).toMatch(
      /^On Fedora: sudo dnf install libsecret-devel gcc-c\+\+ make python3 gnome-keyring, then run `npm rebuild keytar`/
    )
    expect(keychainModuleAdvice('linux', osRelease('arch'))).toMatch(
      /sudo pacman -S libsecret base-devel/
    )
    expect(keychainModuleAdvice('linux', osRelease('alpine'))).toMatch(
      /^Install libsecret's development files, pkg-config, a C\+\+ compiler, make, Python 3 and a Secret Service/
    )
    expect(keychainModuleAdvice('darwin')).toBe(
      "Install Xcode's command line tools (xcode-select --install), then run `npm rebuild keytar` in the Lanewatch folder."
    )
    expect(keychainModuleAdvice('win32')).toMatch(
      /Visual Studio Build Tools .* `npm rebuild keytar`/
    )
  })
})

describe('when no keychain answers', () => {
  it('names the Secret Service to install on Linux, the keychain elsewhere', () => {
    expect(keychainServiceAdvice('linux', osRelease('debian'))).toBe(
      'Lanewatch keeps tokens in the Secret Service. On Debian or Ubuntu: sudo apt-get install gnome-keyring, unlock it, and run Lanewatch in a session with D-Bus.'
    )
    expect(keychainServiceAdvice('darwin')).toMatch(/macOS Keychain/)
    expect(keychainServiceAdvice('win32')).toMatch(/Windows Credential Manager/)
  })
})
