// Main's CA file dialog, with Electron's dialog and window lookup standing in (no Electron
// binary here): it asks for one existing file, over the focused window, and maps a cancel.
import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  focused: undefined as object | undefined,
  showOpenDialog: vi.fn()
}))
vi.mock('electron', () => ({
  BrowserWindow: { getFocusedWindow: () => electron.focused },
  dialog: { showOpenDialog: electron.showOpenDialog }
}))

const { chooseCaFile, CA_DIALOG } = await import('../../../src/main/dialogs')

beforeEach(() => {
  electron.showOpenDialog.mockReset()
  electron.focused = undefined
})

describe('the CA file dialog', () => {
  it('opens a single existing file over the focused window and answers its path', async () => {
    const win = { id: 1 }
    electron.focused = win
    electron.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['/home/me/ca.pem'] })
    expect(await chooseCaFile()).toBe('/home/me/ca.pem')
    expect(electron.showOpenDialog).toHaveBeenCalledWith(win, CA_DIALOG)
    expect(CA_DIALOG.properties).toEqual(['openFile', 'dontAddToRecent'])
    expect(CA_DIALOG.filters![0]).toEqual({
      name: 'PEM certificates',
      extensions: ['pem', 'crt', 'cer']
    })
  })

  it('answers undefined when cancelled, and works with no focused window', async () => {
    electron.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] })
    expect(await chooseCaFile()).toBeUndefined()
    expect(electron.showOpenDialog).toHaveBeenCalledWith(CA_DIALOG)
  })
})
