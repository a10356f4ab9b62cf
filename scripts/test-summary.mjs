#!/usr/bin/env node
// Prints the plain closing line CI reads for a suite — `NAME: N passed, N failed[, N skipped]` —
// from a Vitest or Playwright JSON report, and exits non-zero when the suite did not pass.
// Usage: test-summary.mjs REPORT.json NAME [--allow-all-skipped]
import { readFileSync } from 'node:fs'

const [file, name, flag] = process.argv.slice(2)
if (!file || !name) {
  console.error('usage: test-summary.mjs REPORT.json NAME [--allow-all-skipped]')
  process.exit(2)
}

let report
try {
  report = JSON.parse(readFileSync(file, 'utf8'))
} catch (err) {
  console.log(`${name}: 0 passed, 1 failed`)
  console.error(`${name}: no readable report at ${file} (${err.message})`)
  process.exit(1)
}

let passed, failed, skipped
if (typeof report.numPassedTests === 'number') {
  // Vitest: a file that fails to load counts as a failure even though it holds no tests.
  passed = report.numPassedTests
  failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0)
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
} else if (report.stats) {
  // Playwright
  passed = report.stats.expected + (report.stats.flaky ?? 0)
  failed = report.stats.unexpected + (report.errors?.length ?? 0)
  skipped = report.stats.skipped ?? 0
} else {
  console.log(`${name}: 0 passed, 1 failed`)
  console.error(`${name}: ${file} is neither a Vitest nor a Playwright JSON report`)
  process.exit(1)
}

console.log(`${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
const allowAllSkipped = flag === '--allow-all-skipped' && skipped > 0
process.exit(failed > 0 || (passed === 0 && !allowAllSkipped) ? 1 : 0)
