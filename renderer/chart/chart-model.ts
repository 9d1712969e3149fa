/**
 * What the timeline chart draws, as plain data built from a report (no DOM, no Chart.js), plus the
 * geometry helpers the chart layer needs: range clamping and hit testing. Tested as data.
 */
import { PALETTE, type PaletteRole } from '../../src/report/palette.js';
import type { Report } from '../../src/report/schema.js';
import {
  buildBands,
  buildMarkers,
  decimateSeries,
  loudnessSeries,
  responseGaps,
  type Point,
} from '../../src/report/timeline-data.js';

export interface Range {
  fromSec: number;
  toSec: number;
}

export type MarkShape = 'triangle' | 'diamond' | 'circle' | 'square';

export interface ChartModel {
  durationSec: number;
  palette: { agent: string; customer: string };
  /** A party's loudness while they speak (null elsewhere) over a range, decimated to at most `maxPoints`. */
  points(party: 'agent' | 'customer', fromSec: number, toSec: number, maxPoints: number): Point[];
  /** Full-height shaded spans: customer peaks, raised voice. */
  spans: { id: string; role: PaletteRole; startSec: number; endSec: number; fill: string; edge: string }[];
  /** Speech lanes above the plot. */
  lanes: { label: string; color: string; spans: readonly [number, number][]; offsetPx: number }[];
  /** Interruptions and backchannels: a symbol in the top lane and a dashed line. */
  marks: { id: string; role: PaletteRole; tSec: number; color: string; shape: MarkShape; label: string }[];
  /** The silence before each reply to a peak: green when the agent waited and stayed soft, red when not. */
  gaps: {
    id: string;
    peakId: string;
    startSec: number;
    endSec: number;
    color: string;
    ok: boolean;
    label: string;
  }[];
  /** Dashed lines: the level above their own baseline at which the customer peaks and the agent is raised. */
  thresholds: { db: number; color: string; label: string }[];
  /** Where gap bars sit on the dB axis. */
  gapLevelDb: number;
}

/** The strip above the plot: marks on top, then the customer's and the agent's speech lanes. */
export const LANES = Object.freeze({
  heightPx: 54,
  laneHeightPx: 10,
  markCenterPx: 10,
  customerPx: 24,
  agentPx: 38,
});

/** The narrowest view, s: about a word. */
export const MIN_SPAN_SEC = 2;

const SHAPES: Partial<Record<PaletteRole, MarkShape>> = {
  interruption: 'triangle',
  interruptionAtPeak: 'diamond',
  backchannel: 'circle',
};

/** A party's line only while they speak: silence, echo and room noise between turns draw nothing. */
function whileSpeaking(points: readonly Point[], speaking: readonly number[]): Point[] {
  return points.map((p, i) => (speaking[i] === 1 ? p : { x: p.x, y: null }));
}

export function buildChartModel(report: Report): ChartModel {
  const loudness = loudnessSeries(report);
  const series = {
    agent: whileSpeaking(loudness.agent, report.timeline.agentSpeaking),
    customer: whileSpeaking(loudness.customer, report.timeline.customerSpeaking),
  };
  const durationSec = Math.max(report.source.durationSec, MIN_SPAN_SEC);
  const bands = buildBands(report);
  const spanBands = bands.filter((b) => b.kind === 'peak' || b.kind === 'raisedVoice');
  return {
    durationSec,
    palette: { agent: PALETTE.agent.color, customer: PALETTE.customer.color },
    points: (party, fromSec, toSec, maxPoints) => decimateSeries(series[party], fromSec, toSec, maxPoints),
    spans: spanBands.map((b) => ({
      id: b.eventId ?? '',
      role: b.role,
      startSec: b.start,
      endSec: b.end,
      fill: PALETTE[b.role].fill,
      edge: PALETTE[b.role].color,
    })),
    lanes: [
      {
        label: 'Customer',
        color: PALETTE.customer.fill,
        spans: report.speech.customer,
        offsetPx: LANES.customerPx,
      },
      { label: 'Agent', color: PALETTE.agent.fill, spans: report.speech.agent, offsetPx: LANES.agentPx },
    ],
    marks: buildMarkers(report).map((m) => ({
      id: m.eventId,
      role: m.role,
      tSec: m.start,
      color: PALETTE[m.role].color,
      shape: SHAPES[m.role] ?? 'square',
      label: m.label,
    })),
    gaps: responseGaps(report).map((g) => ({
      id: g.eventId,
      peakId: g.peakId,
      startSec: g.start,
      endSec: g.end,
      color: PALETTE[g.role].color,
      ok: g.ok,
      label: g.label,
    })),
    thresholds: thresholds(report),
    gapLevelDb: 16,
  };
}

function thresholds(report: Report): ChartModel['thresholds'] {
  const { peakDb, raisedVoiceDb } = report.settings;
  if (peakDb === raisedVoiceDb) {
    return [{ db: peakDb, color: '#59636e', label: `peak / raised +${peakDb} dB` }];
  }
  return [
    { db: peakDb, color: PALETTE.customer.color, label: `customer peak +${peakDb} dB` },
    { db: raisedVoiceDb, color: PALETTE.agent.color, label: `agent raised +${raisedVoiceDb} dB` },
  ];
}

/** Keeps a view inside the call and at least MIN_SPAN_SEC wide (or the whole call, if shorter). */
export function clampRange(range: Range, durationSec: number): Range {
  const span = Math.min(durationSec, Math.max(MIN_SPAN_SEC, range.toSec - range.fromSec));
  let fromSec = Math.max(0, Math.min(range.fromSec, durationSec - span));
  if (!Number.isFinite(fromSec)) fromSec = 0;
  return { fromSec, toSec: fromSec + span };
}

export interface HitTarget {
  eventId: string;
  label: string;
  tSec: number;
}

export interface HitGeometry {
  xPx: number;
  yPx: number;
  area: { left: number; right: number; top: number; bottom: number };
  lanesTopPx: number;
  gapYPx: number;
  toPx(tSec: number): number;
}

const MARK_HIT_PX = 8;

/**
 * What is under the pointer: a mark (in the top lane, or its dashed line), a gap bar, or a shaded span
 * (peak, raised voice: along its top edge), in that order of precedence; null over empty timeline.
 */
export function hitTest(model: ChartModel, g: HitGeometry): HitTarget | null {
  if (g.xPx < g.area.left - MARK_HIT_PX || g.xPx > g.area.right + MARK_HIT_PX) return null;
  if (g.yPx < g.lanesTopPx || g.yPx > g.area.bottom) return null;
  const inMarkLane = g.yPx <= g.lanesTopPx + LANES.markCenterPx + MARK_HIT_PX;
  let best: { mark: ChartModel['marks'][number]; dx: number } | null = null;
  for (const mark of model.marks) {
    const dx = Math.abs(g.toPx(mark.tSec) - g.xPx);
    if (dx <= (inMarkLane ? MARK_HIT_PX : 3) && (best === null || dx < best.dx)) best = { mark, dx };
  }
  if (best) return { eventId: best.mark.id, label: best.mark.label, tSec: best.mark.tSec };
  if (Math.abs(g.yPx - g.gapYPx) <= 10) {
    for (const gap of model.gaps) {
      if (g.xPx >= g.toPx(gap.startSec) - 4 && g.xPx <= g.toPx(gap.endSec) + 4) {
        return { eventId: gap.id, label: gap.label, tSec: gap.startSec };
      }
    }
  }
  // spans answer only along their top edge strip: a click elsewhere in the plot seeks
  if (g.yPx < g.area.top || g.yPx > g.area.top + 12) return null;
  // the innermost span wins: raised voice (usually shorter) before a peak
  let span: ChartModel['spans'][number] | null = null;
  for (const s of model.spans) {
    if (g.xPx < g.toPx(s.startSec) || g.xPx > g.toPx(s.endSec)) continue;
    if (span === null || s.endSec - s.startSec < span.endSec - span.startSec) span = s;
  }
  if (span) {
    const label = span.role === 'peak' ? 'Customer peak' : 'Raised voice';
    return { eventId: span.id, label, tSec: span.startSec };
  }
  return null;
}
