import { describe, expect, it } from 'vitest';
import {
  buildChartModel,
  clampRange,
  hitTest,
  LANES,
  MIN_SPAN_SEC,
  noteMarkId,
  placePeakLabels,
  smoothPoints,
  stackMarks,
  Y_UNITS,
  type HitGeometry,
} from '../../renderer/chart/chart-model.js';
import { applyCoachEdits, emptyEdits } from '../../src/report/coach.js';
import { PALETTE } from '../../src/report/palette.js';
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

// 1 px per 0.1 s from x = 100: t = 0 at 100 px, 60 s at 700 px; plot from y = 60 to 360 (3 px a unit:
// the customer's lane from 60 to 186 px, the waits at 210 px, the agent's lane from 234 to 360 px)
const geometry = (xPx: number, yPx: number): HitGeometry => ({
  xPx,
  yPx,
  area: { left: 100, right: 700, top: 60, bottom: 360 },
  lanesTopPx: 60 - LANES.heightPx,
  toPx: (t) => 100 + t * 10,
  toYPx: (units) => 360 - units * 3,
});

describe('buildChartModel', () => {
  const model = buildChartModel(report);

  it('shades the numbered peak in the customer’s lane, raised voice in the agent’s; marks the rest', () => {
    expect(model.spans.map((s) => [s.role, s.party, s.number, s.startSec, s.endSec])).toEqual([
      ['peak', 'customer', 1, 10, 20],
      ['raisedVoice', 'agent', null, 40, 44],
    ]);
    // shapes and colours are the palette's, never the chart's own
    expect(model.marks.map((m) => [m.role, m.tSec, m.symbol, m.filled, m.color])).toEqual([
      ['interruptionAtPeak', 15, 'rectRot', true, PALETTE.interruptionAtPeak.color],
      ['backchannel', 30, 'circle', false, PALETTE.backchannel.color],
    ]);
  });

  it('gives each party its own loudness lane with its own threshold, and its speech', () => {
    expect(model.lanes.map((l) => [l.party, l.thresholdDb, l.thresholdName])).toEqual([
      ['customer', report.settings.peakDb, 'peak'],
      ['agent', report.settings.raisedVoiceDb, 'raised'],
    ]);
    // 0 dB is the middle of each lane; the lanes do not overlap
    expect(model.yOf('customer', 0)).toBe((Y_UNITS.customer[0] + Y_UNITS.customer[1]) / 2);
    expect(model.yOf('agent', 0)).toBe((Y_UNITS.agent[0] + Y_UNITS.agent[1]) / 2);
    expect(model.yOf('agent', 99)).toBe(Y_UNITS.agent[1]);
    expect(model.yOf('agent', 99)).toBeLessThan(model.yOf('customer', -99));
    expect(model.speech.map((l) => l.label)).toEqual(['Customer', 'Agent']);
    expect(model.speech[0]?.spans).toEqual(report.speech.customer);
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
    // the one-hop spikes to +20 dB survive decimation (smoothed over 5 hops: (20 - 4·5) / 5 = +0 dB)
    expect(Math.max(...points.map((p) => p.y ?? -99))).toBeCloseTo(model.yOf('agent', 0), 6);
    const zoomed = model.points('agent', 10, 12, 100);
    expect(zoomed.every((p) => p.x >= 9.8 && p.x <= 12.2)).toBe(true);
  });
});

describe('smoothPoints', () => {
  it('averages within each run of values, leaving gaps as gaps', () => {
    const pts = [1, 4, 7, null, 10, 20].map((y, i) => ({ x: i, y }));
    expect(smoothPoints(pts, 1).map((p) => p.y)).toEqual([2.5, 4, 5.5, null, 15, 15]);
    expect(smoothPoints(pts, 0).map((p) => p.y)).toEqual([1, 4, 7, null, 10, 20]);
  });
});

describe('stackMarks', () => {
  it('puts marks piled at one moment in two rows, and lets far apart marks share the first', () => {
    expect(stackMarks([100, 105, 300, 400, 404, 408])).toEqual([0, 1, 0, 0, 1, 0]);
  });
});

describe('placePeakLabels', () => {
  const label = (xPx: number, selected = false) => ({ xPx, widthPx: 20, selected });

  it('puts a number in the first row where it clears the one before, else the second, else none', () => {
    // 20 px wide, 4 px apart at least: 0 and 30 share row 0; 40 goes to row 1; 45 has no room anywhere
    expect(placePeakLabels([label(0), label(30), label(40), label(45), label(80)])).toEqual([
      0,
      0,
      1,
      null,
      0,
    ]);
  });

  it('always shows the selected number, in the row it overlaps least, without moving the others', () => {
    const rows = placePeakLabels([label(0), label(22), label(30, true), label(60)]);
    // 0 and 22 are in rows 0 and 1 (22 is too close to 0); the selected one at 30 overlaps 22's label by 12 px
    // in row 1 and nothing in row 0 (0's label ends at 20)
    expect(rows).toEqual([0, 1, 0, 0]);
    expect(placePeakLabels([label(0), label(10, true)])).toEqual([0, 1]);
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
  const markY = 60 - LANES.heightPx + LANES.markRowsPx[0];

  it('finds a mark in the top lane within a few pixels', () => {
    expect(hitTest(model, geometry(252, markY))?.eventId).toBe(model.marks[0]?.id);
    expect(hitTest(model, geometry(400, markY))?.eventId).toBe(model.marks[1]?.id);
    expect(hitTest(model, geometry(270, markY))).toBeNull();
  });

  it('finds the wait bar after the peak on its line', () => {
    const gap = model.gaps[0];
    expect(gap).toBeDefined();
    expect(hitTest(model, geometry(100 + ((gap?.startSec ?? 0) + 0.5) * 10, 210))?.eventId).toBe(gap?.id);
    expect(hitTest(model, geometry(100 + ((gap?.startSec ?? 0) + 0.5) * 10, 100))).toBeNull();
  });

  it('lets a click in the body of a peak seek (no hit), but its numbered top edge selects it', () => {
    expect(hitTest(model, geometry(120 + 100, 150))).toBeNull();
    expect(hitTest(model, geometry(120 + 100, 65))?.label).toBe('P1 Peak +9.0 dB');
    // raised voice answers at the top of the agent's lane, not the customer's
    expect(hitTest(model, geometry(100 + 420, 65))).toBeNull();
    expect(hitTest(model, geometry(100 + 420, 238))?.eventId).toBe(model.spans[1]?.id);
  });

  it('tells apart two marks piled at one moment by their rows', () => {
    const piled = { ...model, marks: [model.marks[0], { ...model.marks[1], id: 'x', tSec: 15.3 }] };
    const m = piled as typeof model;
    expect(hitTest(m, geometry(253, markY))?.eventId).toBe(model.marks[0]?.id);
    expect(hitTest(m, geometry(253, 60 - LANES.heightPx + LANES.markRowsPx[1]))?.eventId).toBe('x');
  });
});

describe('a coach’s notes on the chart', () => {
  const withNotes = applyCoachEdits(report, {
    ...emptyEdits(),
    notes: [
      { atSec: 50, event: null, text: 'x'.repeat(100), at: '2026-11-27T18:00:00Z' },
      { atSec: 25, event: null, text: 'calm here', at: '2026-11-27T18:00:00Z' },
    ],
  });
  const model = buildChartModel(withNotes);

  it('marks each note at its moment in the palette’s note shape, in time order among the events', () => {
    expect(model.marks.map((m) => [m.id, m.role, m.tSec])).toEqual([
      [expect.stringMatching(/^e/), 'interruptionAtPeak', 15],
      [noteMarkId(0), 'note', 25],
      [expect.stringMatching(/^e/), 'backchannel', 30],
      [noteMarkId(1), 'note', 50],
    ]);
    const note = model.marks.find((m) => m.role === 'note');
    expect(note).toMatchObject({
      symbol: PALETTE.note.symbol,
      color: PALETTE.note.color,
      label: 'Note: calm here',
    });
    // a long note is cut short on the chart
    expect(model.marks.at(-1)?.label.length).toBeLessThan(70);
  });

  it('answers the pointer over a note’s mark with the note', () => {
    const rows = stackMarks(model.marks.map((m) => 100 + m.tSec * 10));
    const i = model.marks.findIndex((m) => m.tSec === 25);
    const y = 60 - LANES.heightPx + (LANES.markRowsPx[rows[i] as number] as number);
    expect(hitTest(model, geometry(350, y))).toMatchObject({ eventId: noteMarkId(0), tSec: 25 });
  });

  it('a note’s shape is its own among the marks', () => {
    const others = (['interruption', 'interruptionAtPeak', 'backchannel'] as const).map(
      (r) => PALETTE[r].symbol,
    );
    expect(others).not.toContain(PALETTE.note.symbol);
  });
});
