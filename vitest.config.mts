import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { svelteTesting } from '@testing-library/svelte/vite'

// The Svelte plugins only for the renderer project: svelteTesting() adds the browser export
// condition, which would hand Node suites the browser builds of packages such as ws.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'tests/unit/**/*.test.ts',
            'src/{shared,core,main,cli,simulator,harness}/**/*.test.ts'
          ]
        }
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000
        }
      },
      {
        plugins: [svelte(), svelteTesting()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['src/renderer/**/*.test.ts', 'tests/renderer/**/*.test.ts'],
          setupFiles: ['./vitest.setup.ts']
        }
      },
      {
        test: {
          name: 'keychain',
          environment: 'node',
          include: ['tests/keychain/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 30_000
        }
      }
    ]
  }
})
