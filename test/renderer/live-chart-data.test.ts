/** The live chart's geometry, as data: where a level, a speech span and a gap land in the canvas. */
import { describe, expect, it } from 'vitest';
import { buildLiveChart } from '../../renderer/live/live-chart-data.js';
import type { LivePoint } from '../../src/live/protocol.js';

const SIZE = { width: 418, height: 128 };

/** 10 points a second from `from` to `to` s (each standing for the 0.1 s before it), as `over` says. */
function points(from: number, to: number, over: (t: number) => Partial<LivePoint> = () => ({})): LivePoint[] {
  const out: LivePoint[] = [];
  for (let i = Math.round(from * 10); i <= Math.round(to * 10); i++) {
    const t = i / 10;
    out.push({
      t,
      agentDb: -40,
      customerDb: -30,
      agentRelDb: 0,
      customerRelDb: 6,
      agentSpeaking: false,
      customerSpeaking: false,
      ...over(t),
    });
  }
  return out;
}

describe('buildLiveChart', () => {
  it('puts now at the right edge and 60 s ago at the left, customer lane above the agent lane', () => {
    const chart = buildLiveChart(points(40, 100), 100, SIZE);
    expect(chart.ticks.map((t) => t.label)).toEqual(['-60 s', '-45 s', '-30 s', '-15 s', 'now']);
    expect(chart.ticks[0]?.x).toBe(chart.plotLeft);
    expect(chart.ticks[4]?.x).toBe(chart.plotRight);
    const [customer, agent] = chart.lanes;
    expect([customer?.party, agent?.party]).toEqual(['customer', 'agent']);
    expect((customer?.bottom ?? 0) < (agent?.top ?? 0)).toBe(true);
    expect(agent?.bottom).toBeLessThan(SIZE.height);
  });

  it('draws a level against the party’s own level: 0 dB on the reference line, louder higher', () => {
    const chart = buildLiveChart(points(40, 100), 100, SIZE);
    const agent = chart.lanes[1];
    const customer = chart.lanes[0];
    expect(agent?.mode).toBe('relative');
    expect(agent?.lines[0]?.[0]?.y).toBeCloseTo(agent?.referenceY ?? NaN, 6);
    // +6 dB on a 42 dB lane: 6/42 of the line's height above the reference
    const lineHeight = (customer?.speechY ?? 0) - 2 - (customer?.top ?? 0);
    expect((customer?.referenceY ?? 0) - (customer?.lines[0]?.[0]?.y ?? 0)).toBeCloseTo(
      (6 / 42) * lineHeight,
      6,
    );
  });

  it('falls back to the absolute level, said as dBFS, while the party’s own level is not known', () => {
    const chart = buildLiveChart(
      points(90, 100, () => ({ agentRelDb: null })),
      100,
      SIZE,
    );
    const agent = chart.lanes[1];
    expect([agent?.mode, agent?.scaleLabel, agent?.referenceY]).toEqual(['absolute', 'dBFS', null]);
    // -40 dBFS on the -70..-10 scale: half way up the line
    const lineBottom = (agent?.speechY ?? 0) - 2;
    expect(agent?.lines[0]?.[0]?.y).toBeCloseTo(lineBottom - 0.5 * (lineBottom - (agent?.top ?? 0)), 6);
  });

  it('draws a speech bar exactly where the party spoke, and breaks lines at a gap in the stream', () => {
    const speaking = (t: number) => ({ customerSpeaking: t >= 70 && t < 80 });
    const data = [...points(40, 60, speaking), ...points(65, 100, speaking)];
    const chart = buildLiveChart(data, 100, SIZE);
    const customer = chart.lanes[0];
    const xOf = (t: number) => chart.plotLeft + ((t - 40) / 60) * (chart.plotRight - chart.plotLeft);
    expect(customer?.speech).toHaveLength(1);
    // a point stands for the 0.1 s before it: speech heard at 70.0 began after the point at 69.9
    expect(customer?.speech[0]?.[0]).toBeCloseTo(xOf(69.9), 6);
    expect(customer?.speech[0]?.[1]).toBeCloseTo(xOf(79.9), 6);
    expect(customer?.lines).toHaveLength(2);
    expect(customer?.lines[0]?.at(-1)?.x).toBeCloseTo(xOf(60), 6);
    expect(customer?.lines[1]?.[0]?.x).toBeCloseTo(xOf(65), 6);
  });

  it('keeps a very loud or very quiet level inside its lane', () => {
    const chart = buildLiveChart(
      points(99, 100, (t) => ({ agentRelDb: t < 99.5 ? 60 : -90 })),
      100,
      SIZE,
    );
    const agent = chart.lanes[1];
    for (const p of agent?.lines.flat() ?? []) {
      expect(p.y).toBeGreaterThanOrEqual(agent?.top ?? 0);
      expect(p.y).toBeLessThanOrEqual(agent?.speechY ?? 0);
    }
  });
});
