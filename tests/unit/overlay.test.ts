import { describe, expect, it } from 'vitest'
import { checkValue, parseDataSpec, type DataSpec } from '../../src/shared/data-spec'
import { checkOverlay, overlayTemplate, type StoreSchema } from '../../src/shared/schedule'

const spec = (raw: unknown): DataSpec => parseDataSpec(raw)
const messages = (value: unknown, raw: unknown) =>
  checkValue(value, spec(raw)).map((p) => p.message)

describe('data specs: the type test of each data type (ctool atm_data_type:is_instance)', () => {
  const cases: [string, unknown, unknown[], unknown[]][] = [
    ['boolean', { type: 'boolean' }, [true, false], [0, 'true', null]],
    ['number', { type: 'number', integersOnly: false }, [0, -2.5, 1e9], ['1', null, []]],
    ['string', { type: 'string' }, ['', 'x'], [1, null, {}]],
    ['object', { type: 'object' }, [{}, { a: 1 }], [[], null, 'x', 1]],
    [
      'file',
      { type: 'file', fileType: 'ANY' },
      [{ fileId: 'x', name: 'n' }],
      [{ fileId: 1 }, 'x', {}]
    ],
    ['dataset', { type: 'dataset' }, [{ datasetId: 'd' }], [{ fileId: 'x' }, 'd']],
    ['group', { type: 'group' }, [{ groupId: 'g' }], [{ groupId: null }]],
    [
      'range',
      { type: 'range' },
      [{ end: 10 }, { start: 2, end: 10, step: 2 }, { start: 5, end: 0, step: -1 }],
      [{ start: 0 }, { end: 1.5 }, { end: 5, step: '1' }, { end: 5, start: null }]
    ],
    [
      'timeSeriesMeasurement',
      { type: 'timeSeriesMeasurement', specs: [{ nameMatcherType: 'exact', nameMatcher: 'size' }] },
      [{ tsName: 'size', timestamp: 0, value: 1.5 }],
      [
        { tsName: 'size', timestamp: -1, value: 1 },
        { tsName: 'size', timestamp: 1.5, value: 1 },
        { tsName: 'size', timestamp: 1, value: '1' },
        { tsName: 'size', value: 1 }
      ]
    ]
  ]
  for (const [name, raw, good, bad] of cases)
    it(`${name}: accepts what the provider accepts, names the expected shape otherwise`, () => {
      for (const v of good) expect(messages(v, raw), JSON.stringify(v)).toEqual([])
      for (const v of bad) {
        const found = messages(v, raw)
        expect(found, JSON.stringify(v)).toHaveLength(1)
        expect(found[0]).toMatch(/^should be /)
      }
    })

  it('array: checks every item and says where each wrong one is', () => {
    const problems = checkValue([{ fileId: 'a' }, 3, { fileId: 'b' }, 'x'], {
      type: 'array',
      itemDataSpec: spec({ type: 'file' })
    })
    expect(problems).toEqual([
      { path: '$[1]', message: 'should be a file {"fileId": "…"}, got 3' },
      { path: '$[3]', message: 'should be a file {"fileId": "…"}, got "x"' }
    ])
    expect(messages({ 0: 'a' }, { type: 'array', itemDataSpec: { type: 'string' } })).toEqual([
      'should be an array of strings, got {"0":"a"}'
    ])
  })

  it('constraints: whole numbers, allowed values, range direction, measurement names', () => {
    expect(messages(2.5, { type: 'number', integersOnly: true })).toEqual([
      'should be a whole number, got 2.5'
    ])
    expect(messages(4, { type: 'number', integersOnly: false, allowedValues: [1, 2] })).toEqual([
      'should be one of 1, 2, got 4'
    ])
    expect(messages('c', { type: 'string', allowedValues: ['a', 'b'] })).toEqual([
      'should be one of "a", "b", got "c"'
    ])
    expect(messages({ start: 0, end: 10, step: -1 }, { type: 'range' })).toEqual([
      'has a step going the wrong way (start 0, end 10, step -1)'
    ])
    expect(messages({ start: 3, end: 3, step: 0 }, { type: 'range' })).toHaveLength(1)
    const tsm = {
      type: 'timeSeriesMeasurement',
      specs: [
        { nameMatcherType: 'hasPrefix', nameMatcher: 'count_' },
        { nameMatcherType: 'exact', nameMatcher: 'bytes' }
      ]
    }
    expect(messages({ tsName: 'count_mp3', timestamp: 1, value: 2 }, tsm)).toEqual([])
    expect(messages({ tsName: 'size', timestamp: 1, value: 2 }, tsm)).toEqual([
      'has tsName "size", which matches no measurement of this store (count_…, bytes)'
    ])
  })

  it('reads the older form with valueConstraints, and keeps a type it does not know as sent', () => {
    expect(spec({ type: 'number', valueConstraints: { integersOnly: true } })).toEqual({
      type: 'number',
      integersOnly: true,
      allowedValues: undefined
    })
    expect(spec({ type: 'hologram' })).toEqual({ type: 'unknown', sent: 'hologram' })
    expect(messages({ anything: true }, { type: 'hologram' })).toEqual([])
  })

  it('stops at 20 problems so a huge wrong list stays readable', () => {
    const many = checkValue(
      Array.from({ length: 500 }, () => 'x'),
      {
        type: 'array',
        itemDataSpec: { type: 'boolean' }
      }
    )
    expect(many).toHaveLength(20)
  })
})

const store = (over: Partial<StoreSchema> & { id: string }): StoreSchema => ({
  name: over.id.toUpperCase(),
  type: 'list',
  config: { itemDataSpec: { type: 'number', integersOnly: true } },
  requiresInitialContent: false,
  defaultInitialContent: null,
  ...over
})

describe('checkOverlay: the initial store content against the revision (op-worker store creation)', () => {
  const stores = [
    store({ id: 'input', requiresInitialContent: true }),
    store({ id: 'seed', requiresInitialContent: true, defaultInitialContent: [1] }),
    store({ id: 'one', type: 'singleValue', config: { itemDataSpec: { type: 'string' } } }),
    store({ id: 'span', type: 'range', config: {} }),
    store({ id: 'forest', type: 'treeForest', config: { itemDataSpec: { type: 'file' } } }),
    store({ id: 'series', type: 'timeSeries', config: { timeSeriesCollectionSchema: {} } }),
    store({ id: 'log', type: 'auditLog', config: { logContentDataSpec: { type: 'object' } } })
  ]

  it('accepts a good overlay and notes what only the provider can check', () => {
    const report = checkOverlay(
      {
        input: [1, 2],
        one: 'x',
        span: { end: 3 },
        forest: [{ fileId: 'f' }],
        log: [{ a: 1 }, { content: { b: 2 }, severity: 'error' }]
      },
      stores
    )
    expect(report).toEqual({
      ok: true,
      problems: [],
      notes: ['Store "FOREST" (forest): the provider checks that each file exists in the space.']
    })
  })

  it('flags a required store without content or default; null counts as none', () => {
    for (const overlay of [{}, { input: null }, undefined]) {
      const report = checkOverlay(overlay, stores)
      expect(report.ok).toBe(false)
      expect(report.problems).toEqual([
        {
          kind: 'missing',
          storeId: 'input',
          message: 'Store "INPUT" (input) needs initial content and has no default.'
        }
      ])
    }
  })

  it('names unknown store ids with the stores there are', () => {
    const report = checkOverlay({ input: [1], inptu: [2] }, stores.slice(0, 2))
    expect(report.problems).toEqual([
      {
        kind: 'unknownStore',
        storeId: 'inptu',
        message:
          'There is no store "inptu" in this revision (its stores: "INPUT" (input), "SEED" (seed)).'
      }
    ])
  })

  it('names wrong types per store and item, before sending', () => {
    const report = checkOverlay(
      { input: [1, 2.5, 'three'], one: 1, span: { start: 5, end: 0 }, series: [] },
      stores
    )
    expect(report.problems.map((p) => [p.kind, p.message])).toEqual([
      ['wrongType', 'Store "INPUT" (input): $[1] should be a whole number, got 2.5.'],
      ['wrongType', 'Store "INPUT" (input): $[2] should be a whole number, got "three".'],
      ['wrongType', 'Store "ONE" (one): the content should be a string, got 1.'],
      [
        'wrongType',
        'Store "SPAN" (span): the content has a step going the wrong way (start 5, end 0, step 1).'
      ],
      ['refused', 'Store "SERIES" (series) is a time series store, which takes no initial content.']
    ])
  })

  it('audit log: entries above the log level are dropped before their content is checked', () => {
    const log = [
      store({ id: 'log', type: 'auditLog', config: { logContentDataSpec: { type: 'string' } } })
    ]
    const overlay = {
      log: [{ content: 5, severity: 'debug' }, 'fine', { severity: 'bogus', x: 1 }]
    }
    expect(checkOverlay(overlay, log, 'info').problems.map((p) => p.message)).toEqual([
      'Store "LOG" (log): $[2] (log content) should be a string, got {"x":1}.'
    ])
    expect(checkOverlay(overlay, log, 'debug').problems).toHaveLength(2)
    expect(checkOverlay({ log: 'x' }, log).problems[0]!.message).toBe(
      'Store "LOG" (log): the content should be an array of log entries, got "x".'
    )
  })

  it("never takes an inherited property for a store's content", () => {
    const report = checkOverlay({}, [store({ id: 'constructor', requiresInitialContent: true })])
    expect(report.problems.map((p) => p.kind)).toEqual(['missing'])
  })

  it('notes item types it does not know instead of passing them silently', () => {
    const report = checkOverlay({ x: [1] }, [
      store({ id: 'x', config: { itemDataSpec: { type: 'hologram' } } })
    ])
    expect(report).toMatchObject({ ok: true, problems: [] })
    expect(report.notes).toEqual([
      'Store "X" (x) holds values of type "hologram", which Lanewatch cannot check; the provider will.'
    ])
  })

  it('refuses an overlay that is not an object, and notes store types it does not know', () => {
    expect(checkOverlay([1], stores).problems[0]!.kind).toBe('notObject')
    const report = checkOverlay({ x: 1 }, [store({ id: 'x', type: 'hologram' })])
    expect(report).toMatchObject({ ok: true, problems: [] })
    expect(report.notes[0]).toMatch(/type "hologram", which Lanewatch cannot check/)
  })
})

describe('overlayTemplate', () => {
  it('has an entry of the right shape for each store that needs one, ids left to fill in', () => {
    const stores = [
      store({
        id: 'files',
        requiresInitialContent: true,
        config: { itemDataSpec: { type: 'file' } }
      }),
      store({ id: 'seeded', requiresInitialContent: true, defaultInitialContent: [1] }),
      store({ id: 'optional' }),
      store({ id: 'span', type: 'range', config: {}, requiresInitialContent: true }),
      store({
        id: 'one',
        type: 'singleValue',
        requiresInitialContent: true,
        config: { itemDataSpec: { type: 'number', integersOnly: true } }
      })
    ]
    const template = overlayTemplate(stores)
    expect(template).toEqual({
      files: [{ fileId: '' }],
      span: { start: 0, end: 10, step: 1 },
      one: 0
    })
    // Ids are left for the user to fill in; until then the check says so.
    expect(checkOverlay(template, stores).problems.map((p) => p.message)).toEqual([
      'Store "FILES" (files): $[0] should be a file {"fileId": "…"}, got {"fileId":""}.'
    ])
    expect(checkOverlay({ ...template, files: [{ fileId: 'f1' }] }, stores).ok).toBe(true)
  })
})
