import { fireEvent, render, screen } from '@testing-library/svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import AddAccount from '../../src/renderer/src/components/AddAccount.svelte'

function install(
  add: (request: unknown) => Promise<unknown>,
  chooseCa: (request: unknown) => Promise<unknown> = async () => ({ ok: true, value: null })
) {
  ;(window as unknown as { lanewatch: unknown }).lanewatch = { accounts: { add, chooseCa } }
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

  it('chooses a CA file through the app, shows its name, and sends only its handle', async () => {
    const add = vi.fn(async () => ({ ok: true, value: { account: { id: 'a1' }, report: {} } }))
    const chooseCa = vi.fn(async () => ({
      ok: true,
      value: { handle: 'h-123', name: 'site-ca.pem' }
    }))
    install(add, chooseCa)
    const onadded = vi.fn()
    render(AddAccount, { onadded })
    expect(screen.queryByRole('textbox', { name: /CA/ })).toBeNull()
    const group = screen.getByRole('group', { name: /CA file/ })
    expect(group).toHaveTextContent('none chosen')
    await fireEvent.click(screen.getByRole('button', { name: 'Choose CA file…' }))
    expect(await screen.findByLabelText('Chosen CA file')).toHaveTextContent('site-ca.pem')
    expect(chooseCa).toHaveBeenCalledWith({})
    await fill()
    await vi.waitFor(() => expect(onadded).toHaveBeenCalledWith('a1'))
    expect(add).toHaveBeenCalledWith({
      label: 'Lab',
      providerUrl: 'https://op.example.org',
      token: 'secret-token',
      caFile: 'h-123'
    })
  })

  it('keeps no CA when the dialog is cancelled or the choice removed, and says why a file cannot be used', async () => {
    const add = vi.fn(async () => ({ ok: true, value: { account: { id: 'a1' }, report: {} } }))
    const answers = [
      { ok: true, value: { handle: 'h-1', name: 'ca.pem' } },
      {
        ok: false,
        error: {
          id: 'account.caUnusable',
          description: 'notes.txt cannot be used as a CA: it is not a readable PEM certificate.'
        }
      },
      { ok: true, value: null }
    ]
    install(add, async () => answers.shift())
    render(AddAccount, { onadded: () => {} })
    const choose = screen.getByRole('button', { name: 'Choose CA file…' })
    await fireEvent.click(choose)
    await screen.findByLabelText('Chosen CA file')
    await fireEvent.click(screen.getByRole('button', { name: 'Remove the CA file' }))
    expect(screen.queryByLabelText('Chosen CA file')).toBeNull()
    await fireEvent.click(choose)
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'notes.txt cannot be used as a CA: it is not a readable PEM certificate.'
    )
    await fireEvent.click(choose)
    await vi.waitFor(() => expect(screen.queryByRole('alert')).toBeNull())
    expect(screen.getByRole('group', { name: /CA file/ })).toHaveTextContent('none chosen')
    await fill()
    await vi.waitFor(() => expect(add).toHaveBeenCalled())
    expect(add.mock.calls[0]).toEqual([
      { label: 'Lab', providerUrl: 'https://op.example.org', token: 'secret-token' }
    ])
  })
})
