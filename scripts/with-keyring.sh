#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring, so the
# keychain tests use a real Secret Service without touching the user's own keyring.
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install dbus gnome-keyring" >&2; exit 1; }
done
XDG_DATA_HOME="$(mktemp -d)"
export XDG_DATA_HOME LANEWATCH_TEST_KEYRING=1
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
dbus-run-session -- bash -c '
  set -euo pipefail
  eval "$(printf %s lanewatch-test-keyring | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  "$@"
' bash "$@"
