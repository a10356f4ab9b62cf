export { OnedataError } from './errors'
export type { TransportOptions } from './transport'
export { OneproviderClient, type LifecycleAction } from './oneprovider'
export { OnezoneClient } from './onezone'
