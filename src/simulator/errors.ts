// Errors the simulator answers with: the ErrorJson envelope of spec §5.1 with `ctx`, and the ids
// and HTTP codes of spec §5.2. Descriptions follow the wording of the 25.x error definitions.
import type { ErrorJson } from '../shared/errors'

export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly id: string,
    readonly description: string,
    readonly details?: Record<string, unknown>,
    /** Nested errors (e.g. `authError`) are plain ErrorJson without their own ctx. */
    readonly module = 'rest_handler'
  ) {
    super(`${id}: ${description}`)
  }

  toJson(): ErrorJson {
    return {
      id: this.id,
      description: this.description,
      ...(this.details ? { details: this.details } : {})
    }
  }
}

export interface ServiceContext {
  service: 'opw' | 'ozw'
  serviceId: string
  serviceDomain: string
}

const RELEASE = '25.0'
const BUILD = '231-g8d26f953c3'
const ERRORS_REVISION = 'ca3af8cb'

export function errorBody(err: ApiError, svc: ServiceContext, nowMs: number): { error: ErrorJson } {
  return {
    error: {
      ...err.toJson(),
      ctx: {
        timestamp: nowMs,
        serviceReleaseVersion: RELEASE,
        serviceId: svc.serviceId,
        serviceDomain: svc.serviceDomain,
        serviceBuildVersion: BUILD,
        service: svc.service,
        onedataErrorsRevision: ERRORS_REVISION,
        module: err.module,
        line: lineOf(err.id)
      }
    }
  }
}

// A stable pseudo line number per error id, so ctx looks like the real thing and stays stable.
function lineOf(id: string): number {
  let h = 0
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) % 900
  return h + 40
}

const E = (http: number, id: string, description: string, details?: Record<string, unknown>) =>
  new ApiError(http, id, description, details)

export const errors = {
  unauthorized: (authError?: ErrorJson) =>
    E(
      401,
      'unauthorized',
      'You must authenticate yourself to perform this operation.',
      authError ? { authError } : undefined
    ),
  tokenInvalid: () => E(400, 'tokenInvalid', 'Provided token is not valid.'),
  tokenRevoked: () => E(400, 'tokenRevoked', 'Provided token has been revoked.'),
  userNotSupported: () =>
    E(403, 'userNotSupported', 'Authenticated user is not supported by this Oneprovider.'),
  forbidden: () => E(403, 'forbidden', 'You are not authorized to perform this operation.'),
  notFound: () => E(404, 'notFound', 'The resource could not be found.'),
  malformedData: () =>
    E(400, 'malformedData', 'Provided data could not be understood by the server.'),
  missingRequiredValue: (key: string) =>
    E(400, 'missingRequiredValue', `Missing required value: "${key}".`, { key }),
  badValueInteger: (key: string) =>
    E(400, 'badValueInteger', `Bad value: provided "${key}" must be an integer.`, { key }),
  badValueString: (key: string) =>
    E(400, 'badValueString', `Bad value: provided "${key}" must be a string.`, { key }),
  badValueEmpty: (key: string) =>
    E(400, 'badValueEmpty', `Bad value: provided "${key}" must not be empty.`, { key }),
  badValueTooLow: (key: string, limit: number) =>
    E(400, 'badValueTooLow', `Bad value: provided "${key}" must be at least ${limit}.`, {
      key,
      limit
    }),
  badValueNotInRange: (key: string, low: number, high: number) =>
    E(
      400,
      'badValueNotInRange',
      `Bad value: provided "${key}" must be between <${low}..${high}>.`,
      { key, low, high }
    ),
  badValueNotAllowed: (key: string, allowed: readonly string[]) =>
    E(
      400,
      'badValueNotAllowed',
      `Bad value: provided "${key}" must be one of: ${allowed.map((a) => `"${a}"`).join(', ')}.`,
      { key, allowed: [...allowed] }
    ),
  badValueJSON: (key: string) =>
    E(400, 'badValueJSON', `Bad value: provided "${key}" must be a valid JSON object.`, { key }),
  badData: (key: string, hint: string) =>
    E(
      400,
      'badData',
      `Bad value: provided "${key}" could not be understood by the server: ${hint}`,
      {
        key,
        hint
      }
    ),
  spaceNotSupportedBy: (spaceId: string, providerId: string) =>
    E(400, 'spaceNotSupportedBy', `Space ${spaceId} is not supported by provider ${providerId}.`, {
      spaceId,
      providerId
    }),
  notSupported: () => E(400, 'notSupported', 'This operation is not supported.'),
  ended: () =>
    E(
      400,
      'atmWorkflowExecutionEnded',
      'Specified automation workflow execution has already ended.'
    ),
  notEnded: () =>
    E(
      400,
      'atmWorkflowExecutionNotEnded',
      'Specified automation workflow execution has not ended yet.'
    ),
  notResumable: () =>
    E(
      400,
      'atmWorkflowExecutionNotResumable',
      'Specified automation workflow execution cannot be resumed.'
    ),
  notStopped: () =>
    E(
      400,
      'atmWorkflowExecutionNotStopped',
      'Specified automation workflow execution must be stopped before this operation.'
    ),
  invalidStatusTransition: (prevStatus: string, newStatus: string) =>
    E(
      400,
      'atmInvalidStatusTransition',
      `Invalid status transition from "${prevStatus}" to "${newStatus}".`,
      { prevStatus, newStatus }
    ),
  retryFailed: () =>
    E(
      400,
      'atmLaneExecutionRetryFailed',
      'Lane run can be retried only if all items have been processed but some of them failed.'
    ),
  rerunFailed: () =>
    E(
      400,
      'atmLaneExecutionRerunFailed',
      'Lane run can be rerun only if it has ended with status "finished", "failed" or "cancelled".'
    ),
  workflowEmpty: () =>
    E(400, 'atmWorkflowEmpty', 'Automation workflow schema revision has no lanes.'),
  laneEmpty: (atmLaneSchemaId: string) =>
    E(400, 'atmLaneEmpty', 'Lane has no parallel boxes.', { atmLaneSchemaId }),
  parallelBoxEmpty: (atmParallelBoxSchemaId: string) =>
    E(400, 'atmParallelBoxEmpty', 'Parallel box has no tasks.', { atmParallelBoxSchemaId }),
  storeCreationFailed: (atmStoreSchemaId: string, specificError: ApiError) =>
    E(
      400,
      'atmStoreCreationFailed',
      `Failed to create an automation store (schema ID: "${atmStoreSchemaId}"): ${specificError.description}`,
      { atmStoreSchemaId, specificError: specificError.toJson() }
    ),
  storeMissingRequiredInitialContent: () =>
    E(
      400,
      'atmStoreMissingRequiredInitialContent',
      'Missing initial content required to create an automation store.'
    ),
  dataTypeUnverified: (value: unknown, expType: string) =>
    E(400, 'atmDataTypeUnverified', `Provided value is not of expected type: ${expType}.`, {
      value,
      expType
    }),
  dataValueConstraintUnverified: (
    value: unknown,
    type: string,
    valueConstraints: Record<string, unknown>
  ) =>
    E(
      400,
      'atmDataValueConstraintUnverified',
      `Provided value of type "${type}" doesn't meet the constraints: "${erlangJson(valueConstraints)}".`,
      { value, type, valueConstraints }
    ),
  laneExecutionCreationFailed: (atmLaneSchemaId: string, specificError: ApiError) =>
    E(
      400,
      'atmLaneExecutionCreationFailed',
      `Failed to create automation lane execution (ID: "${atmLaneSchemaId}"): ${specificError.description}`,
      { atmLaneSchemaId, specificError: specificError.toJson() }
    ),
  openfaasNotConfigured: () =>
    E(400, 'atmOpenfaasNotConfigured', 'No OpenFaaS service is configured.'),
  openfaasUnreachable: () =>
    E(400, 'atmOpenfaasUnreachable', 'Cannot connect to the OpenFaaS service.'),
  openfaasUnhealthy: () => E(503, 'atmOpenfaasUnhealthy', 'The OpenFaaS service is unhealthy.'),
  internalServerError: () =>
    E(
      500,
      'internalServerError',
      'The server has encountered an error while processing this request.',
      {
        reference: 'simulated'
      }
    ),
  serviceUnavailable: () =>
    E(503, 'serviceUnavailable', 'Service is unavailable - try again later.')
}

/** JSON as op-worker's encoder writes a map: keys in sorted order, no spaces. */
export function erlangJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0
  )
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]))
}
