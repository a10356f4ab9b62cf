import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { VirtualScheduler } from '../../../src/core/monitor/scheduler'
import { NotificationCenter, type EventSource } from '../../../src/core/notifications/center'
import type { Naming } from '../../../src/core/notifications/wording'
import type { MonitorEvent, NewMonitorEvent } from '../../../src/shared/monitor'
import {
  applyPreferencesPatch,
  defaultPreferences,
  type Preferences
} from '../../../src/shared/monitor-settings'
import type { AppNotification } from '../../../src/shared/notifications'

const HOUR = 60 * 60_000
const naming: Naming = {
  space: (_a, s) => ({ gen: 'Genomics', img: 'Imaging lab' })[s],
  lane: (_a, _e, lane) => (lane === 2 ? 'Call variants' : undefined),
  account: () => 'Lab'
}

/** A stand-in for the monitor: numbered events, kept as its store keeps them. */
class Source implements EventSource {
  events: MonitorEvent[] = []
  private listeners = new Set<(e: MonitorEvent) => void>()
  onEvent(l: (e: MonitorEvent) => void) {
    this.listeners.add(l)
    return () => void this.listeners.delete(l)
  }
  accountIds() {
    return ['acc']
  }
  eventsAfter(_a: string, seq: number) {
    return this.events.filter((e) => e.seq > seq)
  }
  lastSeq() {
    return this.events.length
  }
  emit(e: NewMonitorEvent, deliver = true) {
    const full = { ...e, seq: this.events.length + 1 } as MonitorEvent
    this.events.push(full)
    if (deliver) for (const l of this.listeners) l(full)
    return full
  }
}

const runFailed = (
  executionId: string,
  spaceId = 'gen',
  extra: Partial<NewMonitorEvent> = {}
): NewMonitorEvent =>
  ({
    type: 'laneRunStopped',
    at: 0,
    accountId: 'acc',
    spaceId,
    executionId,
    executionName: 'variant-calling',
    laneIndex: 2,
    runNumber: 3,
    originRunNumber: 2,
    runType: 'retry',
    status: 'failed',
    ranForMs: 252_000,
    ...extra
  }) as NewMonitorEvent
const ended = (executionId: string, status: string, spaceId = 'gen'): NewMonitorEvent => ({
  type: 'executionEnded',
  at: 0,
  accountId: 'acc',
  spaceId,
  executionId,
  executionName: 'variant-calling',
  status,
  ranForMs: 3_780_000
})
const started = (executionId: string): NewMonitorEvent => ({
  type: 'laneRunStarted',
  at: 0,
  accountId: 'acc',
  spaceId: 'gen',
  executionId,
  executionName: 'variant-calling',
  laneIndex: 1,
  runNumber: 1,
  originRunNumber: null,
  runType: 'regular',
  status: 'active'
})
const unreachable: NewMonitorEvent = {
  type: 'providerUnreachable',
  at: 0,
  accountId: 'acc',
  spaceId: null,
  executionId: null,
  provider: 'op.example.org',
  reason: { id: 'network.unreachable', description: 'Cannot reach the provider at op.example.org.' }
}

function setup(opts: { file?: string; prefs?: Partial<Preferences> } = {}) {
  const scheduler = new VirtualScheduler(1_000_000)
  let prefs = { ...defaultPreferences(), ...opts.prefs }
  const shown: AppNotification[] = []
  const source = new Source()
  const center = new NotificationCenter({
    file: opts.file,
    scheduler,
    preferences: () => prefs,
    naming,
    show: (n) => shown.push(n)
  })
  center.attach(source)
  return {
    scheduler,
    source,
    center,
    shown,
    setPrefs: (p: Parameters<typeof applyPreferencesPatch>[1]) =>
      (prefs = applyPreferencesPatch(prefs, p))
  }
}

describe('notification texts', () => {
  it('name the execution, lane, run, what happened and how long it ran', async () => {
    const { source, scheduler, shown } = setup()
    source.emit(runFailed('w1'))
    await scheduler.advance(5000)
    expect(shown).toEqual([
      expect.objectContaining({
        kind: 'failures',
        title: 'Lane run failed',
        body: 'variant-calling in Genomics: lane 2 “Call variants”, run 3 (retry of run 2) failed after 4 min 12 s',
        target: { view: 'execution', accountId: 'acc', executionId: 'w1' },
        count: 1
      })
    ])
    source.emit(ended('w1', 'finished'))
    source.emit(unreachable)
    await scheduler.advance(5000)
    expect(shown.slice(1).map((n) => [n.title, n.body])).toEqual([
      ['Execution finished', 'variant-calling in Genomics finished after 1 h 3 min'],
      [
        'Provider unreachable',
        'op.example.org (Lab): Cannot reach the provider at op.example.org. Lanewatch keeps trying.'
      ]
    ])
  })
})

describe('aggregation', () => {
  it('events of one kind in one space close together become one notification', async () => {
    const { source, scheduler, shown, center } = setup()
    source.emit(runFailed('w1'))
    await scheduler.advance(1000)
    source.emit(runFailed('w2'))
    source.emit(runFailed('w3'))
    source.emit(runFailed('w4', 'img'))
    await scheduler.advance(5000)
    expect(shown.map((n) => [n.title, n.count])).toEqual([
      ['3 lane runs failed in space Genomics', 3],
      ['Lane run failed', 1]
    ])
    expect(shown[0]!.body.split('\n')).toHaveLength(3)
    expect(shown[0]!.target).toEqual({ view: 'space', accountId: 'acc', spaceId: 'gen' })
    for (let i = 0; i < 5; i++) source.emit(ended(`x${i}`, 'finished'))
    await scheduler.advance(5000)
    expect(shown.at(-1)!.title).toBe('5 executions finished in space Genomics')
    expect(shown.at(-1)!.body.split('\n').at(-1)).toBe('…and 2 more')
    expect(center.history().unread).toBe(3)
  })

  it('what happened while not running is one summary, not a flood', async () => {
    const { source, scheduler, shown } = setup()
    for (let i = 0; i < 12; i++) source.emit({ ...runFailed(`w${i}`), catchUp: true })
    source.emit({ ...ended('w1', 'failed'), catchUp: true })
    source.emit({ ...ended('w2', 'finished', 'img'), catchUp: true })
    source.emit({ ...started('w3'), catchUp: true })
    await scheduler.advance(20_000)
    expect(shown).toHaveLength(1)
    expect(shown[0]).toMatchObject({
      title: 'While Lanewatch was not running',
      body: 'In Genomics: 1 execution ended (1 failed), 12 lane runs failed.\nIn Imaging lab: 1 execution ended.',
      count: 14,
      kind: 'failures'
    })
  })
})

describe('statuses the spec does not list', () => {
  const odd = (
    executionId: string,
    status: string,
    spaceId = 'gen',
    from = 'active'
  ): NewMonitorEvent => ({
    type: 'executionStatusChanged',
    at: 0,
    accountId: 'acc',
    spaceId,
    executionId,
    executionName: 'variant-calling',
    from,
    status
  })

  it('are told as sent, under the rule for every other end, live and in the catch-up', async () => {
    const { source, scheduler, shown, setPrefs } = setup()
    source.emit(odd('w1', 'frobnicating'))
    // A known status change is not news for a notification.
    source.emit(odd('w2', 'paused', 'gen', 'stopping'))
    await scheduler.advance(5000)
    expect(shown).toEqual([
      expect.objectContaining({
        kind: 'ends',
        title: 'Execution frobnicating',
        body: 'variant-calling in Genomics: active → frobnicating (a status Lanewatch does not know)'
      })
    ])
    source.emit({ ...odd('w3', 'frobnicating'), catchUp: true })
    source.emit({ ...odd('w4', 'defenestrated', 'img'), catchUp: true })
    await scheduler.advance(20_000)
    expect(shown[1]).toMatchObject({
      title: 'While Lanewatch was not running',
      body: 'In Genomics: 1 execution in a status Lanewatch does not know (frobnicating).\nIn Imaging lab: 1 execution in a status Lanewatch does not know (defenestrated).'
    })
    setPrefs({ notifications: { ends: false } })
    source.emit(odd('w5', 'frobnicating'))
    await scheduler.advance(5000)
    expect(shown).toHaveLength(2)
  })
})

describe('rules, mute and pause', () => {
  it('per kind, per account and per space', async () => {
    const { source, scheduler, shown, setPrefs } = setup()
    setPrefs({ notifications: { ends: false } })
    source.emit(ended('w1', 'finished'))
    source.emit(started('w1'))
    await scheduler.advance(5000)
    expect(shown).toEqual([])
    setPrefs({ mutedSpaces: [{ accountId: 'acc', spaceId: 'gen' }] })
    source.emit(runFailed('w2'))
    source.emit(runFailed('w3', 'img'))
    await scheduler.advance(5000)
    expect(shown.map((n) => n.spaceId)).toEqual(['img'])
    setPrefs({ mutedAccounts: ['acc'] })
    source.emit(runFailed('w3', 'img'))
    source.emit(unreachable)
    await scheduler.advance(5000)
    expect(shown).toHaveLength(1)
  })

  it('a one-hour pause keeps the history and survives a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lanewatch-notes-')), 'notifications.json')
    const a = setup({ file })
    a.center.pause(HOUR)
    a.source.emit(runFailed('w1'))
    await a.scheduler.advance(5000)
    expect(a.shown).toEqual([])
    expect(a.center.history()).toMatchObject({ unread: 1, pausedUntil: 1_000_000 + HOUR })
    expect(a.center.history().items[0]).toMatchObject({ shown: false })
    a.center.stop()

    // Restarted 10 minutes later: still paused, then not after the hour.
    const scheduler = new VirtualScheduler(1_000_000 + 10 * 60_000)
    const shown: AppNotification[] = []
    const b = new NotificationCenter({
      file,
      scheduler,
      preferences: defaultPreferences,
      naming,
      show: (n) => shown.push(n)
    })
    const source = new Source()
    source.events = [...a.source.events]
    b.attach(source)
    expect(b.history().pausedUntil).toBe(1_000_000 + HOUR)
    source.emit(runFailed('w2'))
    await scheduler.advance(5000)
    expect(shown).toEqual([])
    await scheduler.advance(HOUR)
    source.emit(runFailed('w3'))
    await scheduler.advance(5000)
    expect(shown).toHaveLength(1)
    expect(b.history().items).toHaveLength(3)
  })
})

describe('history', () => {
  it('keeps the last 100 with an unread count; marking read', async () => {
    const { source, scheduler, center } = setup()
    for (let i = 0; i < 105; i++) {
      source.emit(runFailed(`w${i}`, `space${i}`))
      await scheduler.advance(5000)
    }
    const h = center.history()
    expect(h.items).toHaveLength(100)
    expect(h.unread).toBe(100)
    expect(h.items[0]!.id).toBe('acc-105')
    center.markRead([h.items[0]!.id])
    expect(center.history().unread).toBe(99)
    center.markRead()
    expect(center.history().unread).toBe(0)
  })

  it('exactly once across a restart: pending events are notified after it, done ones never again', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lanewatch-notes-')), 'notifications.json')
    const a = setup({ file })
    a.source.emit(runFailed('w1'))
    await a.scheduler.advance(5000)
    // Committed by the monitor but not yet notified when the app stops.
    a.source.emit(runFailed('w2', 'img'))
    await a.scheduler.advance(1000)
    a.center.stop()
    // And one the monitor committed while the center was not listening.
    a.source.emit(ended('w3', 'crashed'), false)

    const scheduler = new VirtualScheduler(2_000_000)
    const shown: AppNotification[] = []
    const b = new NotificationCenter({
      file,
      scheduler,
      preferences: defaultPreferences,
      naming,
      show: (n) => shown.push(n)
    })
    const source = new Source()
    source.events = [...a.source.events]
    b.attach(source)
    await scheduler.advance(5000)
    expect(shown.map((n) => n.body).sort()).toEqual([
      'variant-calling in Genomics crashed after 1 h 3 min',
      'variant-calling in Imaging lab: lane 2 “Call variants”, run 3 (retry of run 2) failed after 4 min 12 s'
    ])
    expect(b.history().items).toHaveLength(3)
    // Delivered again live (as a monitor that re-reads would not, but a consumer might): ignored.
    for (const e of source.events) b.take(e)
    await scheduler.advance(5000)
    expect(b.history().items).toHaveLength(3)
  })

  it('a damaged history file is reported, set aside, and starts empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanewatch-notes-'))
    const file = join(dir, 'notifications.json')
    writeFileSync(file, '{"version":1,"items":[')
    const center = new NotificationCenter({
      file,
      scheduler: new VirtualScheduler(0),
      preferences: defaultPreferences,
      naming
    })
    expect(center.problem).toMatch(
      /^The notification history could not be read \(not valid JSON\); it was moved to .*notifications\.json\.corrupt/
    )
    expect(center.history().items).toEqual([])
    expect(existsSync(`${file}.corrupt`)).toBe(true)
    expect(readFileSync(`${file}.corrupt`, 'utf8')).toBe('{"version":1,"items":[')
  })
})
