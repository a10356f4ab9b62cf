// Stand-ins for the Electron objects main and the preload use, recording what is installed on
// them so tests can emit events and call the installed handlers. There is no Electron binary on
// the build machines; this is the boundary the tests cannot run. Used directly (passed into the
// installing functions) and as the `electron` module (vi.mock) for the modules that import it.
import { EventEmitter } from 'node:events'
import type { BrowserWindowConstructorOptions } from 'electron'

type Handler = (...args: never[]) => unknown

let nextContentsId = 100

export interface FakeFrame {
  url: string
  processId: number
  routingId: number
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++
  readonly mainFrame: FakeFrame = {
    url: 'app://lanewatch/index.html',
    processId: this.id,
    routingId: 1
  }
  windowOpenHandler?: (details: { url: string }) => { action: string }
  readonly sent: [string, unknown][] = []

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  /** Like Electron's: the payload is structured-cloned, and what cannot be cloned throws. */
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, structuredClone(payload)])
  }
  /** Emits a preventable event (will-navigate …); true when a listener prevented it. */
  attempt(event: string, ...args: unknown[]): boolean {
    let prevented = false
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args)
    return prevented
  }
  /** An IPC invoke event from the given frame of these contents (the main frame by default). */
  invokeEvent(frame: Partial<FakeFrame> = {}): { sender: FakeWebContents; senderFrame: FakeFrame } {
    return { sender: this, senderFrame: { ...this.mainFrame, ...frame } }
  }
}

export class FakeApp extends EventEmitter {
  hasLock = true
  quitCalls = 0
  badge = 0
  loginItem?: unknown
  isPackaged = false
  setBadgeCount(n: number): boolean {
    this.badge = n
    return true
  }
  setLoginItemSettings(settings: unknown): void {
    this.loginItem = settings
  }
  getAppPath(): string {
    return '/opt/lanewatch/app'
  }
  readonly paths = new Map<string, string>()
  #ready!: () => void
  #whenReady = new Promise<void>((r) => (this.#ready = r))

  requestSingleInstanceLock(): boolean {
    return this.hasLock
  }
  quit(): void {
    this.quitCalls++
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path)
  }
  getPath(name: string): string {
    const path = this.paths.get(name)
    if (!path) throw new Error(`no path ${name}`)
    return path
  }
  getVersion(): string {
    return '0.0.0-test'
  }
  whenReady(): Promise<void> {
    return this.#whenReady
  }
  /** Fires 'ready' and lets whenReady() callbacks run. */
  async ready(): Promise<void> {
    this.#ready()
    await this.#whenReady
    await new Promise((r) => setImmediate(r))
  }
}

export class FakeSession {
  requestHandler?: (
    contents: unknown,
    permission: string,
    callback: (granted: boolean) => void
  ) => void
  checkHandler?: (contents: unknown, permission: string) => boolean
  deviceHandler?: (details: unknown) => boolean
  setPermissionRequestHandler(h: FakeSession['requestHandler']): void {
    this.requestHandler = h
  }
  setPermissionCheckHandler(h: FakeSession['checkHandler']): void {
    this.checkHandler = h
  }
  setDevicePermissionHandler(h: FakeSession['deviceHandler']): void {
    this.deviceHandler = h
  }
}

export class FakeProtocol {
  readonly privileged: unknown[] = []
  readonly handlers = new Map<string, (request: { url: string }) => Promise<Response>>()
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes)
  }
  handle(scheme: string, handler: (request: { url: string }) => Promise<Response>): void {
    this.handlers.set(scheme, handler)
  }
}

export class FakeShell {
  readonly opened: string[] = []
  readonly shownInFolder: string[] = []
  showItemInFolder(path: string): void {
    this.shownInFolder.push(path)
  }
  async openExternal(url: string): Promise<void> {
    this.opened.push(url)
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>()
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, handler)
  }
  /** Calls a channel's handler as Electron would for an invoke from `event`'s frame. */
  invoke(channel: string, event: unknown, payload?: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`no handler for ${channel}`)
    return Promise.resolve((handler as (e: unknown, p: unknown) => unknown)(event, payload))
  }
}

export class FakeWindow extends EventEmitter {
  /** The windows of this class (each fakeWindowClass() has its own list). */
  static created: FakeWindow[] = []
  static app?: FakeApp
  /** No window has the focus in these tests: dialogs open unparented. */
  static getFocusedWindow(): undefined {
    return undefined
  }
  static getAllWindows(): FakeWindow[] {
    return this.created.filter((w) => !w.destroyed)
  }

  readonly webContents = new FakeWebContents()
  loadedUrl?: string
  visible = false
  destroyed = false
  minimized = false
  focused = 0

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super()
    const cls = new.target as typeof FakeWindow
    cls.created.push(this)
    // Electron announces every new web contents on the app before anything loads.
    cls.app?.emit('web-contents-created', {}, this.webContents)
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    return Promise.resolve()
  }
  show(): void {
    this.visible = true
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  destroy(): void {
    this.destroyed = true
    this.webContents.emit('destroyed')
  }
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.minimized = false
  }
  focus(): void {
    this.focused++
  }
}

/** A BrowserWindow class with its own list of windows, announcing them on `app`. */
export function fakeWindowClass(app?: FakeApp): typeof FakeWindow {
  return class extends FakeWindow {
    static override created: FakeWindow[] = []
    static override app = app
  }
}
export type FakeWindowClass = typeof FakeWindow

export class FakeContextBridge {
  readonly exposed = new Map<string, unknown>()
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api)
  }
}

export class FakeIpcRenderer extends EventEmitter {
  readonly invoked: [string, unknown][] = []
  async invoke(channel: string, request: unknown): Promise<unknown> {
    this.invoked.push([channel, request])
    return { ok: true, value: channel }
  }
}

/** The tray: what main last rendered on it. */
export class FakeTray extends EventEmitter {
  static created: FakeTray[] = []
  tooltip?: string
  menu?: { template: { label?: string; type?: string; click?: () => void }[] }
  images = 1
  destroyed = false
  constructor() {
    super()
    FakeTray.created.push(this)
  }
  setImage(): void {
    this.images++
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip
  }
  setContextMenu(menu: FakeTray['menu']): void {
    this.menu = menu
  }
  destroy(): void {
    this.destroyed = true
  }
}

/** A desktop notification: shown or not, and its click. */
export class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = []
  static isSupported = () => true
  constructor(readonly options: { title: string; body: string; silent?: boolean }) {
    super()
  }
  show(): void {
    FakeNotification.shown.push(this)
  }
}

/** Electron's dialogs: the next answer of the open and save dialogs, and the error boxes shown. */
export class FakeDialog {
  nextOpen: string | undefined
  readonly errors: { title: string; content: string }[] = []
  async showOpenDialog(...args: unknown[]) {
    void args
    const path = this.nextOpen
    return path ? { canceled: false, filePaths: [path] } : { canceled: true, filePaths: [] }
  }
  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content })
  }
}

/** A whole fake `electron` module, fresh for each test that needs one. */
export function fakeElectron() {
  const app = new FakeApp()
  FakeTray.created = []
  FakeNotification.shown = []
  return {
    app,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      application: undefined as { template: unknown[] } | undefined,
      setApplicationMenu(menu: { template: unknown[] }) {
        this.application = menu
      }
    },
    dialog: new FakeDialog(),
    /** The preload's way to a dropped file's path: the fake File carries it. */
    webUtils: { getPathForFile: (file: File & { fakePath?: string }) => file.fakePath ?? '' },
    nativeImage: { createFromBuffer: (png: Buffer) => ({ png }) },
    BrowserWindow: fakeWindowClass(app),
    session: { defaultSession: new FakeSession() },
    protocol: new FakeProtocol(),
    shell: new FakeShell(),
    ipcMain: new FakeIpcMain(),
    contextBridge: new FakeContextBridge(),
    ipcRenderer: new FakeIpcRenderer()
  }
}
export type FakeElectron = ReturnType<typeof fakeElectron>
