// Builds the component gallery: the renderer's components that the app does not show yet,
// mounted with fixtures, under the renderer's own CSP, for the browser accessibility scan.
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vite'

export default defineConfig({
  root: __dirname,
  base: './',
  plugins: [svelte()],
  build: { outDir: '../../out/gallery', emptyOutDir: true, target: 'chrome120' }
})
