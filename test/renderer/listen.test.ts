/**
 * Where playing from an event starts, what a flagged moment loops over, and the listening preferences
 * (renderer/listen.ts). On the bundled demo call, analyzed in-process as the app does (expectations from
 * the truth file its script wrote: where the clips were placed), and on hand-made reports whose peaks are
 * judged by the real verdict wording (test/report/make-report.ts) for the cases the demo has not: a long
 * peak, a peak nobody answered, an event in the first seconds.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../dsp/wav.js';
import {
  clampLeadIn,
  decidingMoment,
  DEFAULT_LISTEN_PREFS,
  ListenPrefsStore,
  LOOP_TAIL_SEC,
  loopBack,
  loopSpanFor,
  seekKeepsLoop,
  startTimeFor,
  stepRate,
  validListenPrefs,
} from '../../renderer/listen.js';
import type { StorageLike } from '../../renderer/live/live-prefs.js';
import { resolveSettings } from '../../src/engine/settings.js';
import { buildEventList, type EventEntry } from '../../src/report/event-list.js';
import type { Report, ReportEvent } from '../../src/report/schema.js';
import { analyzeScene } from '../helpers/run-scene.js';
import { makeReport, peak } from '../report/make-report.js';

type Peak = Extract<ReportEvent, { type: 'customerPeak' }>;

const WAV = fileURLToPath(new URL('../../assets/demo/demo-call.wav', import.meta.url));
const TRUTH = fileURLToPath(new URL('../../assets/demo/demo-call.truth.json', import.meta.url));
/** How far the analyzer's boundaries may be from the scripted ones, s (as test/demo-call.test.ts). */
const TOL = 0.5;

interface TruthEvent {
  type: ReportEvent['type'];
  start: number;
  end: number;
  afterPeak?: boolean;
}
const truth = JSON.parse(readFileSync(TRUTH, 'utf8')) as { durationSec: number; events: TruthEvent[] };
const scripted = (type: ReportEvent['type']): TruthEvent[] => truth.events.filter((e) => e.type === type);
/** The scripted peaks with their scripted reply (the response starting where the peak ends), if any. */
const scriptedPeaks = scripted('customerPeak').map((p) => ({
  peak: p,
  reply: scripted('response').find((r) => r.afterPeak === true && Math.abs(r.start - p.end) <= 0.01),
  talkOver: scripted('interruption').find((i) => i.start >= p.start && i.start <= p.end),
}));

function expectNear(actual: number, expected: number, tol: number, what: string): void {
  expect(
    Math.abs(actual - expected),
    `${what}: got ${actual}, expected ${expected} ± ${tol}`,
  ).toBeLessThanOrEqual(tol);
}

/** The list entry of the found peak nearest to the scripted one. */
function peakEntry(report: Report, entries: EventEntry[], want: TruthEvent): EventEntry {
  const entry = entries.find(
    (e) => e.kind === 'peak' && Math.abs(e.start - want.start) <= TOL && Math.abs(e.end - want.end) <= TOL,
  );
  expect(entry, `peak ${want.start}-${want.end} in ${JSON.stringify(report.events)}`).toBeDefined();
  return entry as EventEntry;
}

describe('playing from an event of the demo call (the engine’s report)', () => {
  let report: Report;
  let entries: EventEntry[];

  beforeAll(async () => {
    const { format, channels } = decodeWav(readFileSync(WAV));
    const [agent, customer] = channels as [Float32Array, Float32Array]; // the agent is on channel 0
    const scene = { sampleRateHz: format.sampleRateHz, agent, customer, speech: { agent: [], customer: [] } };
    ({ report } = await analyzeScene(scene, resolveSettings()));
    entries = buildEventList(report);
  }, 120_000);

  it('a replied peak plays from 3 s (the default lead-in) before the customer stops, not from its start', () => {
    const replied = scriptedPeaks.filter((p) => p.reply !== undefined && p.talkOver === undefined);
    expect(replied.length).toBeGreaterThanOrEqual(1);
    for (const { peak: want, reply } of replied) {
      const entry = peakEntry(report, entries, want);
      const t = startTimeFor(entry, report, DEFAULT_LISTEN_PREFS.leadInSec);
      expect(DEFAULT_LISTEN_PREFS.leadInSec).toBe(3);
      expectNear(t, (reply as TruthEvent).start - 3, TOL, 'start (3 s before the wait for the reply)');
      // the scripted peaks are longer than 3 s: playing starts inside the peak, well after its start
      expect(t).toBeGreaterThan(entry.start + 0.5);
      expect(decidingMoment(entry, report).why).toBe('reply');
    }
  });

  it('the entry and its report event give the same start; the lead-in moves it by its own length', () => {
    const { peak: want } = scriptedPeaks.find((p) => p.reply !== undefined && p.talkOver === undefined) ?? {};
    const entry = peakEntry(report, entries, want as TruthEvent);
    const event = report.events[Number(entry.id.slice(1))] as Peak;
    expect(event.type).toBe('customerPeak');
    expect(startTimeFor(event, report, 3)).toBe(startTimeFor(entry, report, 3));
    expect(startTimeFor(entry, report, 1)).toBeCloseTo(startTimeFor(entry, report, 3) + 2, 9);
    expect(startTimeFor(entry, report, 0)).toBe(event.verdict.reply?.start);
  });

  it('a talked-over peak plays from before the talk-over', () => {
    const talkedOver = scriptedPeaks.filter((p) => p.talkOver !== undefined);
    expect(talkedOver).toHaveLength(1);
    const { peak: want, talkOver } = talkedOver[0] as (typeof talkedOver)[number];
    const entry = peakEntry(report, entries, want);
    expect(decidingMoment(entry, report).why).toBe('talkOver');
    expectNear(startTimeFor(entry, report, 2), (talkOver as TruthEvent).start - 2, TOL, 'start');
  });

  it('any other event plays from the lead-in before its start; nothing starts before 0', () => {
    for (const entry of entries.filter((e) => e.kind !== 'peak')) {
      expect(startTimeFor(entry, report, 3)).toBeCloseTo(Math.max(0, entry.start - 3), 9);
      expect(startTimeFor(entry, report, 10)).toBeGreaterThanOrEqual(0);
    }
    const first = entries[0] as EventEntry;
    expect(first.start).toBeLessThan(10); // the scripted backchannel at 7.5 s
    expect(startTimeFor(first, report, 10)).toBe(0);
  });

  it('a flagged peak loops from the lead-in before the wait to a second after the reply’s first 2 s', () => {
    const { peak: want, reply } =
      scriptedPeaks.find((p) => p.reply !== undefined && p.talkOver === undefined) ?? {};
    const entry = peakEntry(report, entries, want as TruthEvent);
    const span = loopSpanFor(entry, report, 3);
    expect(span).not.toBeNull();
    expect(span?.startSec).toBe(startTimeFor(entry, report, 3));
    expectNear(span?.endSec ?? 0, (reply as TruthEvent).end + 2 + LOOP_TAIL_SEC, TOL, 'loop end');
  });
});

describe('playing from an event of a hand-made report', () => {
  // the case: a 22 s peak, replied to after 1.5 s; an unanswered peak at the end of the call
  const report = makeReport({
    durationSec: 70,
    agent: [
      [1.0, 2.0],
      [31.5, 36.0],
    ],
    customer: [
      [8.0, 30.0],
      [50.0, 66.0],
    ],
    events: [
      { type: 'backchannel', start: 1.0, end: 2.0 },
      peak(8, 30, 9),
      { type: 'response', start: 30, end: 31.5, gapSec: 1.5, afterPeak: true },
      peak(60, 66, 8),
    ],
  });
  const entries = buildEventList(report);
  const long = entries.find((e) => e.kind === 'peak' && e.start === 8) as EventEntry;
  const unanswered = entries.find((e) => e.kind === 'peak' && e.start === 60) as EventEntry;

  it('a 22 s peak plays from just before its reply (27 s), not from its start (8 s) nor 1 s before it', () => {
    expect(startTimeFor(long, report, 3)).toBe(27);
    expect(loopSpanFor(long, report, 3)).toEqual({ startSec: 27, endSec: 31.5 + 2 + LOOP_TAIL_SEC });
  });

  it('a peak nobody answered plays from before its end, and loops to a second after it', () => {
    expect(report.events.find((e) => e.start === 60)).toMatchObject({ verdict: { reply: null } });
    expect(decidingMoment(unanswered, report).why).toBe('peakEnd');
    expect(startTimeFor(unanswered, report, 3)).toBe(63);
    expect(loopSpanFor(unanswered, report, 3)).toEqual({ startSec: 63, endSec: 67 });
  });

  it('an event in the first seconds starts at 0; a loop at the end of the call stops there', () => {
    const first = entries[0] as EventEntry;
    expect(first.kind).toBe('backchannel');
    expect(startTimeFor(first, report, 3)).toBe(0);
    expect(loopSpanFor(first, report, 3)).toEqual({ startSec: 0, endSec: 3 });
    const end = makeReport({
      durationSec: 10,
      agent: [[8, 10]],
      customer: [[2, 9.5]],
      events: [{ type: 'interruption', start: 8, end: 9.5, atPeak: false }],
    });
    expect(loopSpanFor(end.events[0] as ReportEvent, end, 2)).toEqual({ startSec: 6, endSec: 10 });
  });
});

describe('looping', () => {
  const span = { startSec: 27, endSec: 34.5 };

  it('goes back to the start at the end (or when the media ended), not before', () => {
    expect(loopBack(span, 30)).toBeNull();
    expect(loopBack(span, 34.5)).toBe(27);
    expect(loopBack(span, 35)).toBe(27);
    expect(loopBack(span, 33, true)).toBe(27);
    expect(loopBack(null, 35, true)).toBeNull();
  });

  it('a seek inside the span keeps it; outside ends it', () => {
    expect(seekKeepsLoop(span, 27)).toBe(true);
    expect(seekKeepsLoop(span, 30)).toBe(true);
    expect(seekKeepsLoop(span, 26.9)).toBe(false);
    expect(seekKeepsLoop(span, 34.5)).toBe(false);
  });
});

/** A localStorage stand-in: a Map, optionally refusing every call. */
function memoryStorage(refuse = false): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => {
      if (refuse) throw new Error('SecurityError');
      return map.get(k) ?? null;
    },
    setItem: (k, v) => {
      if (refuse) throw new Error('QuotaExceededError');
      map.set(k, v);
    },
  };
}

describe('listening preferences', () => {
  it('default to 1x, a 3 s lead-in, no loop', () => {
    expect(new ListenPrefsStore(memoryStorage()).read()).toEqual({ rate: 1, leadInSec: 3, loop: false });
    expect(new ListenPrefsStore(null).read()).toEqual(DEFAULT_LISTEN_PREFS);
  });

  it('survive a reload (a new store on the same storage)', () => {
    const storage = memoryStorage();
    new ListenPrefsStore(storage).write({ rate: 1.5, leadInSec: 5, loop: true });
    expect(new ListenPrefsStore(storage).read()).toEqual({ rate: 1.5, leadInSec: 5, loop: true });
  });

  it('each bad stored value falls back to its default; unreadable JSON to all defaults', () => {
    const storage = memoryStorage();
    const store = new ListenPrefsStore(storage);
    store.write(DEFAULT_LISTEN_PREFS);
    const [key] = [...storage.map.keys()];
    expect(key).toBe('softspoken.review.listen');
    const stored = (value: string) => {
      storage.map.set(key as string, value);
      return store.read();
    };
    expect(stored('{"rate":3,"leadInSec":-1,"loop":"yes"}')).toEqual(DEFAULT_LISTEN_PREFS);
    expect(stored('{"rate":1.1,"leadInSec":11,"loop":true}')).toEqual({ rate: 1, leadInSec: 3, loop: true });
    expect(stored('{"rate":"2","leadInSec":"4","loop":1}')).toEqual(DEFAULT_LISTEN_PREFS);
    expect(stored('{"rate":2,"leadInSec":0}')).toEqual({ rate: 2, leadInSec: 0, loop: false });
    expect(stored('{"rate":1.75,"leadInSec":10,"loop":false}')).toEqual({
      rate: 1.75,
      leadInSec: 10,
      loop: false,
    });
    expect(stored('not json')).toEqual(DEFAULT_LISTEN_PREFS);
    expect(stored('null')).toEqual(DEFAULT_LISTEN_PREFS);
    expect(stored('[1.5, 5, true]')).toEqual(DEFAULT_LISTEN_PREFS);
  });

  it('a storage that refuses only forgets', () => {
    const store = new ListenPrefsStore(memoryStorage(true));
    expect(() => store.write({ rate: 2, leadInSec: 1, loop: true })).not.toThrow();
    expect(store.read()).toEqual(DEFAULT_LISTEN_PREFS);
  });

  it('are validated when written too', () => {
    const storage = memoryStorage();
    new ListenPrefsStore(storage).write(validListenPrefs({ rate: 5, leadInSec: Number.NaN, loop: true }));
    expect(new ListenPrefsStore(storage).read()).toEqual({ rate: 1, leadInSec: 3, loop: true });
  });

  it('speed steps 1x to 2x by a quarter, staying at the ends; the lead-in is kept within 0-10 s', () => {
    expect(stepRate(1, 1)).toBe(1.25);
    expect(stepRate(1.75, 1)).toBe(2);
    expect(stepRate(2, 1)).toBe(2);
    expect(stepRate(1.25, -1)).toBe(1);
    expect(stepRate(1, -1)).toBe(1);
    expect(clampLeadIn(-2)).toBe(0);
    expect(clampLeadIn(25)).toBe(10);
    expect(clampLeadIn(2.54)).toBe(2.5);
    expect(clampLeadIn(Number.NaN)).toBe(3);
  });
});
