// A clock for relative times on screen ("next refresh in 3 s"). It only redraws: it asks the
// app for nothing.
export class Ticker {
  now = $state(Date.now())

  start(everyMs = 1000): () => void {
    const timer = setInterval(() => (this.now = Date.now()), everyMs)
    return () => clearInterval(timer)
  }
}
