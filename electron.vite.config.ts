import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

export default defineConfig({
  main: {},
  // A sandboxed preload cannot require modules: bundle everything but electron into one file.
  preload: { build: { externalizeDeps: false } },
  renderer: { plugins: [svelte()] }
})
