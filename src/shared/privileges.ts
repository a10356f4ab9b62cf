// The three space privileges that govern automation (spec §2.0).
export const SPACE_PRIVILEGES = {
  view: 'space_view_atm_workflow_executions',
  schedule: 'space_schedule_atm_workflow_executions',
  manage: 'space_manage_atm_workflow_executions'
} as const
