import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import globals from 'globals'
import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]

// Import boundaries (design §2): dependencies point renderer → preload → main → core → shared.
// Checked on resolved file paths, so no relative path of any depth gets round them. For each
// folder of src/, the folders it may import besides its own; every other folder is forbidden.
// A path with a file name allows that file only.
const MAY_IMPORT = {
  shared: [],
  core: ['shared'],
  main: ['core', 'shared', 'simulator/demo-provider.ts'],
  preload: ['shared'],
  renderer: ['shared'],
  cli: ['core', 'shared'],
  simulator: ['shared'],
  harness: ['core', 'shared', 'simulator/demo-provider.ts']
}
const FOLDERS = Object.keys(MAY_IMPORT)

function zonesOf(folder) {
  const allowed = MAY_IMPORT[folder]
  const message = `src/${folder} may import only ${allowed.map((a) => `src/${a}`).join(', ') || 'its own files'} (design §2).`
  return FOLDERS.filter((other) => other !== folder && !allowed.includes(other)).map((other) => {
    const except = allowed
      .filter((a) => a.startsWith(`${other}/`))
      .map((a) => `./${a.slice(other.length + 1)}`)
    return { target: `src/${folder}`, from: `src/${other}`, except, message }
  })
}

const zones = [
  ...FOLDERS.flatMap(zonesOf),
  {
    // The harness's shim runs in the browser, beside the renderer.
    target: ['src/harness/shim.ts', 'src/harness/messages.ts'],
    from: ['src/core', 'src/simulator', 'src/harness/server.ts', 'src/harness/main.ts'],
    message: 'The harness shim runs in the browser: shared code and messages.ts only.'
  },
  {
    target: 'bench',
    from: ['src/main', 'src/preload', 'src/renderer', 'src/harness'],
    message: 'Benchmarks run under plain Node: core, shared and the simulator only.'
  },
  {
    target: 'src',
    from: ['tests', 'bench', 'scripts'],
    message: 'Product code never imports tests, benchmarks or scripts.'
  }
]

// Electron, by any specifier (static, dynamic or require), only in main and the preload; the
// raw IPC objects only in src/main/ipc.ts (the contract binding) and the preload.
const ELECTRON = ['electron', 'electron/main', 'electron/renderer', 'electron/common']
const ELECTRON_CALL = '/^electron($|\\u002F)/'

function restrict(message, { node = false, typesOnly = false } = {}) {
  const entry = { message, ...(typesOnly ? { allowTypeImports: true } : {}) }
  return {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: [...ELECTRON, ...(node ? nodeModules : [])].map((name) => ({ name, ...entry })),
        patterns: [{ group: ['electron/**'], ...entry }]
      }
    ],
    'no-restricted-syntax': [
      'error',
      { selector: `ImportExpression[source.value=${ELECTRON_CALL}]`, message },
      {
        selector: `CallExpression[callee.name='require'][arguments.0.value=${ELECTRON_CALL}]`,
        message
      }
    ]
  }
}

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
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.mts', '.js', '.mjs', '.svelte', '.json'] })
      ]
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      // The zone rule skips an import it cannot resolve, so every import must resolve.
      'import-x/no-unresolved': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: here, zones }]
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
    files: [
      'src/core/**',
      'src/cli/**',
      'src/simulator/**',
      'src/harness/**',
      'bench/**',
      'scripts/**',
      'bin/**'
    ],
    rules: restrict('Electron-free code: it must run under plain Node (CLI, tests, harness).')
  },
  {
    files: ['src/shared/**'],
    rules: restrict('src/shared is the contract: no Node or Electron API.', { node: true })
  },
  {
    files: ['src/renderer/**', 'src/harness/shim.ts', 'src/harness/messages.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      'Browser code runs sandboxed: it reaches the app only through window.lanewatch.',
      { node: true }
    )
  },
  {
    // Tests may name Electron's types; loading electron itself would try to download it.
    files: ['tests/**', '*.config.*'],
    rules: restrict('Tests run without Electron: type imports only (stand-ins via vi.doMock).', {
      typesOnly: true
    })
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/ipc.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ELECTRON.map((name) => ({
            name,
            importNames: ['ipcMain', 'ipcRenderer', 'default'],
            message: 'Raw IPC lives in src/main/ipc.ts, which binds the contract; use it.'
          }))
        }
      ]
    }
  }
)
