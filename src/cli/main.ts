// The `lanewatch` command line: parses arguments, runs one command, maps failures to exit codes
// (0 ok, 1 refused or invalid answer, 2 usage, 3 network or TLS, 4 watch ended not finished).
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { OnedataError } from '../core/onedata'
import { auditLog, list, show, spaces } from './commands/read'
import { lifecycle, repeat, schedule } from './commands/control'
import { watch } from './commands/watch'
import { monitor } from './commands/monitor'
import { accounts } from './commands/accounts'
import { snapshot } from './commands/snapshot'
import { AppError } from '../core/errors'
import { Context, type Flags } from './context'
import { EXIT, UsageError, type CliIo } from './io'
import { cleanLines, cleanText } from './text'

type Options = NonNullable<ParseArgsConfig['options']>

interface Command {
  usage: string
  summary: string
  options?: Options
  run(ctx: Context): Promise<number>
}

const GLOBAL: Options = {
  account: { type: 'string' },
  provider: { type: 'string' },
  ca: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
}

const COMMANDS: Record<string, Command> = {
  accounts: {
    usage:
      'accounts add --label L --provider URL [--onezone URL] [--ca FILE] [--token-stdin] | list | remove ID | test ID',
    summary: 'provider accounts, shared with the app (tokens in the OS keychain)',
    options: {
      label: { type: 'string' },
      onezone: { type: 'string' },
      'token-stdin': { type: 'boolean' }
    },
    run: accounts
  },
  spaces: { usage: 'spaces', summary: 'list your spaces on the provider', run: spaces },
  list: {
    usage: 'list --space S [--phase waiting|ongoing|suspended|ended] [--limit N] [--all]',
    summary: 'list executions of a space (ids; with --all every page, with names and statuses)',
    options: {
      space: { type: 'string' },
      phase: { type: 'string' },
      limit: { type: 'string' },
      all: { type: 'boolean' }
    },
    run: list
  },
  show: {
    usage: 'show WID',
    summary: 'an execution with its lanes, runs, parallel boxes and tasks',
    run: show
  },
  pause: { usage: 'pause WID', summary: 'pause an execution', run: lifecycle('pause') },
  resume: {
    usage: 'resume WID',
    summary: 'resume a paused or interrupted execution',
    run: lifecycle('resume')
  },
  cancel: { usage: 'cancel WID', summary: 'cancel an execution', run: lifecycle('cancel') },
  'force-continue': {
    usage: 'force-continue WID',
    summary: 'continue a failed execution with its next lane',
    run: lifecycle('forceContinue')
  },
  delete: {
    usage: 'delete WID',
    summary: 'delete a suspended or ended execution',
    run: lifecycle('delete')
  },
  retry: {
    usage: 'retry WID --lane N --run M',
    summary: 'run the failed items of a lane run again',
    options: { lane: { type: 'string' }, run: { type: 'string' } },
    run: repeat('retry')
  },
  rerun: {
    usage: 'rerun WID --lane N --run M',
    summary: 'run all items of a lane run again',
    options: { lane: { type: 'string' }, run: { type: 'string' } },
    run: repeat('rerun')
  },
  schedule: {
    usage:
      'schedule --space S --schema ID --revision N [--overlay FILE] [--log-level L] [--callback URL] [--onezone URL]',
    summary:
      'schedule a workflow execution (the overlay is checked against the revision in Onezone first); prints its id',
    options: {
      space: { type: 'string' },
      onezone: { type: 'string' },
      schema: { type: 'string' },
      revision: { type: 'string' },
      overlay: { type: 'string' },
      'log-level': { type: 'string' },
      callback: { type: 'string' }
    },
    run: schedule
  },
  'audit-log': {
    usage: 'audit-log WID',
    summary: "an execution's workflow audit log",
    run: auditLog
  },
  monitor: {
    usage: 'monitor [--account A] [--space S] [--json]',
    summary: 'watch every watched space and print each event (JSON lines with --json) until Ctrl-C',
    options: { space: { type: 'string' } },
    run: monitor
  },
  snapshot: {
    usage: 'snapshot save WID -o FILE [--onezone URL] | show FILE | diff A B | diff A --live',
    summary:
      'save an execution to a .lanewatch file (names from Onezone when known); show or compare files offline, or a file with the live execution',
    options: {
      output: { type: 'string', short: 'o' },
      onezone: { type: 'string' },
      live: { type: 'boolean' }
    },
    run: snapshot
  },
  watch: {
    usage: 'watch WID [--interval SECONDS]',
    summary: 'print each change until the execution ends (exit 0 finished, 4 otherwise)',
    options: { interval: { type: 'string' } },
    run: watch
  }
}

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`)
  return [
    'usage: lanewatch COMMAND [options]',
    '',
    ...lines,
    '',
    'Every command takes --account LABEL|ID (a saved account), or --provider URL (or LANEWATCH_PROVIDER)',
    'with the token in LANEWATCH_TOKEN; and --ca FILE (or LANEWATCH_CA), --timeout SECONDS (how long one',
    'request may take; default 30 for reads, 60 for changes), --json and --debug.',
    'Exit codes: 0 ok, 1 refused or invalid answer, 2 usage, 3 network or TLS, 4 watch ended not finished.'
  ].join('\n')
}

export async function runCli(argv: string[], given: CliIo): Promise<number> {
  // Whatever is printed, by any command, carries no raw control character (text.ts).
  const io: CliIo = {
    ...given,
    out: (text) => given.out(cleanLines(text)),
    err: (text) => given.err(cleanLines(text))
  }
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    ;(name === undefined ? io.err : io.out)(usage())
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  const command = COMMANDS[name]
  if (!command) {
    io.err(`lanewatch: unknown command "${cleanText(name)}"\n\n${usage()}`)
    return EXIT.usage
  }
  let ctx: Context
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL, ...command.options },
      allowPositionals: true,
      strict: true
    })
    ctx = new Context(io, parsed.values as Flags, parsed.positionals)
  } catch (err) {
    io.err(
      // Node's own message, which may span lines, quoting the user's arguments.
      `lanewatch ${name}: ${cleanLines((err as Error).message)}\nusage: lanewatch ${command.usage}`
    )
    return EXIT.usage
  }
  if (ctx.flags.help) {
    io.out(`usage: lanewatch ${command.usage}\n${command.summary}`)
    return EXIT.ok
  }
  try {
    return await command.run(ctx)
  } catch (err) {
    return report(err, name, command, io, ctx.flags.debug === true)
  } finally {
    await ctx.close()
  }
}

function report(err: unknown, name: string, command: Command, io: CliIo, debug: boolean): number {
  // Messages may quote the server or the user: one line each, cleaned.
  const say = (message: string) => io.err(`lanewatch: ${cleanText(message)}`)
  const trace = () => {
    if (!debug || !(err instanceof Error) || !err.stack) return
    io.err(err.stack.replace(err.message, cleanText(err.message)))
  }
  if (err instanceof UsageError) {
    io.err(`lanewatch ${name}: ${cleanText(err.message)}\nusage: lanewatch ${command.usage}`)
    return EXIT.usage
  }
  if (err instanceof AppError) {
    say(err.message)
    const unknownAccount = /^account\.(notFound|ambiguous)$/.test(err.id)
    return unknownAccount ? EXIT.usage : EXIT.refused
  }
  if (err instanceof OnedataError) {
    say(err.userMessage())
    trace()
    return err.kind === 'network' || err.kind === 'tls' ? EXIT.network : EXIT.refused
  }
  say(`unexpected error: ${err instanceof Error ? err.message : String(err)}`)
  trace()
  return EXIT.refused
}
