// What jsdom lacks and the components use: ResizeObserver (Svelte's size bindings). It never
// reports, so sizes stay 0 and components fall back to their default width and height.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver
