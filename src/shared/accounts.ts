// Provider accounts as the rest of the app sees them. The token is never part of an account:
// it lives in the OS keychain and never leaves the main process. One schema checks an account
// wherever it comes from (the add form, the CLI, the settings file), so what is saved loads.
import { z } from 'zod'

export const LABEL_MAX = 100
const URL_MAX = 2000

/** An http(s) URL with a host and no user name or password in it (the token is the credential). */
export function serviceUrl(what: string) {
  return z
    .string()
    .trim()
    .max(URL_MAX, `the ${what} URL is longer than ${URL_MAX} characters`)
    .superRefine((raw, ctx) => {
      const problem = serviceUrlProblem(raw)
      if (problem) ctx.addIssue({ code: 'custom', message: `the ${what} URL ${problem}` })
    })
}

function serviceUrlProblem(raw: string): string | undefined {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'is not a valid URL'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https://'
  if (!url.hostname) return 'has no host'
  if (url.username || url.password)
    return 'must not contain a user name or password (the access token is the only credential)'
  return undefined
}

export const accountLabel = z
  .string()
  .trim()
  .min(1, 'give the account a name')
  .max(LABEL_MAX, `the name is longer than ${LABEL_MAX} characters`)

export const accountSchema = z.object({
  id: z.string().min(1).max(200),
  label: accountLabel,
  providerUrl: serviceUrl('provider'),
  onezoneUrl: serviceUrl('Onezone').optional(),
  /** Path of a PEM file with a CA to trust for this provider (self-signed deployments). */
  caPath: z.string().min(1).max(4096).optional(),
  /** Space ids the user chose to watch. */
  spaces: z.array(z.string().max(200)).max(1000).default([]),
  /** The built-in demo provider (in-process simulator); never written to the settings file. */
  demo: z.boolean().optional()
})
export type Account = z.infer<typeof accountSchema>

/** What a person gives to add an account, checked before anything is verified or saved. */
export const newAccountSchema = accountSchema.pick({
  label: true,
  providerUrl: true,
  onezoneUrl: true,
  caPath: true
})

/** The first problem zod found, as `field: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message
}

export interface SpaceCheck {
  spaceId: string
  name: string
  /** undefined: unknown (no Onezone to ask and the provider did not say) */
  canView?: boolean
  canSchedule?: boolean
  canManage?: boolean
  /** What the check found, in a sentence. */
  note: string
}

/** What verifying a token against a provider found. */
export interface AccountReport {
  ok: boolean
  provider?: { id: string | null; name: string | null; version: string }
  user?: { id: string; name?: string }
  spaces: SpaceCheck[]
  /** Problems that make the account unusable, in sentences a person understands. */
  problems: string[]
  /** Things worth knowing that do not stop the account from working. */
  warnings: string[]
}

/** A CA file chosen in the app's file dialog: main keeps the path, the window gets a handle. */
export interface ChosenCaFile {
  handle: string
  name: string
}
