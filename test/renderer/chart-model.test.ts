import { describe, expect, it } from 'vitest';
import {
  buildChartModel,
  clampRange,
  hitTest,
  LANES,
  MIN_SPAN_SEC,
  type HitGeometry,
} from '../../renderer/chart/chart-model.js';
import { makeReport, peak } from '../report/make-report.js';

// A 60 s call: a peak 10-20 s, an interruption at it 15-16 s, a backchannel at 30 s, a reply after the peak
// starting 21.5 s (1.5 s wait), and a raised-voice span 40-44 s.
const report = makeReport({
  durationSec: 60,
  agent: [
    [15, 16],
    [30, 30.4],
    [21.5, 25],
    [40, 44],
  ],
  customer: [
    [5, 20],
    [28, 33],
  ],
  events: [
    peak(10, 20, 9),
    { type: 'interruption', start: 15, end: 16, atPeak: true },
    { type: 'backchannel', start: 30, end: 30.4 },
    { type: 'response', start: 20, end: 21.5, gapSec: 1.5, afterPeak: true },
    { type: 'raisedVoice', start: 40, end: 44, levelAboveNormalDb: 8 },
  ],
  agentRelDb: Array.from({ length: 625 }, (_, i) => (i % 100 === 50 ? 20 : -5)),
});
// the agent speaks for the whole call except the first 10 s; the customer never (as the timeline says)
report.timeline.agentSpeaking = report.timeline.agentRelDb.map((_, i) =>
  i * report.timeline.hopSec >= 10 ? 1 : 0,
);

// 1 px per 0.1 s from x = 100: t = 0 at 100 px, 60 s at 700 px; plot from y = 60 to 360
const geometry = (xPx: number, yPx: number): HitGeometry => ({
  xPx,
  yPx,
  area: { left: 100, right: 700, top: 60, bottom: 360 },
  lanesTopPx: 60 - LANES.heightPx,
  gapYPx: 100,
  toPx: (t) => 100 + t * 10,
});

describe('buildChartModel', () => {
  const model = buildChartModel(report);

  it('shades the peak and the raised-voice span, and marks the interruption and the backchannel', () => {
    expect(model.spans.map((s) => [s.role, s.startSec, s.endSec])).toEqual([
      ['peak', 10, 20],
      ['raisedVoice', 40, 44],
    ]);
    expect(model.marks.map((m) => [m.role, m.tSec, m.shape])).toEqual([
      ['interruptionAtPeak', 15, 'diamond'],
      ['backchannel', 30, 'circle'],
    ]);
  });

  it('draws each party’s speech in its own lane', () => {
    expect(model.lanes.map((l) => l.label)).toEqual(['Customer', 'Agent']);
    expect(model.lanes[0]?.spans).toEqual(report.speech.customer);
  });

  it('draws a party’s line only while they speak', () => {
    const early = model.points('agent', 0, 9.5, 1000).filter((p) => p.x < 9.9);
    expect(early.length).toBeGreaterThan(50);
    expect(early.every((p) => p.y === null)).toBe(true);
    expect(model.points('agent', 11, 20, 1000).every((p) => p.y !== null)).toBe(true);
    expect(model.points('customer', 0, 60, 1000).every((p) => p.y === null)).toBe(true);
  });

  it('decimates the loudness line for the visible range and keeps its peaks', () => {
    const points = model.points('agent', 0, 60, 100);
    expect(points.length).toBeLessThanOrEqual(100);
    expect(Math.max(...points.map((p) => p.y ?? -99))).toBe(20);
    const zoomed = model.points('agent', 10, 12, 100);
    expect(zoomed.every((p) => p.x >= 9.8 && p.x <= 12.2)).toBe(true);
  });
});

describe('thresholds', () => {
  it('draws one line when the peak and raised-voice thresholds agree, one per party when not', () => {
    expect(buildChartModel(report).thresholds.map((t) => t.db)).toEqual([report.settings.peakDb]);
    const apart = structuredClone(report);
    apart.settings.peakDb = 8;
    apart.settings.raisedVoiceDb = 5;
    expect(buildChartModel(apart).thresholds.map((t) => [t.db, t.label])).toEqual([
      [8, 'customer peak +8 dB'],
      [5, 'agent raised +5 dB'],
    ]);
  });
});

describe('clampRange', () => {
  it('keeps the view inside the call and at least the minimum span wide', () => {
    expect(clampRange({ fromSec: -5, toSec: 10 }, 60)).toEqual({ fromSec: 0, toSec: 15 });
    expect(clampRange({ fromSec: 55, toSec: 70 }, 60)).toEqual({ fromSec: 45, toSec: 60 });
    expect(clampRange({ fromSec: 30, toSec: 30.5 }, 60)).toEqual({ fromSec: 30, toSec: 30 + MIN_SPAN_SEC });
    expect(clampRange({ fromSec: -10, toSec: 200 }, 60)).toEqual({ fromSec: 0, toSec: 60 });
  });
});

describe('hitTest', () => {
  const model = buildChartModel(report);
  const markY = 60 - LANES.heightPx + LANES.markCenterPx;

  it('finds a mark in the top lane within a few pixels', () => {
    expect(hitTest(model, geometry(252, markY))?.eventId).toBe(model.marks[0]?.id);
    expect(hitTest(model, geometry(400, markY))?.eventId).toBe(model.marks[1]?.id);
    expect(hitTest(model, geometry(270, markY))).toBeNull();
  });

  it('finds the wait bar after the peak on its line', () => {
    const gap = model.gaps[0];
    expect(gap).toBeDefined();
    expect(hitTest(model, geometry(100 + ((gap?.startSec ?? 0) + 0.5) * 10, 100))?.eventId).toBe(gap?.id);
  });

  it('lets a click in the body of a peak seek (no hit), but its top edge selects it', () => {
    expect(hitTest(model, geometry(120 + 100, 300))).toBeNull();
    expect(hitTest(model, geometry(120 + 100, 65))?.label).toBe('Customer peak');
  });
});
