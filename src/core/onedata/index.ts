export { OnedataError, CLIENT_ERROR_IDS } from './errors'
export { OneproviderClient, type ListOptions, type LifecycleAction } from './oneprovider'
export { OnezoneClient } from './onezone'
export type { TransportOptions, CallOptions, RetryPolicy } from './transport'
