// Adding an account for a provider with its own CA: the CA is chosen through the app's file
// dialog (the harness's --ca-file stands in for it), the form shows the file's name, and the
// account reaches the provider over TLS. The page never handles a path.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { createInterface } from 'node:readline'
import { expect, test } from '@playwright/test'
import { startHarness, watchProblems, type Harness } from './harness'

interface TlsProvider {
  url: string
  token: string
  caPath: string
}

let simulator: ChildProcess
let provider: TlsProvider
const harnesses: Harness[] = []

test.beforeAll(async () => {
  simulator = spawn(
    process.execPath,
    [join(__dirname, '../../out/node/simulator.js'), '--tls', '--scenario', 'conformance'],
    { stdio: ['ignore', 'pipe', 'ignore'] }
  )
  const line = await new Promise<string>((resolve, reject) => {
    simulator.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)))
    createInterface({ input: simulator.stdout! }).once('line', resolve)
  })
  const started = JSON.parse(line) as {
    url: string
    tokens: Record<string, string>
    caPath: string
  }
  provider = { url: started.url, token: Object.values(started.tokens)[0]!, caPath: started.caPath }
})
test.afterAll(() => {
  for (const h of harnesses) h.stop()
  simulator?.kill('SIGTERM')
})

async function harnessChoosing(file: string): Promise<Harness> {
  const harness = await startHarness(['--empty', '--ca-file', file])
  harnesses.push(harness)
  return harness
}

test('a CA chosen through the dialog lets the account reach a self-signed provider', async ({
  page
}) => {
  const problems = watchProblems(page)
  const harness = await harnessChoosing(provider.caPath)
  await page.goto(harness.url)
  const form = page.getByRole('form', { name: 'Add a provider account' })
  await form.getByLabel('Name').fill('Self-signed lab')
  await form.getByLabel('Oneprovider URL').fill(provider.url)
  await form.getByLabel('Access token').fill(provider.token)
  await expect(form.getByRole('group', { name: /CA file/ })).toContainText('none chosen')
  await form.getByRole('button', { name: 'Choose CA file…' }).click()
  await expect(form.getByLabel('Chosen CA file')).toHaveText(basename(provider.caPath))
  await page.screenshot({ path: 'test-results/add-account-ca-chosen.png', fullPage: true })
  await form.getByRole('button', { name: 'Add account' }).click()
  await expect(
    page
      .getByRole('navigation', { name: 'Accounts and spaces' })
      .getByRole('heading', { name: 'Self-signed lab' })
  ).toBeVisible({ timeout: 20_000 })
  const accounts = await page.evaluate(() => window.lanewatch.accounts.list({}))
  expect(accounts).toMatchObject({
    ok: true,
    value: [{ label: 'Self-signed lab', caPath: provider.caPath }]
  })
  expect(problems).toEqual([])
})

test('without the CA the provider is not trusted; a file that is not a CA is refused by name', async ({
  page
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'lanewatch-e2e-ca-'))
  const notes = join(folder, 'notes.txt')
  writeFileSync(notes, 'not a certificate')
  const harness = await harnessChoosing(notes)
  await page.goto(harness.url)
  const form = page.getByRole('form', { name: 'Add a provider account' })
  await form.getByLabel('Name').fill('Self-signed lab')
  await form.getByLabel('Oneprovider URL').fill(provider.url)
  await form.getByLabel('Access token').fill(provider.token)
  await form.getByRole('button', { name: 'Add account' }).click()
  await expect(form.getByRole('alert')).toContainText("The provider's certificate is not trusted")
  await form.getByRole('button', { name: 'Choose CA file…' }).click()
  await expect(form.getByRole('alert').filter({ hasText: 'notes.txt' })).toHaveText(
    'notes.txt cannot be used as a CA: it is not a readable PEM certificate.'
  )
  await expect(form.getByRole('group', { name: /CA file/ })).toContainText('none chosen')
  // The page cannot name a file itself.
  const probe = await page.evaluate(() =>
    (window.lanewatch.accounts.add as (r: unknown) => Promise<unknown>)({
      label: 'Probe',
      providerUrl: 'https://op.example.org',
      token: 'x',
      caPath: '/etc/shadow'
    })
  )
  expect(probe).toMatchObject({ ok: false, error: { id: 'ipc.badRequest' } })
})
