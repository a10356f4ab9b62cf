// Runs the built `lanewatch` in a child process, as a person would (stdin, env, exit code).
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const ROOT = join(__dirname, '../..')
export const CLI = join(ROOT, 'out/node/cli.js')

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  out: string
  err: string
}

export interface CliOptions {
  env?: Record<string, string | undefined>
  /** An ES module to load first (node --import): test-only boundaries such as a missing keytar. */
  preload?: string
  stdin?: string
  /**
   * Without the powers root has over files (a user namespace where this process's user owns the
   * files but holds no capabilities), so permission bits apply to it as to anyone else.
   */
  unprivileged?: boolean
}

export function runCliProcess(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error('out/node/cli.js is missing: run `npm run build` first')
  const node = [...(opts.preload ? ['--import', opts.preload] : []), CLI, ...args]
  const [command, argv] =
    opts.unprivileged && process.getuid?.() === 0
      ? ['unshare', ['--user', '--map-user=1000', '--map-group=1000', process.execPath, ...node]]
      : [process.execPath, node]
  const child = spawn(command, argv, {
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (c) => (out += c))
  child.stderr.on('data', (c) => (err += c))
  child.stdin.end(opts.stdin ?? '')
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out: out.trim(), err: err.trim() }))
  )
}
