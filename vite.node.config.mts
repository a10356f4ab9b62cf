// Builds the parts that run under plain Node (CLI, simulator, harness, benchmarks) into out/node
// as CommonJS, with packages left external so `npm install` alone makes them runnable.
import { defineConfig } from 'vite'
import { builtinModules } from 'node:module'
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.devDependencies ?? {})
]

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/node',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: {
        cli: 'src/cli/index.ts',
        simulator: 'src/simulator/main.ts',
        harness: 'src/harness/main.ts',
        'bench-client': 'bench/client.ts',
        'bench-list': 'bench/list.ts',
        'bench-monitor': 'bench/monitor.ts',
        'bench-pass-through': 'bench/pass-through.ts',
        'bench-simulator-startup': 'bench/simulator-startup.ts',
        'bench-snapshots': 'bench/snapshots.ts',
        'bench-snapshot-child': 'bench/snapshot-child.ts',
        'bench-timeline': 'bench/timeline.ts'
      },
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: {
        format: 'cjs',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js'
      }
    }
  }
})
