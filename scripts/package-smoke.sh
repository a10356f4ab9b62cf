#!/usr/bin/env bash
# Packaging smoke test (part of `npm test`; needs `npm run build` first).
# No Electron binary can be downloaded here, so electron-builder packs the app around a stub
# Electron (`.stub-electron/electron`) for the `dir` target only, without fuses (a stub binary
# cannot take them). That still checks the real thing that matters before a release: the `files`
# list, the asar contents and that native modules (keytar) end up unpacked next to it.
# Ends with the plain line `packaging: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
LOG=reports/electron-builder.log
OUT=dist/linux-unpacked
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
finish() {
  echo "packaging: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

missing=()
for f in out/main/index.js out/preload/index.js out/renderer/index.html; do
  [ -f "$f" ] || missing+=("$f")
done
if [ ${#missing[@]} -gt 0 ]; then
  fail "build output present (missing ${missing[*]}: run \`npm run build\` first)"
  finish
fi
pass "build output present (out/main, out/preload, out/renderer)"

# A stub Electron distribution: electron-builder copies it and renames `electron` to the app name.
mkdir -p .stub-electron
printf '#!/bin/sh\necho "stub: no Electron binary on this machine" >&2\nexit 1\n' > .stub-electron/electron
chmod +x .stub-electron/electron

# The real configuration minus fuses, with the Linux target reduced to `dir` (AppImage and deb
# would download their tools from GitHub) and no native rebuild: here @electron/rebuild can only
# rebuild keytar against Node's own headers (nodedir=/usr), in place in node_modules, which proves
# nothing and would touch a binary other suites are using.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
config="$tmp/electron-builder.smoke.json"
node -e '
  const fs = require("node:fs")
  const c = JSON.parse(fs.readFileSync("electron-builder.json", "utf8"))
  delete c.electronFuses
  c.linux = { ...c.linux, target: ["dir"] }
  c.npmRebuild = false
  fs.writeFileSync(process.argv[1], JSON.stringify(c, null, 2))
' "$config" || { fail "smoke copy of electron-builder.json written"; finish; }

rm -rf "$OUT"
echo "electron-builder --linux dir (stub Electron, log in $LOG) ..."
if npx --no-install electron-builder --linux dir --config "$config" \
  -c.electronDist=.stub-electron > "$LOG" 2>&1; then
  pass "electron-builder --linux dir exits 0"
else
  fail "electron-builder --linux dir exits 0 (last lines of $LOG below)"
  tail -n 30 "$LOG"
  finish
fi

ASAR="$OUT/resources/app.asar"
if [ -f "$ASAR" ] && listing=$(npx --no-install asar list "$ASAR" 2>>"$LOG"); then
  pass "resources/app.asar exists and can be listed"
else
  fail "resources/app.asar exists and can be listed"
  finish
fi

for f in /out/main/index.js /out/preload/index.js /out/renderer/index.html /package.json; do
  if grep -qxF "$f" <<< "$listing"; then
    pass "app.asar holds $f"
  else
    fail "app.asar holds $f"
  fi
done

leaked=$(grep -E '^/(src|tests|bench|out/node)(/|$)' <<< "$listing" | head -n 5)
if [ -z "$leaked" ]; then
  pass "app.asar holds no sources, tests, benchmarks or out/node"
else
  fail "app.asar holds no sources, tests, benchmarks or out/node (found: $(echo $leaked))"
fi

keytar=$(find "$OUT/resources/app.asar.unpacked" -name keytar.node -type f 2>/dev/null | head -n 1)
if [ -n "$keytar" ]; then
  pass "keytar.node is unpacked from asar (${keytar#"$OUT"/})"
else
  fail "keytar.node is unpacked from asar (not found under $OUT/resources/app.asar.unpacked)"
fi

finish
