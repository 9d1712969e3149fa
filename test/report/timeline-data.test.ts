import { describe, expect, it } from 'vitest';
import {
  buildBands,
  buildMarkers,
  decimateSeries,
  formatTime,
  formatWait,
  loudnessSeries,
  responseGaps,
  timeTicks,
  type Point,
} from '../../src/report/presentation.js';
import { calmCall, makeReport, threePeakCall } from './make-report.js';

/** A deterministic pseudo-random series, one point every 0.096 s. */
function noisySeries(n: number, seed = 7): Point[] {
  let s = seed;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return Array.from({ length: n }, (_, i) => ({
    x: Math.round((i + 1) * 96) / 1000,
    y: Math.round((rand() * 40 - 25) * 10) / 10,
  }));
}

describe('decimateSeries', () => {
  it('keeps the minimum and the maximum of every bucket, in x order, within the point budget', () => {
    const series = noisySeries(10_000);
    const out = decimateSeries(series, 0, 1e9, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    // The whole series is inside the window: no neighbours, 100 buckets of 100 points.
    const buckets = 100;
    for (let k = 0; k < buckets; k++) {
      const bucket = series.slice(
        Math.floor((k * 10_000) / buckets),
        Math.floor(((k + 1) * 10_000) / buckets),
      );
      const ys = bucket.map((p) => p.y as number);
      const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
      const inBucket = out.filter((p) => p.x >= (bucket[0] as Point).x && p.x <= (bucket.at(-1) as Point).x);
      expect(inBucket.map((p) => p.y)).toContain(lo);
      expect(inBucket.map((p) => p.y)).toContain(hi);
      expect(inBucket.length).toBeLessThanOrEqual(2);
    }
    const xs = out.map((p) => p.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    const inputs = new Set(series.map((p) => `${p.x}:${p.y}`));
    for (const p of out) expect(inputs.has(`${p.x}:${p.y}`)).toBe(true);
  });

  it('keeps a one-point spike at any zoom', () => {
    const series: Point[] = Array.from({ length: 37_500 }, (_, i) => ({ x: (i + 1) * 0.096, y: -40 }));
    series[20_000] = { x: (series[20_000] as Point).x, y: 18 };
    series[30_000] = { x: (series[30_000] as Point).x, y: -60 };
    for (const [from, to] of [
      [0, 3600],
      [1800, 2000],
      [1919, 1921],
    ] as const) {
      const out = decimateSeries(series, from, to, 300);
      expect(out.length).toBeLessThanOrEqual(300);
      if (from <= 1920.096 && to >= 1920.096) expect(out.map((p) => p.y)).toContain(18);
    }
    expect(decimateSeries(series, 0, 3600, 300).map((p) => p.y)).toContain(-60);
  });

  it('returns a window that fits as it is, with the nearest point outside each end', () => {
    const series = noisySeries(1000);
    const out = decimateSeries(series, 10, 20, 500);
    // Points 0.096 s apart: x = 10.08 (i = 104) to 19.968 (i = 207), plus i = 103 and i = 208.
    expect(out).toEqual(series.slice(103, 209));
    expect((out[0] as Point).x).toBeLessThan(10);
    expect((out.at(-1) as Point).x).toBeGreaterThan(20);
    // At the ends of the series there is no neighbour to add.
    expect(decimateSeries(series, 0, 5, 500)[0]).toEqual(series[0]);
    expect(decimateSeries(series, 90, 200, 500).at(-1)).toEqual(series.at(-1));
  });

  it('keeps the budget when decimating a window with neighbours', () => {
    const series = noisySeries(37_500);
    for (const max of [4, 5, 100, 1500]) {
      const out = decimateSeries(series, 600, 1800, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect((out[0] as Point).x).toBeLessThan(600);
      expect((out.at(-1) as Point).x).toBeGreaterThan(1800);
    }
    expect(() => decimateSeries(series, 0, 10, 3)).toThrow(RangeError);
    expect(decimateSeries([], 0, 10, 100)).toEqual([]);
  });

  it('keeps a run of nulls longer than a bucket as a gap', () => {
    // 3000 points with nothing known for the first 1000 (no baseline yet) and points 2000-2499 (a gap).
    const series = noisySeries(3000).map((p, i) =>
      i < 1000 || (i >= 2000 && i < 2500) ? { ...p, y: null } : p,
    );
    const out = decimateSeries(series, 0, 1e9, 100); // 50 buckets of 60 points
    expect((out[0] as Point).y).toBeNull();
    const firstValue = out.findIndex((p) => p.y !== null);
    expect((out[firstValue] as Point).x).toBeGreaterThanOrEqual((series[1000] as Point).x);
    const inGap = out.filter((p) => p.x > (series[2000] as Point).x && p.x < (series[2499] as Point).x);
    expect(inGap.length).toBeGreaterThan(0);
    expect(inGap.every((p) => p.y === null)).toBe(true);
  });
});

describe('loudnessSeries, bands, markers and gaps of a known call', () => {
  const report = threePeakCall();

  it('puts point i at (i + 1) · hopSec and keeps nulls', () => {
    const r = makeReport({ ...baseInput(), agentRelDb: [null, -3, 2.5], customerRelDb: [null, null, 9] });
    const s = loudnessSeries(r);
    expect(s.agent).toEqual([
      { x: 0.096, y: null },
      { x: 0.192, y: -3 },
      { x: 0.288, y: 2.5 },
    ]);
    expect(s.customer.map((p) => p.y)).toEqual([null, null, 9]);
  });

  it('bands: speech of both parties, the peaks and the raised voice, by start', () => {
    const bands = buildBands(report);
    expect(bands.filter((b) => b.kind === 'agentSpeech')).toHaveLength(8);
    expect(bands.filter((b) => b.kind === 'customerSpeech')).toHaveLength(5);
    expect(bands.filter((b) => b.kind === 'peak').map((b) => [b.start, b.end, b.label, b.eventId])).toEqual([
      [9, 15, 'Peak +9.5 dB', 'e1'],
      [19, 27, 'Peak +12.0 dB', 'e4'],
      [32, 40, 'Peak +8.0 dB', 'e7'],
    ]);
    expect(bands.filter((b) => b.kind === 'raisedVoice')).toEqual([
      {
        kind: 'raisedVoice',
        role: 'raisedVoice',
        start: 41.7,
        end: 44,
        label: 'Raised +7.0 dB',
        eventId: 'e9',
      },
    ]);
    const starts = bands.map((b) => b.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('markers: the interruption at a peak, the backchannel, the other interruption', () => {
    expect(buildMarkers(report).map((m) => [m.kind, m.role, m.start, m.eventId])).toEqual([
      ['interruptionAtPeak', 'interruptionAtPeak', 12, 'e2'],
      ['backchannel', 'backchannel', 21, 'e5'],
      ['interruption', 'interruption', 47, 'e10'],
    ]);
  });

  it('gaps: one per peak with a reply, ok only when long enough and not raised', () => {
    expect(responseGaps(report)).toEqual([
      {
        eventId: 'e3',
        peakId: 'e1',
        role: 'gapBad',
        start: 15,
        end: 15.3,
        waitSec: 0.3,
        ok: false,
        tooSoon: true,
        raisedReply: false,
        label: 'waited 0.3 s: too soon',
      },
      {
        eventId: 'e6',
        peakId: 'e4',
        role: 'gapOk',
        start: 27,
        end: 28.4,
        waitSec: 1.4,
        ok: true,
        tooSoon: false,
        raisedReply: false,
        label: 'waited 1.4 s',
      },
      {
        eventId: 'e8',
        peakId: 'e7',
        role: 'gapBad',
        start: 40,
        end: 41.7,
        waitSec: 1.7,
        ok: false,
        tooSoon: false,
        raisedReply: true,
        label: 'waited 1.7 s, raised reply',
      },
    ]);
    // A shorter pause wanted makes the first wait long enough.
    const lenient = responseGaps(threePeakCall({ minPauseSec: 0.25 }));
    expect(lenient.map((g) => g.ok)).toEqual([true, true, false]);
    expect(responseGaps(calmCall())).toEqual([]);
  });
});

function baseInput(): { durationSec: number; agent: []; customer: []; events: [] } {
  return { durationSec: 1, agent: [], customer: [], events: [] };
}

describe('formatting', () => {
  it('formatTime: m:ss.s, hours from 60 minutes on, rounding carried', () => {
    expect(formatTime(0)).toBe('0:00.0');
    expect(formatTime(5.04)).toBe('0:05.0');
    expect(formatTime(65.3)).toBe('1:05.3');
    expect(formatTime(59.96)).toBe('1:00.0');
    expect(formatTime(599.99)).toBe('10:00.0');
    expect(formatTime(3599.94)).toBe('59:59.9');
    expect(formatTime(3599.96)).toBe('1:00:00.0');
    expect(formatTime(3725.25)).toBe('1:02:05.3');
    expect(formatTime(36_000)).toBe('10:00:00.0');
    expect(formatTime(-1.5)).toBe('-0:01.5');
    expect(formatTime(-0.01)).toBe('0:00.0');
    expect(formatTime(65.3, { tenths: false })).toBe('1:05');
    expect(formatTime(3661, { tenths: false })).toBe('1:01:01');
    expect(formatTime(NaN)).toBe('-:--');
  });

  it('formatWait: one decimal unless that would cross the threshold', () => {
    expect(formatWait(1.4, 1)).toBe('1.4');
    expect(formatWait(0.96, 1)).toBe('0.96');
    expect(formatWait(0.999, 1)).toBe('0.999');
    expect(formatWait(1, 1)).toBe('1.0');
    expect(formatWait(0.96)).toBe('1.0');
  });

  it('timeTicks: round steps, both ends included, hours past 60 minutes', () => {
    expect(timeTicks(0, 120, 8).map((t) => t.label)).toEqual([
      '0:00',
      '0:15',
      '0:30',
      '0:45',
      '1:00',
      '1:15',
      '1:30',
      '1:45',
      '2:00',
    ]);
    expect(timeTicks(3500, 3700, 4)).toEqual([
      { sec: 3540, label: '59:00' },
      { sec: 3600, label: '1:00:00' },
      { sec: 3660, label: '1:01:00' },
    ]);
    expect(timeTicks(1, 2, 5).map((t) => t.label)).toEqual([
      '0:01.0',
      '0:01.2',
      '0:01.4',
      '0:01.6',
      '0:01.8',
      '0:02.0',
    ]);
  });
});
