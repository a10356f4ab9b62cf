// Snapshot files handed to the app from outside the window: File → Open, a double-click on a
// .lanewatch file (macOS `open-file`; Windows and Linux start the app with the path in argv), and
// a second launch with a file, which hands it to the running instance. Each path is checked by
// core before it is read; the window is told a handle and the file's name, through the
// navigation queue, so a file given at start-up waits for the page to load.
import type { MenuItemConstructorOptions } from 'electron'
import type { OutsideSnapshotFile } from '../shared/snapshot-library'
import type { NavigateTarget } from '../shared/notifications'

/** The paths in a command line that name snapshot files (never options). */
export function snapshotPathsIn(argv: readonly string[]): string[] {
  return argv.filter((a) => !a.startsWith('-') && a.toLowerCase().endsWith('.lanewatch'))
}

export interface SnapshotOpeningDeps {
  /** Core's check of a path from outside, giving a handle (service.snapshots.outside.admit). */
  admit(path: string): Promise<OutsideSnapshotFile>
  navigate(target: NavigateTarget): void
  /** Brings the window forward, creating it when it was closed. */
  openWindow(): void
  /** Main's open dialog for a snapshot file; undefined when cancelled. */
  choose(): Promise<string | undefined>
  /** Tells the user a file could not be opened (main: dialog.showErrorBox). */
  report(message: string): void
}

export class SnapshotOpening {
  private deps?: SnapshotOpeningDeps
  private readonly waiting: string[] = []

  /** The service is up: files given before now are opened. */
  ready(deps: SnapshotOpeningDeps): void {
    this.deps = deps
    for (const path of this.waiting.splice(0)) void this.open(path)
  }

  /** Opens a file in the window (held until ready). Resolves when it was handed over or refused. */
  async open(path: string): Promise<void> {
    const deps = this.deps
    if (!deps) {
      this.waiting.push(path)
      return
    }
    deps.openWindow()
    try {
      const file = await deps.admit(path)
      deps.navigate({ view: 'snapshot', ...file })
    } catch (err) {
      deps.report(err instanceof Error ? err.message : String(err))
    }
  }

  /** File → Open: the dialog, then the chosen file. */
  async openFromDialog(): Promise<void> {
    const path = await this.deps?.choose()
    if (path) await this.open(path)
  }

  /** The events that hand files over: `open-file` (macOS) and a second launch's argv. */
  install(
    app: {
      on(
        event: 'open-file',
        listener: (e: { preventDefault(): void }, path: string) => void
      ): unknown
      on(
        event: 'second-instance',
        listener: (e: unknown, argv: string[], workingDirectory: string) => void
      ): unknown
    },
    openWindow: () => void
  ): void {
    app.on('open-file', (e, path) => {
      e.preventDefault()
      void this.open(path)
    })
    app.on('second-instance', (_e, argv) => {
      const paths = snapshotPathsIn((argv ?? []).slice(1))
      if (!paths.length) openWindow()
      for (const path of paths) void this.open(path)
    })
  }
}

/** The application menu: File → Open… (CmdOrCtrl+O) and the platform's usual menus. */
export function menuTemplate(
  platform: NodeJS.Platform,
  openSnapshot: () => void
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Snapshot…', accelerator: 'CmdOrCtrl+O', click: () => openSnapshot() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' }
  ]
}
