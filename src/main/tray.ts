// Renders the tray model (src/core/tray/model.ts): an icon per state, the tooltip, the menu.
import { Menu, nativeImage, Tray } from 'electron'
import type { TrayAction, TrayModel, TrayState } from '../core/tray/model'
import { trayIconPng } from './tray-icon'
import { menuTemplate } from './tray-menu'

const icon = (state: TrayState) =>
  nativeImage.createFromBuffer(trayIconPng(state, 32), { scaleFactor: 2 })

export class TrayView {
  private readonly tray: Tray
  private state: TrayState = 'idle'

  constructor(private readonly act: (action: TrayAction) => void) {
    this.tray = new Tray(icon('idle'))
    // Linux ignores clicks on most desktops; the menu carries every action anyway.
    this.tray.on('click', () => act({ type: 'openWindow' }))
  }

  render(model: TrayModel): void {
    if (model.state !== this.state) {
      this.state = model.state
      this.tray.setImage(icon(model.state))
    }
    this.tray.setToolTip(model.tooltip)
    this.tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(model, this.act)))
  }

  destroy(): void {
    this.tray.destroy()
  }
}
