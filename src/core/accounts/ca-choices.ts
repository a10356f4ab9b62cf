// CA files chosen in the app's file dialog. Main shows the dialog and reads the file; the window
// gets an opaque handle and the file's name only, so it can neither name a path nor learn
// anything about files it did not choose. A file that cannot be used gets one message, whatever
// the reason (missing, unreadable, not a certificate).
import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import type { ChosenCaFile } from '../../shared/accounts'
import { AppError } from '../errors'
import { readCa } from './verify'

/** Shows a file dialog; resolves to the chosen path, or undefined when cancelled. */
export type ChooseFile = () => Promise<string | undefined>

interface Chosen {
  path: string
  pem: string
}

const KEPT = 16

export class CaChoices {
  private readonly chosen = new Map<string, Chosen>()

  constructor(private readonly chooseFile?: ChooseFile) {}

  async choose(): Promise<ChosenCaFile | null> {
    if (!this.chooseFile)
      throw new AppError('app.dialogUnavailable', 'Files cannot be chosen here.')
    const path = await this.chooseFile()
    if (!path) return null
    const name = basename(path)
    const { ca } = readCa(path)
    if (!ca)
      throw new AppError(
        'account.caUnusable',
        `${name} cannot be used as a CA: it is not a readable PEM certificate.`
      )
    const handle = randomUUID()
    this.chosen.set(handle, { path, pem: ca })
    // Only the latest few choices are kept; an old handle asks for the file again.
    for (const old of this.chosen.keys()) if (this.chosen.size > KEPT) this.chosen.delete(old)
    return { handle, name }
  }

  /** The file behind a handle from choose(). */
  get(handle: string): Chosen {
    const chosen = this.chosen.get(handle)
    if (!chosen)
      throw new AppError(
        'account.caUnknown',
        'The chosen CA file is no longer known; choose it again.'
      )
    return chosen
  }

  forget(handle: string): void {
    this.chosen.delete(handle)
  }
}
