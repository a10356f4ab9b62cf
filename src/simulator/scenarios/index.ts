// Built-in scenarios, selectable by name with `--scenario NAME`.
import conformance from './conformance.json'
import demo from './demo.json'

export const BUILT_IN_SCENARIOS: Record<string, unknown> = { demo, conformance }
