// Builds the browser harness's shim (installs window.lanewatch over a WebSocket) as one script.
import { defineConfig } from 'vite'

export default defineConfig({
  build: {
    outDir: 'out/harness',
    emptyOutDir: true,
    target: 'chrome120',
    minify: false,
    lib: {
      entry: 'src/harness/shim.ts',
      formats: ['iife'],
      name: 'LanewatchHarnessShim',
      fileName: () => 'shim.js'
    }
  }
})
