// Store file operations that die like a killed process: at a chosen operation the write is cut
// short (half an appended line on disk, a snapshot's temp file never renamed, a truncation that
// never happened) and every later operation fails, as nothing runs after a kill.
import { writeFileSync } from 'node:fs'
import { diskFiles, type StoreFiles } from '../../src/core/monitor/store-files'

export type FileOp = 'append' | 'replace' | 'truncate'

export class KillableFiles implements StoreFiles {
  dead = false
  private counts: Record<FileOp, number> = { append: 0, replace: 0, truncate: 0 }

  /** Dies during the `nth` (1-based) operation of this kind. */
  constructor(private readonly kill?: { op: FileOp; nth: number }) {}

  private step(op: FileOp): boolean {
    if (this.dead) throw new Error('the process is gone')
    this.counts[op] += 1
    return this.kill?.op === op && this.kill.nth === this.counts[op]
  }

  private die(): never {
    this.dead = true
    throw new Error('killed while writing')
  }

  read(path: string) {
    return diskFiles.read(path)
  }

  append(path: string, text: string): void {
    if (!this.step('append')) return diskFiles.append(path, text)
    diskFiles.append(path, text.slice(0, Math.floor(text.length / 2)))
    this.die()
  }

  replace(path: string, text: string): void {
    if (!this.step('replace')) return diskFiles.replace(path, text)
    writeFileSync(`${path}.${process.pid}.killed.tmp`, text.slice(0, 10))
    this.die()
  }

  truncate(path: string, length: number): void {
    if (!this.step('truncate')) return diskFiles.truncate(path, length)
    this.die()
  }

  moveAside(path: string): string {
    if (this.dead) throw new Error('the process is gone')
    return diskFiles.moveAside(path)
  }
}
