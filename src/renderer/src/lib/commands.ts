// Commands the keyboard and buttons share that talk to the app: pause or resume an execution
// by its cached details, and the schedule dialog's loaders on the schedule.* channels.
import type { ScheduleLoaders } from './schedule/form.svelte'
import { bridge, call, errorText } from './api'
import { pauseOrResume } from './list/row-actions'

/** Pauses or resumes an execution, as its status allows; a sentence saying what happened. */
export async function pauseOrResumeExecution(
  accountId: string,
  executionId: string
): Promise<string> {
  try {
    const cached = await call(bridge().monitor.details({ accountId, executionIds: [executionId] }))
    const d = cached[executionId]?.details
    if (!d) return 'Its details are not loaded yet; try again in a moment.'
    const choice = pauseOrResume(d)
    if ('refused' in choice) return `${choice.refused}.`
    await call(bridge().executions.act({ accountId, executionId, action: choice.action }))
    return `${choice.action === 'pause' ? 'Pause' : 'Resume'} of "${d.name}" sent.`
  } catch (err) {
    return errorText(err)
  }
}

export function scheduleLoaders(accountId: string): ScheduleLoaders {
  const s = bridge().schedule
  return {
    inventories: () => call(s.inventories({ accountId })),
    workflows: (inventoryId) => call(s.workflows({ accountId, inventoryId })),
    revision: (atmWorkflowSchemaId, revisionNumber) =>
      call(s.revision({ accountId, atmWorkflowSchemaId, revisionNumber })),
    submit: async (input) => {
      const done = await call(s.submit({ accountId, ...input }))
      if (done.executionId === null)
        throw new Error(
          'The provider accepted the workflow but its answer could not be read; look for the new execution in the list.'
        )
      return { executionId: done.executionId, notes: done.notes }
    }
  }
}
