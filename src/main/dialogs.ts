// The file dialog through which a person picks a provider's CA certificate. Main shows it and
// the service reads the file, so the window never names a path (see core/accounts/ca-choices).
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron'

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
