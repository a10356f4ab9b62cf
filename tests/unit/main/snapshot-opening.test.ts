// Snapshot files handed to the app from outside, with fakes for the app and core: argv of a
// second launch, macOS's open-file before and after ready, File → Open, refusals reported, and
// the application menu's entry.
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import {
  menuTemplate,
  SnapshotOpening,
  snapshotPathsIn,
  type SnapshotOpeningDeps
} from '../../../src/main/snapshot-opening'
import type { NavigateTarget } from '../../../src/shared/notifications'

function fakes(choice?: string) {
  const seen = { navigated: [] as NavigateTarget[], reported: [] as string[], windows: 0 }
  const deps: SnapshotOpeningDeps = {
    admit: async (path) => {
      if (!path.endsWith('.lanewatch')) throw new Error(`${path} is not a Lanewatch snapshot`)
      return { handle: `h:${path}`, fileName: path.split('/').at(-1)! }
    },
    navigate: (t) => seen.navigated.push(t),
    openWindow: () => seen.windows++,
    choose: async () => choice,
    report: (m) => seen.reported.push(m)
  }
  return { deps, seen }
}

const settle = () => new Promise((r) => setImmediate(r))

describe('snapshot files from the system', () => {
  it('takes snapshot paths from a command line, never options', () => {
    expect(
      snapshotPathsIn(['/a/run.lanewatch', '--hidden', '-x.lanewatch', 'B.LANEWATCH', 'notes.txt'])
    ).toEqual(['/a/run.lanewatch', 'B.LANEWATCH'])
  })

  it('a second launch with a file hands it to this instance; without one it shows the window', async () => {
    const app = new EventEmitter()
    const opening = new SnapshotOpening()
    let shown = 0
    opening.install(app as never, () => shown++)
    const { deps, seen } = fakes()
    opening.ready(deps)
    app.emit('second-instance', {}, ['/usr/bin/lanewatch', '--flag', '/home/me/a.lanewatch'], '/')
    await settle()
    expect(seen.navigated).toEqual([
      { view: 'snapshot', handle: 'h:/home/me/a.lanewatch', fileName: 'a.lanewatch' }
    ])
    expect(seen.windows).toBe(1)
    expect(shown).toBe(0)
    app.emit('second-instance', {}, ['/usr/bin/lanewatch'], '/')
    expect(shown).toBe(1)
    expect(seen.navigated).toHaveLength(1)
  })

  it('open-file before ready waits for the service; the default is prevented', async () => {
    const app = new EventEmitter()
    const opening = new SnapshotOpening()
    opening.install(app as never, () => {})
    let prevented = 0
    app.emit('open-file', { preventDefault: () => prevented++ }, '/Users/me/early.lanewatch')
    expect(prevented).toBe(1)
    const { deps, seen } = fakes()
    expect(seen.navigated).toEqual([])
    opening.ready(deps)
    await settle()
    expect(seen.navigated).toEqual([
      { view: 'snapshot', handle: 'h:/Users/me/early.lanewatch', fileName: 'early.lanewatch' }
    ])
  })

  it('a file core refuses is reported, and nothing is navigated', async () => {
    const opening = new SnapshotOpening()
    const { deps, seen } = fakes()
    opening.ready(deps)
    await opening.open('/etc/passwd')
    expect(seen.reported).toEqual(['/etc/passwd is not a Lanewatch snapshot'])
    expect(seen.navigated).toEqual([])
  })

  it('File → Open shows the dialog and opens the choice; a cancel does nothing', async () => {
    const chosen = fakes('/home/me/picked.lanewatch')
    const opening = new SnapshotOpening()
    opening.ready(chosen.deps)
    await opening.openFromDialog()
    expect(chosen.seen.navigated).toHaveLength(1)
    const cancelled = fakes(undefined)
    const other = new SnapshotOpening()
    other.ready(cancelled.deps)
    await other.openFromDialog()
    expect(cancelled.seen.navigated).toEqual([])
    expect(cancelled.seen.windows).toBe(0)
  })

  it('the menu has File → Open Snapshot… on CmdOrCtrl+O, and the app menu on macOS only', () => {
    let opened = 0
    const linux = menuTemplate('linux', () => opened++)
    const file = linux.find((m) => m.label === 'File')!
    const open = (
      file.submenu as { label?: string; accelerator?: string; click?: () => void }[]
    )[0]!
    expect(open).toMatchObject({ label: 'Open Snapshot…', accelerator: 'CmdOrCtrl+O' })
    open.click!()
    expect(opened).toBe(1)
    expect(linux.some((m) => m.role === 'appMenu')).toBe(false)
    expect(menuTemplate('darwin', () => {})[0]).toEqual({ role: 'appMenu' })
  })
})
