import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import { builtinModules } from 'node:module'

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]
// A top-level folder of src/ reached through a relative path (../main, ../../core/x, …).
const ours = (...dirs) =>
  dirs.flatMap((d) =>
    [1, 2, 3, 4].flatMap((depth) => ['../'.repeat(depth) + d, `${'../'.repeat(depth)}${d}/**`])
  )

// Import boundaries (design §2): dependencies point renderer → preload → main → core → shared.
const boundary = (message, { paths = [], patterns = [] }) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.length ? [{ group: patterns, message }] : []
    }
  ]
})

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'reports/**',
      'test-results/**',
      '.stub-electron/**',
      'bench/results/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ]
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } }
  },
  {
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    files: ['src/shared/**'],
    rules: boundary(
      'src/shared is the contract: it imports nothing of ours and no Node or Electron API.',
      {
        paths: ['electron', ...nodeModules],
        patterns: ours('core', 'main', 'preload', 'renderer', 'cli', 'simulator')
      }
    )
  },
  {
    files: ['src/core/**', 'src/cli/**', 'src/simulator/**'],
    rules: boundary('Electron-free code: it must run under plain Node (CLI, tests, harness).', {
      paths: ['electron'],
      patterns: ours('main', 'preload', 'renderer')
    })
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: boundary(
      'The renderer runs sandboxed: it talks to the app only through window.lanewatch.',
      {
        paths: ['electron', ...nodeModules],
        patterns: ours('core', 'main', 'cli', 'simulator')
      }
    )
  },
  {
    files: ['tests/gallery/**'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: ['src/harness/shim.ts', 'src/harness/messages.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: boundary('The harness shim runs in the browser: shared code only.', {
      paths: ['electron', ...nodeModules],
      patterns: ours('core', 'main', 'cli', 'simulator', 'renderer')
    })
  },
  {
    files: ['src/preload/**'],
    rules: boundary('The preload exposes the contract only.', {
      patterns: ours('core', 'main', 'renderer', 'cli', 'simulator')
    })
  }
)
