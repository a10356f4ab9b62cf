import { fireEvent, render, screen } from '@testing-library/svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import AddAccount from '../../src/renderer/src/components/AddAccount.svelte'

function install(add: (request: unknown) => Promise<unknown>) {
  ;(window as unknown as { lanewatch: unknown }).lanewatch = { accounts: { add } }
}
afterEach(() => {
  delete (window as unknown as { lanewatch?: unknown }).lanewatch
})

async function fill() {
  await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Lab' } })
  await fireEvent.input(screen.getByLabelText('Oneprovider URL'), {
    target: { value: 'https://op.example.org' }
  })
  await fireEvent.input(screen.getByLabelText('Access token'), {
    target: { value: 'secret-token' }
  })
  await fireEvent.submit(screen.getByRole('form', { name: 'Add a provider account' }))
}

describe('AddAccount', () => {
  it('sends the form and clears the token once the account is added', async () => {
    const add = vi.fn(async () => ({ ok: true, value: { account: { id: 'a1' }, report: {} } }))
    install(add)
    const onadded = vi.fn()
    render(AddAccount, { onadded })
    await fill()
    await vi.waitFor(() => expect(onadded).toHaveBeenCalledWith('a1'))
    expect(add).toHaveBeenCalledWith({
      label: 'Lab',
      providerUrl: 'https://op.example.org',
      token: 'secret-token'
    })
    expect((screen.getByLabelText('Access token') as HTMLInputElement).value).toBe('')
  })

  it('lists the problems of a failed verification and keeps what was typed', async () => {
    install(async () => ({
      ok: false,
      error: {
        id: 'account.verificationFailed',
        description: 'x',
        details: {
          report: {
            ok: false,
            spaces: [],
            warnings: [],
            problems: ['The token works, but no space is visible on this provider.']
          }
        }
      }
    }))
    render(AddAccount, { onadded: () => {} })
    await fill()
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The token works, but no space is visible on this provider.'
    )
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Lab')
  })

  it('shows any other error as one line', async () => {
    install(async () => ({
      ok: false,
      error: { id: 'keychain.unavailable', description: 'The OS keychain is not available.' }
    }))
    render(AddAccount, { onadded: () => {} })
    await fill()
    expect(await screen.findByRole('alert')).toHaveTextContent('The OS keychain is not available.')
  })
})
