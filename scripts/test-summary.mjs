#!/usr/bin/env node
// Prints the plain closing line CI reads for a suite — `NAME: N passed, N failed[, N skipped]` —
// from a Vitest or Playwright JSON report, and exits non-zero when the suite did not pass.
// The titles of the failed tests also go to `REPORT.failures.txt`, which `npm test` prints again
// at its very end, so the tail of a CI log names what failed.
// Usage: test-summary.mjs REPORT.json NAME [--allow-all-skipped]
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { stripVTControlCharacters } from 'node:util'

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

/** The first lines of an error message, without colour codes, kept short for a log's tail. */
const brief = (message) =>
  stripVTControlCharacters(String(message ?? ''))
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, 10)
    .map((line) => `    ${line.slice(0, 200)}`)
    .join('\n')

/** `file › title` and the start of the error of every failed test (and every error outside a test). */
function failures(report) {
  const out = []
  for (const suite of report.testResults ?? []) {
    const where = String(suite.name ?? '').replace(`${process.cwd()}/`, '')
    for (const t of suite.assertionResults ?? []) {
      if (t.status === 'failed') {
        out.push(`${where} › ${t.fullName ?? t.title}`, brief(t.failureMessages?.[0]))
      }
    }
    if ((suite.assertionResults ?? []).length === 0 && suite.status === 'failed') {
      out.push(`${where} › ${String(suite.message ?? 'failed to load').split('\n')[0]}`)
    }
  }
  const walk = (s, path) => {
    for (const spec of s.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue
        const error = test.results?.at(-1)?.error?.message
        out.push(`${spec.file}:${spec.line} › ${[...path, spec.title].join(' › ')}`, brief(error))
      }
    }
    for (const child of s.suites ?? []) walk(child, [...path, child.title])
  }
  for (const s of report.suites ?? []) walk(s, [])
  for (const e of report.errors ?? []) out.push('error outside a test:', brief(e.message ?? e))
  return out.filter((line) => line !== '')
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

const failedTitles = failures(report)
const failuresFile = file.replace(/\.json$/, '.failures.txt')
rmSync(failuresFile, { force: true })
if (failedTitles.length > 0) writeFileSync(failuresFile, `${failedTitles.join('\n')}\n`)

console.log(`${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
const allowAllSkipped = flag === '--allow-all-skipped' && skipped > 0
process.exit(failed > 0 || (passed === 0 && !allowAllSkipped) ? 1 : 0)
