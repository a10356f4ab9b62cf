// The file dialog through which a person picks a provider's CA certificate. Main shows it and
// the service reads the file, so the window never names a path (see core/accounts/ca-choices).
import { BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron'

export const CA_DIALOG: OpenDialogOptions = {
  title: "Choose your provider's CA certificate",
  buttonLabel: 'Use this CA',
  properties: ['openFile', 'dontAddToRecent'],
  filters: [
    { name: 'PEM certificates', extensions: ['pem', 'crt', 'cer'] },
    { name: 'All files', extensions: ['*'] }
  ]
}

/** Resolves to the chosen path, or undefined when the dialog was cancelled. */
export async function chooseCaFile(): Promise<string | undefined> {
  const parent = BrowserWindow.getFocusedWindow()
  const result = parent
    ? await dialog.showOpenDialog(parent, CA_DIALOG)
    : await dialog.showOpenDialog(CA_DIALOG)
  return result.canceled ? undefined : result.filePaths[0]
}

export const SNAPSHOT_OPEN_DIALOG: OpenDialogOptions = {
  title: 'Open a snapshot',
  properties: ['openFile'],
  filters: [{ name: 'Lanewatch snapshots', extensions: ['lanewatch'] }]
}

/** Resolves to the chosen snapshot file, or undefined when the dialog was cancelled. */
export async function chooseSnapshotFile(): Promise<string | undefined> {
  const parent = BrowserWindow.getFocusedWindow()
  const result = parent
    ? await dialog.showOpenDialog(parent, SNAPSHOT_OPEN_DIALOG)
    : await dialog.showOpenDialog(SNAPSHOT_OPEN_DIALOG)
  return result.canceled ? undefined : result.filePaths[0]
}

/** Where to save a snapshot; undefined when the dialog was cancelled. */
export async function chooseSnapshotTarget(suggestedName: string): Promise<string | undefined> {
  const options: SaveDialogOptions = {
    title: 'Save snapshot',
    defaultPath: suggestedName,
    filters: [{ name: 'Lanewatch snapshots', extensions: ['lanewatch'] }]
  }
  const parent = BrowserWindow.getFocusedWindow()
  const result = parent
    ? await dialog.showSaveDialog(parent, options)
    : await dialog.showSaveDialog(options)
  if (result.canceled || !result.filePath) return undefined
  return result.filePath.toLowerCase().endsWith('.lanewatch')
    ? result.filePath
    : `${result.filePath}.lanewatch`
}
