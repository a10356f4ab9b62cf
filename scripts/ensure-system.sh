#!/usr/bin/env bash
# What the test suites need from the system, set up the way `playwright install --with-deps` does:
# on Debian or Ubuntu, the missing packages are installed with apt (as root, or with password-less
# sudo); otherwise it stops at once with the one command to run. Then keytar, an optional
# dependency that `npm ci` skips when libsecret is missing, is built if it does not load.
# Uses only shell built-ins and the commands it names, so a test can stand in for all of them.
set -euo pipefail
cd "${0%/*}/.."

# chromium: browser e2e; dbus + gnome-keyring: the keychain suite's private Secret Service;
# libsecret-1-dev, pkg-config, g++, make, python3: building keytar.
# A browser of one's own in CHROMIUM_PATH (as playwright.config.ts reads it) replaces chromium.
PACKAGES=(dbus gnome-keyring libsecret-1-0 libsecret-1-dev pkg-config g++ make python3)
if [ -z "${CHROMIUM_PATH:-}" ] || [ ! -x "$CHROMIUM_PATH" ]; then
  PACKAGES=(chromium "${PACKAGES[@]}")
fi

say() { echo "ensure-system: $*"; }

install_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "not a Debian or Ubuntu system; make sure these (or your system's equivalents) are installed: ${PACKAGES[*]}"
    return
  fi
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] ||
      missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "system packages present"
    return
  fi
  local install=(apt-get install -y --no-install-recommends "${missing[@]}")
  local as_root=()
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo)
  else
    echo "ensure-system: the tests need these system packages: ${missing[*]}" >&2
    echo "Install them, then run npm test again:" >&2
    echo "  sudo apt-get update && sudo ${install[*]}" >&2
    exit 1
  fi
  say "installing ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive "${install[@]}" -qq
}

# keytar builds from source against Node's own headers (nothing may be downloaded).
build_keytar() {
  [ -d node_modules ] || return 0
  node -e "require('keytar')" >/dev/null 2>&1 && return 0
  if [ -z "${npm_config_nodedir:-}" ] && [ -e /usr/include/node/node.h ]; then
    export npm_config_nodedir=/usr
  fi
  export npm_config_build_from_source=true
  if [ -d node_modules/keytar ]; then
    say "keytar does not load; rebuilding it"
    npm rebuild keytar
  else
    local version
    version="$(node -p "require('./package.json').optionalDependencies.keytar")"
    say "keytar was not installed (it could not be built); installing keytar@$version"
    npm install --no-save --no-audit --no-fund "keytar@$version"
  fi
  if ! node -e "require('keytar')" >/dev/null 2>&1; then
    echo "ensure-system: keytar still does not load; the keychain suite will fail (see the build output above)" >&2
    exit 1
  fi
}

install_packages
build_keytar
