// What to install when the keychain cannot be used, in the words of the user's own system:
// keytar is built from source against libsecret on Linux, so its module can be missing.
import { readFileSync } from 'node:fs'

type Family = 'debian' | 'fedora' | 'arch' | 'suse' | 'other'

/** The Linux family from /etc/os-release's ID and ID_LIKE. */
export function linuxFamily(osRelease: string): Family {
  const field = (name: string) =>
    new RegExp(`^${name}=["']?([^"'\\n]*)`, 'm').exec(osRelease)?.[1]?.toLowerCase() ?? ''
  const ids = `${field('ID')} ${field('ID_LIKE')}`.split(/\s+/)
  if (ids.some((id) => id === 'debian' || id === 'ubuntu')) return 'debian'
  if (ids.some((id) => ['fedora', 'rhel', 'centos'].includes(id))) return 'fedora'
  if (ids.some((id) => id === 'arch')) return 'arch'
  if (ids.some((id) => id.includes('suse'))) return 'suse'
  return 'other'
}

const LINUX_BUILD: Record<Family, string> = {
  debian:
    'On Debian or Ubuntu: sudo apt-get install libsecret-1-dev pkg-config g++ make python3 gnome-keyring',
  fedora: 'On Fedora: sudo dnf install libsecret-devel gcc-c++ make python3 gnome-keyring',
  arch: 'On Arch: sudo pacman -S libsecret base-devel python gnome-keyring',
  suse: 'On openSUSE: sudo zypper install libsecret-devel gcc-c++ make python3 gnome-keyring',
  other:
    "Install libsecret's development files, pkg-config, a C++ compiler, make, Python 3 and a Secret Service (gnome-keyring or KWallet)"
}

const LINUX_SERVICE: Record<Family, string> = {
  debian: 'On Debian or Ubuntu: sudo apt-get install gnome-keyring',
  fedora: 'On Fedora: sudo dnf install gnome-keyring',
  arch: 'On Arch: sudo pacman -S gnome-keyring',
  suse: 'On openSUSE: sudo zypper install gnome-keyring',
  other: 'Install gnome-keyring or KWallet'
}

function readOsRelease(): string {
  try {
    return readFileSync('/etc/os-release', 'utf8')
  } catch {
    return ''
  }
}

/** keytar is not installed or its native part does not load: what to install and rebuild. */
export function keychainModuleAdvice(
  platform: NodeJS.Platform = process.platform,
  osRelease: () => string = readOsRelease
): string {
  const rebuild = 'then run `npm rebuild keytar` in the Lanewatch folder'
  switch (platform) {
    case 'linux':
      return `${LINUX_BUILD[linuxFamily(osRelease())]}, ${rebuild} (or \`npm install\` if node_modules/keytar is missing).`
    case 'darwin':
      return `Install Xcode's command line tools (xcode-select --install), ${rebuild}.`
    case 'win32':
      return `Install the Visual Studio Build Tools (C++ workload) and Python 3, ${rebuild}.`
    default:
      return `Install a C++ compiler, make and Python 3, ${rebuild}.`
  }
}

/** keytar loads but no keychain answers. */
export function keychainServiceAdvice(
  platform: NodeJS.Platform = process.platform,
  osRelease: () => string = readOsRelease
): string {
  switch (platform) {
    case 'linux':
      return `Lanewatch keeps tokens in the Secret Service. ${LINUX_SERVICE[linuxFamily(osRelease())]}, unlock it, and run Lanewatch in a session with D-Bus.`
    case 'darwin':
      return 'Lanewatch keeps tokens in the macOS Keychain: unlock your login keychain.'
    case 'win32':
      return 'Lanewatch keeps tokens in the Windows Credential Manager: sign in to a Windows user session.'
    default:
      return 'Lanewatch keeps tokens in the OS keychain, and none answered.'
  }
}
