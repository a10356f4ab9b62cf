// Something loaded from the app: loading, loaded, or failed with the reason; a newer load
// supersedes an older one still on its way, so a late answer never overwrites a fresher choice.

export class Loadable<T> {
  value = $state<T>()
  error = $state<string>()
  loading = $state(false)
  private generation = 0

  async load(fetch: () => Promise<T>): Promise<void> {
    const mine = ++this.generation
    this.loading = true
    this.error = undefined
    try {
      const value = await fetch()
      if (mine === this.generation) this.value = value
    } catch (err) {
      if (mine === this.generation) {
        this.value = undefined
        this.error = err instanceof Error ? err.message : String(err)
      }
    } finally {
      if (mine === this.generation) this.loading = false
    }
  }

  /** Forgets the value and any load on its way. */
  reset(): void {
    this.generation++
    this.value = undefined
    this.error = undefined
    this.loading = false
  }
}
