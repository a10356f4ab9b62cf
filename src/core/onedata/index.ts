export { OnedataError } from './errors'
export { OneproviderClient, type LifecycleAction } from './oneprovider'
export { OnezoneClient } from './onezone'
