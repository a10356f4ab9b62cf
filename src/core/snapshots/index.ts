// Snapshot files: take one from a provider, write it atomically, load and check it.
export { captureSnapshot, saveSnapshot } from './capture'
export { SnapshotError } from './errors'
export { loadSnapshot, readSnapshotHeader, type LoadedSnapshot } from './read'
export { writeSnapshot } from './write'
