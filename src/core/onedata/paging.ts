// Every loop that follows page tokens goes through a PageGuard: a token the server already sent
// (a repeated or cyclic token) or more pages than any real listing has end the loop with a
// clear error instead of looping forever.
import { CLIENT_ERROR_IDS, OnedataError } from './errors'

/** 10,000 pages of up to 1,000 ids each: far more than any space holds. */
export const MAX_PAGES = 10_000

const shown = (token: string) =>
  JSON.stringify(token.length > 40 ? `${token.slice(0, 40)}…` : token)

export class PageGuard {
  private readonly seen = new Set<string>()
  private pages = 1

  constructor(
    private readonly what: string,
    private readonly host: string,
    private readonly maxPages = MAX_PAGES
  ) {}

  /** Call with each next-page token before asking for that page. */
  next(token: string): void {
    if (this.seen.has(token))
      throw new OnedataError({
        id: CLIENT_ERROR_IDS.pagingLoop,
        kind: 'response',
        description: `${this.what}: ${this.host} sent the page token ${shown(token)} a second time, after ${this.pages} pages; stopped, as following it would loop forever.`
      })
    if (this.pages >= this.maxPages)
      throw new OnedataError({
        id: CLIENT_ERROR_IDS.tooManyPages,
        kind: 'response',
        description: `${this.what}: ${this.host} still had more after ${this.pages} pages; stopped at that limit.`
      })
    this.seen.add(token)
    this.pages++
  }
}
