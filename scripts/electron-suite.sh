#!/usr/bin/env bash
# The Electron end-to-end suite (playwright.electron.config.ts). Needs `npm run build` first and an
# Electron binary; where there is none every test is skipped and the run still passes, printing
# `electron: 0 passed, 0 failed, N skipped`. Without a display it runs under xvfb-run if present.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
REPORT=reports/playwright-electron.json
rm -f "$REPORT"

run=(npx --no-install playwright test -c playwright.electron.config.ts)
# Only when a binary exists does the app need a display (same lookup as electron-binary.ts).
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && command -v xvfb-run > /dev/null \
  && { [ -n "${ELECTRON_OVERRIDE_DIST_PATH:-}" ] || [ -f node_modules/electron/path.txt ]; }; then
  run=(xvfb-run -a "${run[@]}")
fi

rc=0
"${run[@]}" || rc=$?
node scripts/test-summary.mjs "$REPORT" electron --allow-all-skipped || rc=1
exit $rc
