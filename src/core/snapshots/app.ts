// The snapshot channels of the app: save (into the history, and to a chosen file), the library,
// open for offline review, compare, and the executions the history holds. Opening and comparing
// files need no account, keychain or network; only saving and comparing with the live execution
// ask the monitor.
import { basename, join } from 'node:path'
import type { Request, Responses } from '../../shared/ipc'
import { compareExecutions } from '../../shared/snapshot-diff'
import type { ComparedSide, SnapshotComparison } from '../../shared/snapshot-library'
import { AppError } from '../errors'
import type { Logger } from '../log'
import { AutoSaver } from './auto-save'
import {
  captureFromMonitor,
  executionStateOf,
  openedSnapshot,
  type MonitorSource
} from './from-monitor'
import { GoneExecutions } from './gone'
import { SnapshotLibrary } from './library'
import { OutsideFiles } from './outside'
import { loadSnapshot, type LoadedSnapshot } from './read'
import { writeSnapshot } from './write'

type SnapshotChannel =
  | 'snapshots.save'
  | 'snapshots.list'
  | 'snapshots.delete'
  | 'snapshots.reveal'
  | 'snapshots.choose'
  | 'snapshots.admit'
  | 'snapshots.open'
  | 'snapshots.compare'
  | 'snapshots.saved'
  | 'snapshots.gone'
export type SnapshotHandlers = {
  [C in SnapshotChannel]: (request: Request<C>) => Promise<Responses[C]>
}
type Source = Request<'snapshots.open'>['source']

export interface SnapshotAppOptions {
  dataDir: string
  /** The monitor and clients; used for saving and live comparisons only. */
  monitor: MonitorSource
  autoSave(): boolean
  log: Logger
  /** A save dialog (main: dialog.showSaveDialog; harness: a path option); undefined = cancelled. */
  chooseSaveFile?: (suggestedName: string) => Promise<string | undefined>
  /** An open dialog for snapshot files; undefined = cancelled. */
  chooseOpenFile?: () => Promise<string | undefined>
  /** Shows a file in the system's file manager (main: shell.showItemInFolder). */
  showInFolder?: (path: string) => void
  /** The history changed (a save, a delete): the window lists it again. */
  onChanged?: () => void
}

export interface SnapshotApp {
  handlers: SnapshotHandlers
  library: SnapshotLibrary
  outside: OutsideFiles
  autoSaver: AutoSaver
  /** Removes leftovers of killed writes; answers how many. */
  ready: Promise<number>
}

export function createSnapshotApp(opts: SnapshotAppOptions): SnapshotApp {
  const library = new SnapshotLibrary(opts.dataDir)
  const outside = new OutsideFiles()
  const gone = new GoneExecutions(library, opts.monitor, opts.log)
  const ready = library.prepare().catch((err: unknown) => {
    opts.log.warn('snapshot history not prepared', { error: String(err) })
    return 0
  })
  const changed = () => opts.onChanged?.()
  const autoSaver = new AutoSaver({
    ledgerFile: join(opts.dataDir, 'snapshot-autosaves.json'),
    enabled: opts.autoSave,
    capture: (accountId, executionId) => captureFromMonitor(opts.monitor, accountId, executionId),
    cachedFinishTime: (accountId, executionId) => {
      try {
        return opts.monitor.execution(accountId, executionId).details?.finishTime
      } catch {
        return undefined
      }
    },
    save: (s) => library.add(s),
    log: opts.log,
    onSaved: changed
  })

  const pathOf = async (source: Source) =>
    'file' in source ? library.pathOf(source.file) : outside.path(source.handle)
  const load = async (source: Source): Promise<{ loaded: LoadedSnapshot; path: string }> => {
    const path = await pathOf(source)
    return { loaded: await loadSnapshot(path), path }
  }
  const side = (label: string, l: LoadedSnapshot): ComparedSide => ({
    label,
    at: l.snapshot.savedAt,
    status: l.snapshot.execution.status
  })

  const handlers: SnapshotHandlers = {
    'snapshots.save': async ({ accountId, executionId, chooseFile }) => {
      const { snapshot, warnings } = await captureFromMonitor(opts.monitor, accountId, executionId)
      let copiedTo: string | undefined
      if (chooseFile) {
        if (!opts.chooseSaveFile)
          throw new AppError('app.dialogUnavailable', 'Files cannot be chosen here.')
        const suggested = `${snapshot.execution.name.replace(/[^A-Za-z0-9._-]+/g, '-') || 'execution'}.lanewatch`
        const target = await opts.chooseSaveFile(suggested)
        if (!target) return { saved: false }
        await writeSnapshot(target, snapshot)
        copiedTo = basename(target)
      }
      const entry = await library.add(snapshot)
      changed()
      return { saved: true, entry, ...(copiedTo ? { copiedTo } : {}), warnings }
    },
    'snapshots.list': async () => {
      await ready
      return library.list()
    },
    'snapshots.delete': async ({ file }) => {
      await library.remove(file)
      changed()
      return { deleted: true }
    },
    'snapshots.reveal': async ({ file }) => {
      const path = library.pathOf(file)
      if (!opts.showInFolder) return { shown: false }
      opts.showInFolder(path)
      return { shown: true }
    },
    'snapshots.choose': async () => {
      if (!opts.chooseOpenFile)
        throw new AppError('app.dialogUnavailable', 'Files cannot be chosen here.')
      const path = await opts.chooseOpenFile()
      return path ? outside.admit(path) : null
    },
    'snapshots.admit': async ({ path }) => outside.admit(path),
    'snapshots.open': async ({ source }) => {
      const { loaded, path } = await load(source)
      return openedSnapshot(loaded, path)
    },
    'snapshots.compare': async ({ before, after }) => {
      const a = await load(before)
      const beforeSide = side(basename(a.path), a.loaded)
      let result: SnapshotComparison
      if ('live' in after) {
        const { accountId, executionId } = after.live
        const live = await captureFromMonitor(opts.monitor, accountId, executionId)
        const state = { ...executionStateOf(live.snapshot), accountId }
        result = {
          comparison: compareExecutions(a.loaded.snapshot, live.snapshot),
          before: beforeSide,
          after: {
            label: 'live',
            at: live.snapshot.savedAt,
            status: live.snapshot.execution.status,
            state
          }
        }
      } else {
        const b = await load(after)
        result = {
          comparison: compareExecutions(a.loaded.snapshot, b.loaded.snapshot),
          before: beforeSide,
          after: { ...side(basename(b.path), b.loaded), state: executionStateOf(b.loaded.snapshot) }
        }
      }
      return result
    },
    'snapshots.saved': async ({ accountId }) => library.saved(opts.monitor.host(accountId)),
    'snapshots.gone': async ({ accountId, spaceId }) => gone.of(accountId, spaceId)
  }
  return { handlers, library, outside, autoSaver, ready }
}
