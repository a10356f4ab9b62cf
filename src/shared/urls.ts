// Links the app may hand to the system browser: http(s) only, after parsing.

/** The normalised URL when it is http(s) and has a host; undefined otherwise. */
export function safeExternalUrl(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > 2000) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (!url.hostname || url.username || url.password) return undefined
  return url.href
}
