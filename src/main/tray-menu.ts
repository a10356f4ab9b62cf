// The tray menu as Electron's template, from the pure tray model. Only Electron's types are
// used here, so it is tested under Node.
import type { MenuItemConstructorOptions } from 'electron'
import type { TrayAction, TrayModel } from '../core/tray/model'

export function menuTemplate(
  model: TrayModel,
  act: (action: TrayAction) => void
): MenuItemConstructorOptions[] {
  return model.menu.map((entry): MenuItemConstructorOptions => {
    if (entry.kind === 'separator') return { type: 'separator' }
    if (entry.kind === 'header') return { label: entry.label, enabled: false }
    const action = entry.action
    return action
      ? {
          label: entry.label,
          click: () => act(action),
          ...(action.type === 'quit' ? { role: 'quit' as const } : {})
        }
      : { label: entry.label, enabled: false }
  })
}
