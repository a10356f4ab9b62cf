// Text from the server is shown as text: markup in a name, a status, an error or an audit-log
// entry never becomes elements, and a hostile status never becomes a CSS class of its own.
import { render, screen } from '@testing-library/svelte'
import './jsdom'
import { afterEach, describe, expect, it } from 'vitest'
import ExecutionView from '../../src/renderer/src/components/ExecutionView.svelte'
import type { ExecutionDetails } from '../../src/shared/execution'
import { buildApi, type Channel } from '../../src/shared/ipc'

const MARKUP =
  '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\u001b]0;t\u0007'

const details: ExecutionDetails = {
  atmWorkflowExecutionId: `e${MARKUP}`,
  atmWorkflowSchemaSnapshotId: 's',
  name: MARKUP,
  atmInventoryId: 'i',
  spaceId: 's',
  userId: 'u',
  status: `active ${MARKUP}`,
  scheduleTime: 1,
  startTime: 1,
  suspendTime: 0,
  finishTime: 0,
  lambdaSnapshotRegistry: {},
  storeRegistry: {},
  systemAuditLogStoreId: 'a',
  lanes: [
    {
      schemaId: MARKUP,
      runs: [
        {
          runNumber: 1,
          originRunNumber: null,
          runType: MARKUP,
          status: MARKUP,
          iteratedStoreId: null,
          exceptionStoreId: null,
          parallelBoxes: [{ schemaId: 'b', taskRegistry: { t: MARKUP } }],
          isRetriable: true,
          isRerunable: true
        }
      ]
    }
  ]
}

function install(answers: Partial<Record<Channel, unknown>>) {
  const api = buildApi(
    async (channel) => answers[channel] ?? { ok: false, error: { id: 'x', description: MARKUP } },
    () => () => {}
  )
  Object.defineProperty(window, 'lanewatch', { value: api, configurable: true })
}

afterEach(() => {
  delete (window as { lanewatch?: unknown }).lanewatch
})

describe('text from the server in the renderer', () => {
  it('names, statuses, ids and audit-log entries are text, never elements', async () => {
    install({
      'monitor.execution': {
        ok: true,
        value: {
          accountId: 'a',
          executionId: 'e',
          details,
          observations: { execution: [], runs: [] },
          auditLog: [
            { index: '1', timestamp: 1, severity: MARKUP, content: { description: MARKUP } }
          ],
          names: { lanes: {}, parallelBoxes: {}, tasks: {} },
          laneSamples: []
        }
      }
    })
    render(ExecutionView, { accountId: 'a', executionId: 'e', onclose: () => {} })
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent(MARKUP, {
      normalizeWhitespace: false
    })
    expect(
      await screen.findByRole('region', { name: 'Audit log entries, newest first' })
    ).toHaveTextContent('<script>window.__pwned=2</script>')
    expect(document.querySelector('img, script, iframe, object')).toBeNull()
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined()
    for (const el of document.querySelectorAll('[class]'))
      for (const name of el.classList) expect(name).toMatch(/^[\w-]+$/)
  })

  it('an error message from the server is text too', async () => {
    install({})
    render(ExecutionView, { accountId: 'a', executionId: 'e', onclose: () => {} })
    expect(await screen.findByRole('alert')).toHaveTextContent('<img src=x')
    expect(document.querySelector('img, script')).toBeNull()
  })
})
