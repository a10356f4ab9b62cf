// Builds the benchmark pages (every *.html here) with the renderer's Svelte setup into
// out/bench-pages, apart from the app's bundle. `npm run bench` serves them to Chromium.
import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))
const pages = readdirSync(root).filter((f) => f.endsWith('.html'))

export default defineConfig({
  root,
  base: './',
  plugins: [
    svelte({ configFile: fileURLToPath(new URL('../../svelte.config.mjs', import.meta.url)) })
  ],
  build: {
    outDir: fileURLToPath(new URL('../../out/bench-pages', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    rollupOptions: {
      input: Object.fromEntries(pages.map((p) => [p.replace(/\.html$/, ''), `${root}${p}`]))
    }
  }
})
