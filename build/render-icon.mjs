#!/usr/bin/env node
// Renders build/icon.svg to build/icon.png (512x512) and build/icons/NxN.png (Linux icon set)
// with Playwright and Debian's Chromium; the PNGs are committed, so this runs only when the SVG
// changes: `node build/render-icon.mjs`.
import { chromium } from '@playwright/test'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const svg = readFileSync(join(here, 'icon.svg'), 'utf8')
const sizes = [16, 32, 48, 64, 128, 256, 512]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic'
  ]
})
try {
  mkdirSync(join(here, 'icons'), { recursive: true })
  for (const size of sizes) {
    const page = await browser.newPage({ viewport: { width: size, height: size } })
    const sized = svg.replace(/width="512" height="512"/, `width="${size}" height="${size}"`)
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`
    )
    const targets = [join(here, 'icons', `${size}x${size}.png`)]
    if (size === 512) targets.push(join(here, 'icon.png'))
    for (const path of targets) {
      await page.screenshot({
        path,
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size }
      })
      console.log(`wrote ${path}`)
    }
    await page.close()
  }
} finally {
  await browser.close()
}
