// URLs checked as the user types, with the schema the service checks them with.
import { serviceUrl } from '../../../shared/accounts'

/** Why this text is not a usable provider or Onezone URL (empty is fine when optional). */
export function urlProblem(text: string, what: string, optional = false): string | undefined {
  if (!text.trim()) return optional ? undefined : `Enter the ${what} URL.`
  const checked = serviceUrl(what).safeParse(text)
  if (checked.success) return undefined
  const message = checked.error.issues[0]!.message
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`
}
