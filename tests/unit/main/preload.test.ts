// Checklist item 20: the page sees only window.lanewatch, holding exactly the contract's methods
// and `on`. The real preload runs against a stand-in contextBridge and ipcRenderer.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { contract } from '../../../src/shared/ipc'
import { fakeElectron, type FakeElectron } from './fake-electron'

let electron: FakeElectron

beforeEach(async () => {
  vi.resetModules()
  electron = fakeElectron()
  vi.doMock('electron', () => electron)
  await import('../../../src/preload/index')
  vi.doUnmock('electron')
})

type Api = Record<string | symbol, unknown>
const exposed = () => electron.contextBridge.exposed.get('lanewatch') as Api
const group = (name: string) => exposed()[name] as Record<string, (r?: unknown) => unknown>

/** The contract's channels as window.lanewatch must show them: { accounts: ['add', …], … }. */
function contractShape(): Record<string, string[]> {
  const shape: Record<string, string[]> = {}
  for (const channel of Object.keys(contract)) {
    const [g, method] = channel.split('.') as [string, string]
    ;(shape[g] ??= []).push(method)
  }
  return shape
}

describe('the preload', () => {
  it('exposes one object, window.lanewatch, and nothing else', () => {
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['lanewatch'])
  })

  it("holds exactly the contract's methods and `on`, at every level", () => {
    const api = exposed()
    const shape = contractShape()
    expect(Reflect.ownKeys(api).sort()).toEqual([...Object.keys(shape), 'on', 'pathForFile'].sort())
    expect(typeof api.on).toBe('function')
    for (const [name, methods] of Object.entries(shape)) {
      const g = group(name)
      expect(Reflect.ownKeys(g).sort(), name).toEqual([...methods].sort())
      for (const m of methods) expect(typeof g[m], `${name}.${m}`).toBe('function')
    }
  })

  it("gives a dropped File's path through webUtils, and nothing for anything else", () => {
    const pathForFile = exposed().pathForFile as (f: unknown) => string
    const dropped = Object.assign(new File(['x'], 'run.lanewatch'), {
      fakePath: '/home/me/run.lanewatch'
    })
    expect(pathForFile(dropped)).toBe('/home/me/run.lanewatch')
    expect(pathForFile({ fakePath: '/etc/passwd', name: 'x.lanewatch' })).toBe('')
    expect(pathForFile('/etc/passwd')).toBe('')
  })

  it('sends each call on its own channel', async () => {
    expect(await group('executions').list!({ accountId: 'a' })).toEqual({
      ok: true,
      value: 'executions.list'
    })
    await group('accounts').list!()
    expect(electron.ipcRenderer.invoked).toEqual([
      ['executions.list', { accountId: 'a' }],
      ['accounts.list', {}]
    ])
  })

  it('hands listeners the payload only, never the IPC event, and unsubscribes', () => {
    const received: unknown[][] = []
    const off = (exposed().on as (e: string, l: (...a: unknown[]) => void) => () => void)(
      'monitor:event',
      (...args) => received.push(args)
    )
    const event = { sender: electron.ipcRenderer }
    electron.ipcRenderer.emit('monitor:event', event, { executionId: 'e' })
    expect(received).toEqual([[{ executionId: 'e' }]])
    off()
    electron.ipcRenderer.emit('monitor:event', event, { executionId: 'f' })
    expect(received).toHaveLength(1)
    expect(electron.ipcRenderer.listenerCount('monitor:event')).toBe(0)
  })

  it('refuses to subscribe to an event the contract does not name', () => {
    const on = exposed().on as (e: string, l: () => void) => () => void
    expect(() => on('ipc-message', () => {})).toThrow(/unknown event/)
    expect(electron.ipcRenderer.eventNames()).toEqual([])
  })
})
