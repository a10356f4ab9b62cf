#!/usr/bin/env node
// Launcher for the built CLI (out/node/cli.js is produced by `npm run build`, run on install).
require('../out/node/cli.js')
