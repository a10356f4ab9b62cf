// Snapshot files: take one from a provider, write it atomically, load and check it.
export { captureSnapshot, saveSnapshot, type Capture, type CaptureOptions } from './capture'
export { SnapshotError, type SnapshotProblem } from './errors'
export { workflowNames } from './names'
export { loadSnapshot, readSnapshotHeader, type LoadedSnapshot, type LoadOptions } from './read'
export { writeSnapshot, type WrittenSnapshot } from './write'
