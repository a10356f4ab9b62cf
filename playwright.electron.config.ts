// The Electron end-to-end suite: the real app (main, preload, renderer) driven through
// Playwright's `_electron`. It needs an Electron binary; where none is installed (as on the CI
// machine) every test is skipped with the reason. Run it with `bash scripts/electron-suite.sh`.
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: 'tests/e2e/electron',
  outputDir: 'test-results/electron',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/playwright-electron.json' }]],
  use: { screenshot: 'only-on-failure', trace: 'retain-on-failure' }
})
