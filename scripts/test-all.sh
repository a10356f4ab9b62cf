#!/usr/bin/env bash
# `npm test`: everything, in the verified order — the system packages the suites need, build,
# type checks, lint, then every suite.
# Each suite ends with a plain `NAME: N passed, N failed` line; any failing step fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"
mkdir -p reports
T0=$SECONDS
failed=()
step() { echo; echo "=== $1 (t=$((SECONDS - T0))s)"; }
check() { local name=$1; shift; "$@" || failed+=("$name"); }

# vitest_suite PROJECT LABEL [WRAPPER...]: runs one Vitest project (optionally inside a wrapper
# such as scripts/with-keyring.sh) and prints its closing line.
vitest_suite() {
  local project=$1 label=$2
  shift 2
  rm -f "reports/$label.json"
  "$@" npx vitest run --project "$project" --reporter=default --reporter=json \
    --outputFile.json="reports/$label.json"
  local rc=$?
  node scripts/test-summary.mjs "reports/$label.json" "$label" || rc=1
  return $rc
}

step "system packages and keytar (installs what is missing, or says the one command to run)"
bash scripts/ensure-system.sh || exit 1

step "build"
check build npm run build --silent

step "typecheck (tsc + svelte-check)"
check typecheck npm run typecheck --silent

step "lint (eslint + prettier)"
check lint npm run lint --silent

step "unit tests"
check unit vitest_suite unit unit

step "renderer component tests (Svelte in jsdom)"
check renderer vitest_suite renderer renderer

step "integration tests (core and simulator over HTTP/TLS)"
check integration vitest_suite integration integration

step "keychain tests (real gnome-keyring in a private D-Bus session)"
check keychain vitest_suite keychain keychain scripts/with-keyring.sh

step "browser e2e (the renderer in Chromium through the harness)"
e2e() {
  rm -f reports/playwright.json
  npx playwright test
  local rc=$?
  node scripts/test-summary.mjs reports/playwright.json e2e || rc=1
  return $rc
}
check e2e e2e

step "packaging smoke (electron-builder --linux dir with a stub Electron)"
check packaging bash scripts/package-smoke.sh

step "electron e2e (real app via Playwright _electron; skipped where no Electron binary)"
check electron bash scripts/electron-suite.sh

step "done in $((SECONDS - T0))s"
if [ ${#failed[@]} -gt 0 ]; then
  # Named again here, since a CI log is often read from its tail.
  for list in reports/*.failures.txt; do
    [ -f "$list" ] && { echo "failed in $(basename "$list" .failures.txt):"; sed 's/^/  /' "$list"; }
  done
  echo "FAILED steps: ${failed[*]}"
  exit 1
fi
echo "all steps passed"
