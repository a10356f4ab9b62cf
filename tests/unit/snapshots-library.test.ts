// The local history on disk: saving under readable unique names, listing from headers (newest
// first, unreadable files reported), deleting, refusing names outside the folder, cleaning what
// killed writes left, the executions it holds per provider; and the check of paths from outside.
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeSnapshot } from '../../bench/snapshot-fixture'
import { AppError } from '../../src/core/errors'
import { historyFileName, SnapshotLibrary } from '../../src/core/snapshots/library'
import { checkSnapshotPath, OutsideFiles } from '../../src/core/snapshots/outside'
import type { Snapshot } from '../../src/shared/snapshot'
import { scratch } from './snapshots-craft'

const snap = (seed: number, savedAt: number, host = 'p1.example.org'): Snapshot => {
  const s = makeSnapshot({ lanes: 2, runsPerLane: 1, entries: 3 }, seed)
  return { ...s, savedAt, provider: { host } }
}

async function refused(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

describe('the snapshot history', () => {
  it('saves, lists newest first from the headers, and deletes', async () => {
    const lib = new SnapshotLibrary(scratch())
    const older = await lib.add(snap(1, 1_700_000_000_000))
    const newer = await lib.add(snap(2, 1_700_000_500_000))
    const { entries, problems } = await lib.list()
    expect(problems).toEqual([])
    expect(entries.map((e) => e.file)).toEqual([newer.file, older.file])
    const s = snap(2, 1_700_000_500_000)
    expect(entries[0]).toMatchObject({
      executionId: s.execution.atmWorkflowExecutionId,
      name: s.execution.name,
      status: s.execution.status,
      providerHost: 'p1.example.org',
      savedAt: 1_700_000_500_000
    })
    expect(entries[0]!.bytes).toBeGreaterThan(100)
    await lib.remove(older.file)
    expect((await lib.list()).entries.map((e) => e.file)).toEqual([newer.file])
  })

  it('names files after the execution, its id and the time; two saves never collide', () => {
    const s = snap(1, Date.UTC(2026, 10, 29, 12, 30, 5))
    s.execution.name = 'Variant calling / ../../etc'
    const name = historyFileName(s, 'ab12')
    expect(name).toMatch(
      /^Variant-calling-etc-[A-Za-z0-9]{1,12}-2026-11-29T12-30-05-000Z-ab12\.lanewatch$/
    )
    expect(historyFileName(s)).not.toBe(historyFileName(s))
  })

  it('reports files that are not snapshots without hiding the others', async () => {
    const lib = new SnapshotLibrary(scratch())
    const good = await lib.add(snap(1, 1))
    writeFileSync(join(lib.folder, 'broken.lanewatch'), 'not a snapshot\n')
    mkdirSync(join(lib.folder, 'folder.lanewatch'))
    writeFileSync(join(lib.folder, 'notes.txt'), 'ignored')
    const { entries, problems } = await lib.list()
    expect(entries.map((e) => e.file)).toEqual([good.file])
    expect(problems.map((p) => p.file).sort()).toEqual(['broken.lanewatch', 'folder.lanewatch'])
    expect(problems.find((p) => p.file === 'broken.lanewatch')!.reason).toMatch(
      /is not a Lanewatch snapshot/
    )
  })

  it('an empty or missing history lists nothing', async () => {
    expect(await new SnapshotLibrary(join(scratch(), 'none')).list()).toEqual({
      entries: [],
      problems: []
    })
  })

  it('refuses names outside the folder, hidden files and other extensions', async () => {
    const lib = new SnapshotLibrary(scratch())
    for (const bad of [
      '../x.lanewatch',
      'a/b.lanewatch',
      '..\\x.lanewatch',
      '.hidden.lanewatch',
      'x.json',
      '.lanewatch',
      'x\0.lanewatch'
    ])
      expect(() => lib.pathOf(bad), bad).toThrow(/is not a snapshot in the history/)
    expect((await refused(lib.remove('gone.lanewatch'))).description).toMatch(
      /gone\.lanewatch cannot be deleted: no such file or folder/
    )
  })

  it('removes the temporary files of writes killed mid-way, and nothing else', async () => {
    const lib = new SnapshotLibrary(scratch())
    const kept = await lib.add(snap(1, 1))
    writeFileSync(join(lib.folder, `.${kept.file}.4242.deadbeef.tmp`), 'half a file')
    writeFileSync(join(lib.folder, '.other.lanewatch.1.00.tmp'), '')
    writeFileSync(join(lib.folder, 'mine.tmp'), 'not ours: no leading dot')
    expect(await lib.prepare()).toBe(2)
    expect(readdirSync(lib.folder).sort()).toEqual([kept.file, 'mine.tmp'].sort())
  })

  it('answers the executions of one provider it holds, newest snapshot each', async () => {
    const lib = new SnapshotLibrary(scratch())
    await lib.add(snap(1, 10))
    const newest = await lib.add(snap(1, 20))
    await lib.add(snap(2, 15, 'other.example.org'))
    const saved = await lib.saved('p1.example.org')
    expect(saved).toEqual([
      {
        executionId: snap(1, 0).execution.atmWorkflowExecutionId,
        savedAt: 20,
        file: newest.file
      }
    ])
    expect(await lib.saved('nobody.example.org')).toEqual([])
  })
})

describe('snapshot files from outside (drop, argv, dialog)', () => {
  it('admits a regular .lanewatch file by handle, and names it by its file name only', async () => {
    const lib = new SnapshotLibrary(scratch())
    const entry = await lib.add(snap(1, 1))
    const outside = new OutsideFiles()
    const admitted = await outside.admit(join(lib.folder, entry.file))
    expect(admitted.fileName).toBe(entry.file)
    expect(admitted.handle).not.toContain('/')
    expect(await outside.path(admitted.handle)).toBe(join(lib.folder, entry.file))
    expect((await refused(outside.path('no-such-handle'))).id).toBe('snapshot.unknownHandle')
  })

  it('refuses other extensions, relative paths, folders, missing and oversized files', async () => {
    const dir = scratch()
    writeFileSync(join(dir, 'notes.txt'), 'x')
    mkdirSync(join(dir, 'folder.lanewatch'))
    writeFileSync(join(dir, 'big.lanewatch'), Buffer.alloc(2048))
    symlinkSync(join(dir, 'folder.lanewatch'), join(dir, 'link.lanewatch'))
    const why = async (path: unknown, max?: number) =>
      (await refused(checkSnapshotPath(path, max))).description
    expect(await why(join(dir, 'notes.txt'))).toMatch(/notes\.txt is not a Lanewatch snapshot/)
    expect(await why('relative.lanewatch')).toMatch(/the path is not absolute/)
    expect(await why(join(dir, 'folder.lanewatch'))).toMatch(/it is not a file/)
    expect(await why(join(dir, 'link.lanewatch'))).toMatch(/it is not a file/)
    expect(await why(join(dir, 'gone.lanewatch'))).toMatch(/no such file or folder/)
    expect(await why(join(dir, 'big.lanewatch'), 1024)).toMatch(/is too large to open/)
    expect(await why(42)).toBe('That is not a file path.')
    expect(await why(`${dir}/a\0.lanewatch`)).toBe('That is not a file path.')
    expect(await checkSnapshotPath(join(dir, 'big.lanewatch'))).toBe(join(dir, 'big.lanewatch'))
  })
})
