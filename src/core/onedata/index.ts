export { OnedataError } from './errors'
export type { CallOptions, TransportOptions } from './transport'
export { OneproviderClient, type LifecycleAction } from './oneprovider'
export { OnezoneClient } from './onezone'
