#!/usr/bin/env node
// `npm run harness`: builds first when the build is missing, then starts the harness.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const needed = ['out/renderer/index.html', 'out/harness/shim.js', 'out/node/harness.js']
if (needed.some((f) => !existsSync(f))) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], {
    stdio: ['ignore', 'inherit', 'inherit']
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
const run = spawnSync(process.execPath, ['out/node/harness.js', ...process.argv.slice(2)], {
  stdio: 'inherit'
})
process.exit(run.status ?? 1)
