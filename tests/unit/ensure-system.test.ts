// scripts/ensure-system.sh, run for real by bash with a PATH of stand-in commands (dpkg-query,
// apt-get, id, sudo, node, npm) that record what they were asked: it installs what is missing
// as root or with password-less sudo, stops with the one command to run otherwise, and builds
// keytar when `npm ci` had to skip it.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const SCRIPT = join(__dirname, '../../scripts/ensure-system.sh')
const ALL = [
  'chromium',
  'dbus',
  'gnome-keyring',
  'libsecret-1-0',
  'libsecret-1-dev',
  'pkg-config',
  'g++',
  'make',
  'python3'
]

// Each stand-in appends one line per call to $LOG; installed packages are lines of $STATE.
const FAKES: Record<string, string> = {
  'dpkg-query': `echo "dpkg-query $*" >> "$LOG"
pkg="\${@: -1}"
while read -r line; do [ "$line" = "$pkg" ] && { printf 'install ok installed'; exit 0; }; done < "$STATE"
echo "dpkg-query: no packages found matching $pkg" >&2; exit 1`,
  'apt-get': `echo "apt-get $* (DEBIAN_FRONTEND=$DEBIAN_FRONTEND, uid=$FAKE_UID)" >> "$LOG"
if [ "$1" = install ]; then for a in "$@"; do case "$a" in -*|install) ;; *) echo "$a" >> "$STATE";; esac; done; fi`,
  id: `[ "$1" = -u ] && echo "$FAKE_UID"`,
  sudo: `if [ "$1" = -n ] && [ "$2" = true ]; then [ "$FAKE_SUDO" = nopasswd ]; exit; fi
echo "sudo $1 $2" >> "$LOG"; FAKE_UID=0 exec "$@"`,
  env: `while [[ "$1" == *=* ]]; do export "$1"; shift; done; exec "$@"`,
  node: `case "$2" in
  "require('keytar')") [ -e node_modules/keytar/loads ];;
  *) echo 7.9.0;;
esac`,
  npm: `echo "npm $* (build_from_source=$npm_config_build_from_source)" >> "$LOG"
/bin/mkdir -p node_modules/keytar && : > node_modules/keytar/loads`
}

interface Machine {
  uid?: number
  sudo?: 'nopasswd' | 'password' | 'none'
  installed?: string[]
  keytar?: 'loads' | 'broken' | 'missing'
  noDpkg?: boolean
  env?: Record<string, string>
}

function run(machine: Machine) {
  const root = mkdtempSync(join(tmpdir(), 'lanewatch-ensure-'))
  const project = join(root, 'project')
  const bin = join(root, 'bin')
  mkdirSync(join(project, 'scripts'), { recursive: true })
  mkdirSync(bin)
  copyFileSync(SCRIPT, join(project, 'scripts/ensure-system.sh'))
  writeFileSync(join(project, 'package.json'), '{"optionalDependencies":{"keytar":"7.9.0"}}')
  if (machine.keytar !== 'missing')
    mkdirSync(join(project, 'node_modules/keytar'), { recursive: true })
  else mkdirSync(join(project, 'node_modules'))
  if ((machine.keytar ?? 'loads') === 'loads')
    writeFileSync(join(project, 'node_modules/keytar/loads'), '')
  for (const [name, body] of Object.entries(FAKES)) {
    if (name === 'dpkg-query' && machine.noDpkg) continue
    if (name === 'sudo' && machine.sudo === 'none') continue
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`)
    chmodSync(join(bin, name), 0o755)
  }
  const log = join(root, 'log')
  const state = join(root, 'installed')
  writeFileSync(log, '')
  writeFileSync(state, (machine.installed ?? ALL).map((p) => `${p}\n`).join(''))
  const result = spawnSync('/bin/bash', [join(project, 'scripts/ensure-system.sh')], {
    env: {
      PATH: bin,
      LOG: log,
      STATE: state,
      FAKE_UID: String(machine.uid ?? 0),
      FAKE_SUDO: machine.sudo ?? 'password',
      ...machine.env
    },
    encoding: 'utf8',
    timeout: 20_000
  })
  const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  return {
    code: result.status,
    out: result.stdout.trim(),
    err: result.stderr.trim(),
    calls,
    installed: readFileSync(state, 'utf8').split('\n').filter(Boolean),
    keytarLoads: existsSync(join(project, 'node_modules/keytar/loads'))
  }
}

const withoutCalls = (calls: string[], tool: string) => calls.filter((c) => !c.startsWith(tool))
const missingTwo = ALL.filter((p) => p !== 'chromium' && p !== 'libsecret-1-dev')

describe('ensure-system.sh', () => {
  it('passes without installing anything when every package is there and keytar loads', () => {
    const r = run({})
    expect(r).toMatchObject({ code: 0, out: 'ensure-system: system packages present', err: '' })
    expect(r.calls.filter((c) => c.startsWith('dpkg-query'))).toHaveLength(ALL.length)
    expect(withoutCalls(r.calls, 'dpkg-query')).toEqual([])
  })

  it('as root, installs exactly the missing packages with apt-get, without questions', () => {
    const r = run({ installed: missingTwo })
    expect(r.code).toBe(0)
    expect(r.out).toBe('ensure-system: installing chromium libsecret-1-dev')
    expect(withoutCalls(r.calls, 'dpkg-query')).toEqual([
      'apt-get update -qq (DEBIAN_FRONTEND=noninteractive, uid=0)',
      'apt-get install -y --no-install-recommends chromium libsecret-1-dev -qq (DEBIAN_FRONTEND=noninteractive, uid=0)'
    ])
    expect([...r.installed].sort()).toEqual([...ALL].sort())
  })

  it('as a user with password-less sudo, installs through sudo', () => {
    const r = run({ uid: 1000, sudo: 'nopasswd', installed: missingTwo })
    expect(r.code).toBe(0)
    expect(withoutCalls(r.calls, 'dpkg-query')).toEqual([
      'sudo env DEBIAN_FRONTEND=noninteractive',
      'apt-get update -qq (DEBIAN_FRONTEND=noninteractive, uid=0)',
      'sudo env DEBIAN_FRONTEND=noninteractive',
      'apt-get install -y --no-install-recommends chromium libsecret-1-dev -qq (DEBIAN_FRONTEND=noninteractive, uid=0)'
    ])
  })

  it('otherwise stops at once with the one command to run, and installs nothing', () => {
    for (const sudo of ['password', 'none'] as const) {
      const r = run({ uid: 1000, sudo, installed: missingTwo })
      expect(r.code).toBe(1)
      expect(r.err.split('\n')).toEqual([
        'ensure-system: the tests need these system packages: chromium libsecret-1-dev',
        'Install them, then run npm test again:',
        '  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium libsecret-1-dev'
      ])
      expect(withoutCalls(r.calls, 'dpkg-query')).toEqual([])
    }
  })

  it('needs no chromium package when CHROMIUM_PATH names a browser', () => {
    const r = run({
      uid: 1000,
      installed: ALL.filter((p) => p !== 'chromium'),
      env: { CHROMIUM_PATH: '/bin/bash' }
    })
    expect(r).toMatchObject({ code: 0, out: 'ensure-system: system packages present' })
    expect(r.calls).not.toContain('dpkg-query -W -f=${Status} chromium')
  })

  it('says what it needs on a system without dpkg, and goes on', () => {
    const r = run({ noDpkg: true })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(
      /^ensure-system: not a Debian or Ubuntu system; make sure these .* are installed: chromium dbus gnome-keyring/
    )
  })

  it('installs keytar when `npm ci` skipped it, and rebuilds a keytar that does not load', () => {
    const skipped = run({ keytar: 'missing' })
    expect(skipped.code).toBe(0)
    expect(withoutCalls(skipped.calls, 'dpkg-query')).toEqual([
      'npm install --no-save --no-audit --no-fund keytar@7.9.0 (build_from_source=true)'
    ])
    expect(skipped.keytarLoads).toBe(true)
    const broken = run({ keytar: 'broken' })
    expect(withoutCalls(broken.calls, 'dpkg-query')).toEqual([
      'npm rebuild keytar (build_from_source=true)'
    ])
    expect(broken.out).toContain('keytar does not load; rebuilding it')
  })
})
