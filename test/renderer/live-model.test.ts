/** The live window's model: which cue shows, what the history keeps, the minute of points, when a tone plays. */
import { describe, expect, it } from 'vitest';
import { LiveModel, LIVE_WINDOW_SEC } from '../../renderer/live/live-model.js';
import type { LiveCue, LivePoint } from '../../src/live/protocol.js';

const cue = (id: number, over: Partial<LiveCue> = {}): LiveCue => ({
  id,
  kind: 'customerVenting',
  atSec: id * 10,
  title: 'Let them vent',
  detail: 'the customer is well above their calm level',
  positive: false,
  provisional: false,
  outcome: null,
  endedSec: null,
  wrong: false,
  ...over,
});

const point = (t: number, over: Partial<LivePoint> = {}): LivePoint => ({
  t,
  agentDb: -40,
  customerDb: -30,
  agentRelDb: null,
  customerRelDb: 2,
  agentSpeaking: false,
  customerSpeaking: true,
  ...over,
});

describe('LiveModel', () => {
  it('shows the newest cue without an outcome, and keeps ended ones newest first', () => {
    const m = new LiveModel();
    m.apply({ type: 'cue', cue: cue(1) });
    expect(m.current?.id).toBe(1);
    m.apply({ type: 'cue', cue: cue(1, { outcome: 'replaced', endedSec: 22 }) });
    m.apply({ type: 'cue', cue: cue(2, { kind: 'louderThanNormal', title: 'Lower your voice' }) });
    expect(m.current?.id).toBe(2);
    m.apply({ type: 'cue', cue: cue(2, { kind: 'louderThanNormal', outcome: 'cleared', endedSec: 25 }) });
    m.apply({ type: 'cue', cue: cue(3, { outcome: 'cleared', endedSec: 36 }) });
    expect(m.current).toBeNull();
    expect(m.history.map((c) => c.id)).toEqual([3, 2, 1]);
    expect(m.markable?.id).toBe(3);
  });

  it('lets a withdrawn talk-over go without a trace', () => {
    const m = new LiveModel();
    m.apply({ type: 'cue', cue: cue(1, { outcome: 'cleared', endedSec: 12 }) });
    const talk = cue(2, { kind: 'talkingOver', provisional: true });
    const change = m.apply({ type: 'cue', cue: talk });
    expect([m.current?.id, change.sound]).toEqual([2, null]);
    m.apply({ type: 'cue', cue: { ...talk, outcome: 'withdrawn', endedSec: 21 } });
    expect(m.current).toBeNull();
    expect(m.history.map((c) => c.id)).toEqual([1]);
    expect(m.markable?.id).toBe(1);
  });

  it('plays a cue’s tone once, when it first shows settled: a talk-over when confirmed while showing', () => {
    const m = new LiveModel();
    expect(m.apply({ type: 'cue', cue: cue(1) }).sound).toBe('customerVenting');
    expect(m.apply({ type: 'cue', cue: cue(1, { wrong: true }) }).sound).toBeNull();
    const talk = cue(2, { kind: 'talkingOver', provisional: true });
    expect(m.apply({ type: 'cue', cue: talk }).sound).toBeNull();
    expect(m.apply({ type: 'cue', cue: { ...talk, provisional: false } }).sound).toBe('talkingOver');
    // confirmed only after it had cleared: it no longer shows, no tone
    const late = cue(3, { kind: 'talkingOver', provisional: true });
    m.apply({ type: 'cue', cue: late });
    m.apply({ type: 'cue', cue: { ...late, outcome: 'cleared', endedSec: 31 } });
    expect(
      m.apply({ type: 'cue', cue: { ...late, outcome: 'confirmed', provisional: false } }).sound,
    ).toBeNull();
  });

  it('keeps the last minute of points, ignoring repeats', () => {
    const m = new LiveModel();
    for (let i = 0; i <= 900; i++) m.apply({ type: 'points', points: [point(i / 10)] });
    m.apply({ type: 'points', points: [point(50), point(90)] });
    expect(m.nowSec).toBe(90);
    expect(m.points[0]?.t).toBe(90 - LIVE_WINDOW_SEC);
    expect(m.points).toHaveLength(LIVE_WINDOW_SEC * 10 + 1);
  });

  it('says which part changed, and keeps session, controls, devices, meters and errors', () => {
    const m = new LiveModel();
    const started = m.apply({
      type: 'started',
      sessionId: 's',
      agentDevice: 'mic',
      callDevice: 'mon',
      recording: false,
    });
    expect([...started.parts]).toEqual(['session']);
    m.apply({ type: 'controls', controls: { snoozedUntilSec: 130, muted: ['peakMissed'], heldBack: 2 } });
    m.apply({ type: 'device', party: 'customer', state: 'retrying', message: 'the device went away' });
    m.apply({ type: 'meter', device: 'mic', db: -23 });
    m.apply({ type: 'error', message: 'boom' });
    expect(m.controls.muted).toEqual(['peakMissed']);
    expect(m.devices).toEqual({
      agent: null,
      customer: { state: 'retrying', message: 'the device went away' },
    });
    expect(m.meters.get('mic')).toBe(-23);
    expect(m.error).toBe('boom');
    expect(m.apply({ type: 'ended', sessionId: 's' }).parts.has('session')).toBe(true);
    expect(m.ended).toBe(true);
  });
});
