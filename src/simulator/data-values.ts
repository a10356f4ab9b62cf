// Typed store content as op-worker checks it when an execution is scheduled: the automation data
// types and their instance rules (ctool's atm_data_type:is_instance/2), the constraints it checks
// (op-worker's atm_*_value modules) and the store creation errors (atm_store_api:create/4,
// atm_workflow_execution_factory:create_global_stores/1). Only the error a real server gives.
import { z } from 'zod'
import { ApiError, errors } from './errors'

export const DATA_TYPES = [
  'array',
  'boolean',
  'dataset',
  'file',
  'group',
  'number',
  'object',
  'range',
  'string',
  'timeSeriesMeasurement'
] as const
export type DataType = (typeof DATA_TYPES)[number]

/** An item data spec as Onezone's store schemas hold it (`config.itemDataSpec`). */
export interface DataSpec {
  type: DataType
  integersOnly?: boolean
  allowedValues?: (number | string)[]
  fileType?: 'REG' | 'DIR' | 'SYMLNK' | 'ANY'
  itemDataSpec?: DataSpec
}

export const dataSpecSchema: z.ZodType<DataSpec> = z.lazy(() =>
  z
    .strictObject({
      type: z.enum(DATA_TYPES),
      integersOnly: z.boolean().optional(),
      allowedValues: z.array(z.union([z.number(), z.string()])).optional(),
      fileType: z.enum(['REG', 'DIR', 'SYMLNK', 'ANY']).optional(),
      itemDataSpec: dataSpecSchema.optional()
    })
    .superRefine((spec, ctx) => {
      const only = (field: keyof DataSpec, types: DataType[]) => {
        if (spec[field] !== undefined && !types.includes(spec.type))
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `only ${types.join(' and ')} types take ${field}`
          })
      }
      only('integersOnly', ['number'])
      only('allowedValues', ['number', 'string'])
      only('fileType', ['file'])
      only('itemDataSpec', ['array'])
      if (spec.type === 'array' && !spec.itemDataSpec)
        ctx.addIssue({ code: 'custom', path: ['itemDataSpec'], message: 'an array needs one' })
    })
)

export interface StoreSpec {
  id: string
  type: 'list' | 'singleValue'
  itemDataSpec: DataSpec
  requiresInitialContent: boolean
  defaultInitialContent?: unknown
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isInteger = (v: unknown) => typeof v === 'number' && Number.isInteger(v)

function isInstance(type: DataType, v: unknown): boolean {
  switch (type) {
    case 'array':
      return Array.isArray(v)
    case 'boolean':
      return typeof v === 'boolean'
    case 'dataset':
      return isObject(v) && typeof v.datasetId === 'string'
    case 'file':
      return isObject(v) && typeof v.fileId === 'string'
    case 'group':
      return isObject(v) && typeof v.groupId === 'string'
    case 'number':
      return typeof v === 'number'
    case 'object':
      return isObject(v)
    case 'range':
      return (
        isObject(v) &&
        isInteger(v.end) &&
        (v.start === undefined || isInteger(v.start)) &&
        (v.step === undefined || isInteger(v.step))
      )
    case 'string':
      return typeof v === 'string'
    case 'timeSeriesMeasurement':
      return (
        isObject(v) &&
        typeof v.tsName === 'string' &&
        isInteger(v.timestamp) &&
        (v.timestamp as number) >= 0 &&
        typeof v.value === 'number'
      )
  }
}

/** The error op-worker raises for a value that does not fit a data spec, or undefined. */
export function checkValue(value: unknown, spec: DataSpec): ApiError | undefined {
  if (!isInstance(spec.type, value)) return errors.dataTypeUnverified(value, spec.type)
  if (spec.type === 'number' && spec.integersOnly && !Number.isInteger(value))
    return errors.dataValueConstraintUnverified(value, 'number', { integersOnly: true })
  if (spec.allowedValues && !spec.allowedValues.includes(value as number | string))
    return errors.dataValueConstraintUnverified(value, spec.type, {
      allowedValues: spec.allowedValues
    })
  if (spec.type === 'array') {
    const items = value as unknown[]
    for (const [index, item] of items.entries()) {
      const itemError = checkValue(item, spec.itemDataSpec!)
      if (itemError)
        return errors.dataValueConstraintUnverified(value, 'array', {
          [`$[${index}]`]: itemError.toJson()
        })
    }
  }
  return undefined
}

/**
 * The content a store starts with: the overlay's (null counts as none), else the schema's
 * default. Throws `atmStoreCreationFailed` as op-worker does when it does not fit.
 */
export function initialContent(store: StoreSpec, overlay: unknown): unknown {
  const given = overlay === null ? undefined : overlay
  if (given === undefined && store.requiresInitialContent && store.defaultInitialContent == null)
    throw errors.storeCreationFailed(store.id, errors.storeMissingRequiredInitialContent())
  const content = given ?? store.defaultInitialContent ?? undefined
  if (content === undefined) return undefined
  const spec: DataSpec =
    store.type === 'list' ? { type: 'array', itemDataSpec: store.itemDataSpec } : store.itemDataSpec
  const error = checkValue(content, spec)
  if (error) throw errors.storeCreationFailed(store.id, error)
  return content
}
