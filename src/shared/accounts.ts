// Provider accounts as the rest of the app sees them. The token is never part of an account:
// it lives in the OS keychain and never leaves the main process.
import { z } from 'zod'

export const accountSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1).max(100),
  providerUrl: z.string().url(),
  onezoneUrl: z.string().url().optional(),
  /** Path of a PEM file with a CA to trust for this provider (self-signed deployments). */
  caPath: z.string().min(1).optional(),
  /** Space ids the user chose to watch. */
  spaces: z.array(z.string()).default([]),
  /** The built-in demo provider (in-process simulator); never written to the settings file. */
  demo: z.boolean().optional()
})
export type Account = z.infer<typeof accountSchema>

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
