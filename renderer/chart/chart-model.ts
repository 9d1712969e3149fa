/**
 * What the timeline chart draws, as plain data built from a report (no DOM, no Chart.js), plus the
 * geometry helpers the chart layer needs: range clamping, mark stacking and hit testing. Tested as data.
 *
 * Layout (as the HTML report's timeline): above the plot a strip of event marks and each party's speech;
 * in the plot one loudness lane per party, each against its own level (0 dB: the customer's calm level in
 * the top lane, the agent's normal level in the bottom one), and between them the waits after peaks.
 * The plot's y axis is in layout units (`Y_UNITS`), not dB: each lane maps its own dB range into its band.
 */
import { CHART_CHROME, PALETTE, type MarkerSymbol, type PaletteRole } from '../../src/report/palette.js';
import type { Report } from '../../src/report/schema.js';
import {
  buildBands,
  buildMarkers,
  decimateSeries,
  eventId,
  loudnessSeries,
  responseGaps,
  type Point,
} from '../../src/report/timeline-data.js';

export interface Range {
  fromSec: number;
  toSec: number;
}

export type Party = 'agent' | 'customer';

/** The plot's y axis, layout units: the agent's lane at the bottom, the waits, the customer's lane on top. */
export const Y_UNITS = Object.freeze({
  min: 0,
  max: 100,
  agent: [0, 42] as const,
  customer: [58, 100] as const,
  /** Where the wait bars sit, between the lanes. */
  gap: 50,
});

/** Each lane's dB range (a level outside is drawn at the edge). */
export const LANE_DB = Object.freeze({ min: -20, max: 20 });

/** The strip above the plot: two rows of marks, then the customer's and the agent's speech. */
export const LANES = Object.freeze({
  heightPx: 66,
  laneHeightPx: 10,
  markRowsPx: [9, 24] as const,
  customerPx: 37,
  agentPx: 51,
});

/** The narrowest view, s: about a word. */
export const MIN_SPAN_SEC = 2;
/** The loudness lines are smoothed over this long for drawing (display only: no judgement reads it), s. */
export const SMOOTH_SEC = 0.4;
/** Marks closer than this share a row only if there is no room in another, px. */
export const MARK_GAP_PX = 14;

export interface Lane {
  party: Party;
  /** "Customer", "Agent". */
  title: string;
  /** "dB vs calm", "dB vs normal". */
  sub: string;
  color: string;
  /** The level above their own at which this party peaks (customer) or is raised (agent), dB. */
  thresholdDb: number;
  /** "peak", "raised". */
  thresholdName: string;
  /** The lane's band on the y axis, layout units. */
  y0: number;
  y1: number;
}

export interface ChartModel {
  durationSec: number;
  lanes: Lane[];
  /** A level in dB above a party's own, in layout units of that party's lane (clamped to the lane). */
  yOf(party: Party, db: number): number;
  /** A party's smoothed loudness while they speak (null elsewhere), in layout units, decimated. */
  points(party: Party, fromSec: number, toSec: number, maxPoints: number): Point[];
  /** Shaded spans: customer peaks (in the customer's lane, numbered), raised voice (in the agent's). */
  spans: {
    id: string;
    role: PaletteRole;
    party: Party;
    /** A peak's number, as in the lists (P1, P2, …); null for raised voice. */
    number: number | null;
    startSec: number;
    endSec: number;
    fill: string;
    edge: string;
    hatch: boolean;
    label: string;
  }[];
  /** Speech lanes above the plot. */
  speech: { label: string; color: string; spans: readonly [number, number][]; offsetPx: number }[];
  /**
   * Interruptions, backchannels and a coach's notes (id `note-<k>`, k in the report's `coach.notes`): a
   * symbol above the plot and a dashed line down it, in time order.
   */
  marks: {
    id: string;
    role: PaletteRole;
    tSec: number;
    color: string;
    symbol: MarkerSymbol;
    filled: boolean;
    label: string;
  }[];
  /** The silence before each reply to a peak, between the lanes: ok (waited, soft) or not. */
  gaps: {
    id: string;
    peakId: string;
    startSec: number;
    endSec: number;
    color: string;
    ink: string;
    glyph: string;
    ok: boolean;
    label: string;
  }[];
}

/** A party's line only while they speak: silence, echo and room noise between turns draw nothing. */
function whileSpeaking(points: readonly Point[], speaking: readonly number[]): Point[] {
  return points.map((p, i) => (speaking[i] === 1 ? p : { x: p.x, y: null }));
}

/**
 * A centred moving average over `halfWindow` points each side, within each run of non-null points (a gap
 * stays a gap, and a run's ends average over the points they have). For drawing only.
 */
export function smoothPoints(points: readonly Point[], halfWindow: number): Point[] {
  if (halfWindow < 1) return points.map((p) => ({ ...p }));
  const out: Point[] = [];
  let runStart = 0;
  for (let i = 0; i <= points.length; i++) {
    const p = points[i];
    if (p !== undefined && p.y !== null) continue;
    // points[runStart, i) is a run of values
    for (let k = runStart; k < i; k++) {
      let sum = 0;
      let n = 0;
      for (let j = Math.max(runStart, k - halfWindow); j <= Math.min(i - 1, k + halfWindow); j++) {
        sum += (points[j] as Point).y as number;
        n++;
      }
      out.push({ x: (points[k] as Point).x, y: sum / n });
    }
    if (p !== undefined) out.push({ x: p.x, y: null });
    runStart = i + 1;
  }
  return out;
}

/** The customer's lane (on top) and the agent's, each with its own threshold. */
function buildLanes(report: Report): Lane[] {
  const { peakDb, raisedVoiceDb } = report.settings;
  return [
    {
      party: 'customer',
      title: 'Customer',
      sub: 'dB vs calm',
      color: PALETTE.customer.color,
      thresholdDb: peakDb,
      thresholdName: 'peak',
      y0: Y_UNITS.customer[0],
      y1: Y_UNITS.customer[1],
    },
    {
      party: 'agent',
      title: 'Agent',
      sub: 'dB vs normal',
      color: PALETTE.agent.color,
      thresholdDb: raisedVoiceDb,
      thresholdName: 'raised',
      y0: Y_UNITS.agent[0],
      y1: Y_UNITS.agent[1],
    },
  ];
}

export function buildChartModel(report: Report): ChartModel {
  const loudness = loudnessSeries(report);
  const half = Math.round(SMOOTH_SEC / 2 / Math.max(loudness.hopSec, 1e-3));
  const series = {
    agent: smoothPoints(whileSpeaking(loudness.agent, report.timeline.agentSpeaking), half),
    customer: smoothPoints(whileSpeaking(loudness.customer, report.timeline.customerSpeaking), half),
  };
  const durationSec = Math.max(report.source.durationSec, MIN_SPAN_SEC);
  const lanes = buildLanes(report);
  const yOf = (party: Party, db: number): number => {
    const [y0, y1] = Y_UNITS[party];
    const clamped = Math.min(LANE_DB.max, Math.max(LANE_DB.min, db));
    return y0 + ((clamped - LANE_DB.min) / (LANE_DB.max - LANE_DB.min)) * (y1 - y0);
  };
  // P1, P2, … as the scorecard and the lists number them: in the report's order of peaks
  const peakNumbers = new Map<string, number>();
  report.events.forEach((e, i) => {
    if (e.type === 'customerPeak') peakNumbers.set(eventId(i), peakNumbers.size + 1);
  });
  const spans = buildBands(report)
    .filter((b) => b.kind === 'peak' || b.kind === 'raisedVoice')
    .map((b) => {
      const peak = b.kind === 'peak';
      return {
        id: b.eventId ?? '',
        role: b.role,
        party: (peak ? 'customer' : 'agent') as Party,
        number: peak ? (peakNumbers.get(b.eventId ?? '') ?? null) : null,
        startSec: b.start,
        endSec: b.end,
        fill: PALETTE[b.role].fill,
        edge: PALETTE[b.role].color,
        hatch: PALETTE[b.role].pattern === 'hatch',
        label: peak ? `P${peakNumbers.get(b.eventId ?? '') ?? '?'} ${b.label}` : b.label,
      };
    });
  return {
    durationSec,
    lanes,
    yOf,
    points: (party, fromSec, toSec, maxPoints) =>
      decimateSeries(series[party], fromSec, toSec, maxPoints).map((p) => ({
        x: p.x,
        y: p.y === null ? null : yOf(party, p.y),
      })),
    spans,
    speech: [
      {
        label: 'Customer',
        color: PALETTE.customer.fill,
        spans: report.speech.customer,
        offsetPx: LANES.customerPx,
      },
      { label: 'Agent', color: PALETTE.agent.fill, spans: report.speech.agent, offsetPx: LANES.agentPx },
    ],
    marks: [
      ...buildMarkers(report).map((m) => mark(m.eventId, m.role, m.start, m.label)),
      ...noteMarks(report),
    ]
      // stable: at one moment an event's mark comes before a note's
      .sort((a, b) => a.tSec - b.tSec),
    gaps: responseGaps(report).map((g) => ({
      id: g.eventId,
      peakId: g.peakId,
      startSec: g.start,
      endSec: g.end,
      color: PALETTE[g.role].color,
      ink: PALETTE[g.role].ink,
      glyph: PALETTE[g.role].glyph,
      ok: g.ok,
      label: g.label,
    })),
  };
}

/** The id of the chart mark of the coach's note `k` (in the report's `coach.notes`). */
export const noteMarkId = (k: number): string => `note-${k}`;
/** A note's text on the chart's hover, at most this many characters. */
const NOTE_LABEL_CHARS = 60;

function mark(id: string, role: PaletteRole, tSec: number, label: string): ChartModel['marks'][number] {
  const s = PALETTE[role];
  return { id, role, tSec, color: s.color, symbol: s.symbol, filled: s.filled, label };
}

/** A coach's notes as marks: "Note: text" (cut short), at the moment each is pinned to. */
function noteMarks(report: Report): ChartModel['marks'] {
  return (report.coach?.notes ?? []).map((n, k) => {
    const text = n.text.length > NOTE_LABEL_CHARS ? `${n.text.slice(0, NOTE_LABEL_CHARS - 1)}…` : n.text;
    return mark(noteMarkId(k), 'note', n.atSec, `Note: ${text}`);
  });
}

/** The chart's neutral colours (one source: the palette's chart chrome). */
export const CHROME = CHART_CHROME;

/**
 * The row (0 or 1) of each mark above the plot, given its x in px (in time order): a mark goes in the
 * first row whose last mark is at least `gapPx` to its left; with no such row, in the row with the most
 * room. Marks piled at one moment so spread over two rows, and a click can tell them apart.
 */
export function stackMarks(xsPx: readonly number[], gapPx = MARK_GAP_PX): number[] {
  const last = LANES.markRowsPx.map(() => -Infinity);
  return xsPx.map((x) => {
    let row = last.findIndex((end) => x - end >= gapPx);
    if (row < 0) row = last.indexOf(Math.min(...last));
    last[row] = x;
    return row;
  });
}

/** Peak numbers closer than this share a row only if there is no room in another, px. */
export const LABEL_GAP_PX = 4;

/**
 * The row (0 or 1) of each peak's number (P1, P2, …) at the top of its lane, given where each label would
 * start and how wide it is, px, in time order: the first row where it clears the label before it by
 * `gapPx`; null when neither row has room (a crowded call: the number shows once zoomed in). The selected
 * peak's number always shows: placed after the others, in the row where it overlaps least, drawn on top.
 */
export function placePeakLabels(
  labels: readonly { xPx: number; widthPx: number; selected: boolean }[],
  gapPx = LABEL_GAP_PX,
): (0 | 1 | null)[] {
  const rows: (0 | 1 | null)[] = labels.map(() => null);
  const placed: [number, number][][] = [[], []]; // per row: the spans of the labels in it, px
  const ends = [-Infinity, -Infinity];
  labels.forEach((label, i) => {
    if (label.selected) return;
    const row = ends.findIndex((end) => label.xPx >= end + gapPx);
    if (row !== 0 && row !== 1) return;
    rows[i] = row;
    ends[row] = label.xPx + label.widthPx;
    placed[row]?.push([label.xPx, label.xPx + label.widthPx]);
  });
  labels.forEach((label, i) => {
    if (!label.selected) return;
    const overlap = (row: 0 | 1): number =>
      (placed[row] ?? []).reduce(
        (sum, [a, b]) => sum + Math.max(0, Math.min(b, label.xPx + label.widthPx) - Math.max(a, label.xPx)),
        0,
      );
    rows[i] = overlap(1) < overlap(0) ? 1 : 0;
  });
  return rows;
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
  toPx(tSec: number): number;
  /** A y in layout units, in px. */
  toYPx(units: number): number;
}

const MARK_HIT_PX = 9;
/** A span answers along this strip at the top of its lane (where its number is), px. */
const SPAN_EDGE_PX = 16;

/**
 * What is under the pointer: a mark (above the plot, or its dashed line), a wait bar, or a shaded span
 * (peak, raised voice: along the top strip of its lane), in that order of precedence; null over empty
 * timeline.
 */
export function hitTest(model: ChartModel, g: HitGeometry): HitTarget | null {
  if (g.xPx < g.area.left - MARK_HIT_PX || g.xPx > g.area.right + MARK_HIT_PX) return null;
  if (g.yPx < g.lanesTopPx || g.yPx > g.area.bottom) return null;
  const xs = model.marks.map((m) => g.toPx(m.tSec));
  const rows = stackMarks(xs);
  const inMarkStrip = g.yPx <= g.lanesTopPx + (LANES.markRowsPx[1] + MARK_HIT_PX);
  let best: { mark: ChartModel['marks'][number]; d: number } | null = null;
  for (const [i, mark] of model.marks.entries()) {
    const dx = Math.abs((xs[i] as number) - g.xPx);
    const rowY = g.lanesTopPx + (LANES.markRowsPx[rows[i] as number] as number);
    const d = inMarkStrip ? Math.hypot(dx, g.yPx - rowY) : dx;
    if (d <= (inMarkStrip ? MARK_HIT_PX : 3) && (best === null || d < best.d)) best = { mark, d };
  }
  if (best) return { eventId: best.mark.id, label: best.mark.label, tSec: best.mark.tSec };
  if (Math.abs(g.yPx - g.toYPx(Y_UNITS.gap)) <= 10) {
    for (const gap of model.gaps) {
      if (g.xPx >= g.toPx(gap.startSec) - 4 && g.xPx <= g.toPx(gap.endSec) + 4) {
        return { eventId: gap.id, label: gap.label, tSec: gap.startSec };
      }
    }
  }
  // spans answer only along the top strip of their lane: a click elsewhere in the plot seeks
  let span: ChartModel['spans'][number] | null = null;
  for (const s of model.spans) {
    const top = g.toYPx(Y_UNITS[s.party][1]);
    if (g.yPx < top || g.yPx > top + SPAN_EDGE_PX) continue;
    if (g.xPx < g.toPx(s.startSec) || g.xPx > g.toPx(s.endSec)) continue;
    if (span === null || s.endSec - s.startSec < span.endSec - span.startSec) span = s;
  }
  if (span) return { eventId: span.id, label: span.label, tSec: span.startSec };
  return null;
}
