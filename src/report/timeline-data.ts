/**
 * What a call's timeline shows, as plain data: loudness lines (decimated for drawing), bands, markers,
 * the gaps before replies to peaks, and time-axis ticks. Pure functions of a report; the app's chart
 * layer and the HTML report draw the same data. Every item that comes from a report event carries its
 * `eventId`, the id of the event list entry (`e<index in report.events>`), so a click on the chart can
 * select the entry and back.
 */
import { formatTime, formatWait, roundTo } from './format.js';
import type { PaletteRole } from './palette.js';
import type { PeakVerdict, Report, ReportEvent } from './schema.js';
import { judgedReply } from './verdicts.js';

/** One point of a line: `x` in s from the start of the call, `y` in dB (null: a gap in the line). */
export interface Point {
  x: number;
  y: number | null;
}

export interface LoudnessSeries {
  hopSec: number;
  /** The agent's momentary loudness relative to their normal level, dB (null before it is known). */
  agent: Point[];
  /** The customer's momentary loudness relative to their calm level, dB (null before it is known). */
  customer: Point[];
}

export type BandKind = 'agentSpeech' | 'customerSpeech' | 'peak' | 'raisedVoice';

/** A span drawn as a shaded band. */
export interface Band {
  kind: BandKind;
  role: PaletteRole;
  start: number;
  end: number;
  /** e.g. "Peak +12.8 dB", "Raised +9.4 dB", "Agent speaking". */
  label: string;
  /** The event list entry it stands for; null for speech. */
  eventId: string | null;
}

export type MarkerKind = 'interruption' | 'interruptionAtPeak' | 'backchannel';

/** A point event: drawn at `start` (the agent's onset); `end` is where the event ends. */
export interface Marker {
  kind: MarkerKind;
  role: PaletteRole;
  eventId: string;
  start: number;
  end: number;
  label: string;
}

/** The silence before the agent's reply to a customer peak. */
export interface ResponseGap {
  /** The reply's entry (the `response` event). */
  eventId: string;
  /** The peak's entry. */
  peakId: string;
  role: PaletteRole;
  /** End of the customer's speech before the reply, s. */
  start: number;
  /** The reply's start, s. */
  end: number;
  waitSec: number;
  /** Waited at least `minPauseSec` and the reply was not raised (the peak's verdict). */
  ok: boolean;
  tooSoon: boolean;
  raisedReply: boolean;
  /** e.g. "waited 1.4 s", "waited 0.3 s: too soon", "waited 1.7 s, raised reply". */
  label: string;
}

export interface Tick {
  sec: number;
  label: string;
}

type Peak = Extract<ReportEvent, { type: 'customerPeak' }>;

/** The id of `report.events[index]` in the event list and on the chart. */
export const eventId = (index: number): string => `e${index}`;

export { formatTime, formatWait } from './format.js';

/** Each party's loudness relative to their own level, one point per timeline hop. */
export function loudnessSeries(report: Report): LoudnessSeries {
  const { hopSec, agentRelDb, customerRelDb } = report.timeline;
  const points = (ys: (number | null)[]): Point[] =>
    ys.map((y, i) => ({ x: roundTo((i + 1) * hopSec, 3), y }));
  return { hopSec, agent: points(agentRelDb), customer: points(customerRelDb) };
}

/** Index of the first point with x >= t (points sorted by x). */
function lowerBound(series: readonly Point[], t: number): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((series[mid] as Point).x < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The points of `series` (sorted by x) from `fromSec` to `toSec`, at most `maxPoints` (at least 4), with
 * the peaks kept: the nearest point outside each end (so a line reaches the edges of the view), then the
 * n points inside. When n fits in what is left of the budget B, they are returned as they are; otherwise
 * they are cut into K = floor(B / 2) buckets by index, bucket k holding points [floor(k·n/K),
 * floor((k+1)·n/K)), and each bucket gives its minimum and its maximum, in x order (one point when they
 * are the same point). A bucket of nulls only gives its first point (a gap stays a gap); nulls in a bucket
 * that also has values are dropped (a gap shorter than a bucket is too small to see at this zoom).
 */
export function decimateSeries(
  series: readonly Point[],
  fromSec: number,
  toSec: number,
  maxPoints: number,
): Point[] {
  if (!(maxPoints >= 4)) throw new RangeError(`maxPoints must be at least 4, not ${maxPoints}`);
  const i0 = lowerBound(series, fromSec);
  const i1 = lowerBound(series, toSec + 1e-9); // one past the last point with x <= toSec
  const before = i0 > 0 ? [series[i0 - 1] as Point] : [];
  const after = i1 < series.length ? [series[i1] as Point] : [];
  const n = Math.max(0, i1 - i0);
  const budget = maxPoints - before.length - after.length;
  if (n <= budget) return [...before, ...series.slice(i0, i0 + n), ...after];
  const buckets = Math.floor(budget / 2);
  const out: Point[] = [...before];
  for (let k = 0; k < buckets; k++) {
    const b0 = i0 + Math.floor((k * n) / buckets);
    const b1 = i0 + Math.floor(((k + 1) * n) / buckets);
    let iMin = -1;
    let iMax = -1;
    for (let i = b0; i < b1; i++) {
      const y = (series[i] as Point).y;
      if (y === null) continue;
      if (iMin < 0 || y < ((series[iMin] as Point).y as number)) iMin = i;
      if (iMax < 0 || y > ((series[iMax] as Point).y as number)) iMax = i;
    }
    if (iMin < 0) out.push(series[b0] as Point);
    else if (iMin === iMax) out.push(series[iMin] as Point);
    else out.push(series[Math.min(iMin, iMax)] as Point, series[Math.max(iMin, iMax)] as Point);
  }
  out.push(...after);
  return out;
}

/** Speech per party, customer peaks and raised-voice spans, sorted by start. */
export function buildBands(report: Report): Band[] {
  const bands: Band[] = [];
  for (const [start, end] of report.speech.agent) {
    bands.push({ kind: 'agentSpeech', role: 'agent', start, end, label: 'Agent speaking', eventId: null });
  }
  for (const [start, end] of report.speech.customer) {
    const label = 'Customer speaking';
    bands.push({ kind: 'customerSpeech', role: 'customer', start, end, label, eventId: null });
  }
  report.events.forEach((e, i) => {
    if (e.type === 'customerPeak') {
      const label = `Peak +${e.levelAboveCalmDb.toFixed(1)} dB`;
      bands.push({ kind: 'peak', role: 'peak', start: e.start, end: e.end, label, eventId: eventId(i) });
    } else if (e.type === 'raisedVoice') {
      const label = `Raised +${e.levelAboveNormalDb.toFixed(1)} dB`;
      const id = eventId(i);
      bands.push({
        kind: 'raisedVoice',
        role: 'raisedVoice',
        start: e.start,
        end: e.end,
        label,
        eventId: id,
      });
    }
  });
  return bands.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Interruptions (at a peak or not) and backchannels, in time order. */
export function buildMarkers(report: Report): Marker[] {
  const markers: Marker[] = [];
  report.events.forEach((e, i) => {
    const at = (kind: MarkerKind, label: string): void => {
      markers.push({ kind, role: kind, eventId: eventId(i), start: e.start, end: e.end, label });
    };
    if (e.type === 'interruption') {
      if (e.atPeak) at('interruptionAtPeak', 'Interruption at a peak');
      else at('interruption', 'Interruption');
    } else if (e.type === 'backchannel') at('backchannel', 'Backchannel (not counted)');
  });
  return markers;
}

/** The reply the peak's verdict names (`verdict.reply`): its index in `report.events`, or -1 (no reply). */
export function replyIndex(events: readonly ReportEvent[], peak: Peak): number {
  const reply = judgedReply(events, peak);
  return reply ? events.indexOf(reply) : -1;
}

/** "waited 1.4 s", "waited 0.3 s: too soon", "waited 1.7 s, raised reply". */
function gapLabel(v: PeakVerdict, waitSec: number, minPauseSec: number): string {
  const waited = `waited ${formatWait(waitSec, minPauseSec)} s`;
  if (v.waitedLongEnough === false) return `${waited}: too soon${v.raisedReply ? ', raised reply' : ''}`;
  return v.raisedReply ? `${waited}, raised reply` : waited;
}

/**
 * For each customer peak that got a reply: the silence before the reply, judged by the peak's verdict.
 * A peak nobody replied to (`verdict.unanswered`) has no gap.
 */
export function responseGaps(report: Report): ResponseGap[] {
  const gaps: ResponseGap[] = [];
  report.events.forEach((peak, p) => {
    if (peak.type !== 'customerPeak' || peak.verdict.waitSec === null) return;
    const v = peak.verdict;
    const r = replyIndex(report.events, peak);
    const reply = report.events[r];
    if (reply === undefined) return; // cannot happen in a built report: the reply is one of its events
    const waitSec = v.waitSec as number;
    const ok = v.waitedLongEnough === true && !v.raisedReply;
    gaps.push({
      eventId: eventId(r),
      peakId: eventId(p),
      role: ok ? 'gapOk' : 'gapBad',
      start: reply.start,
      end: reply.end,
      waitSec,
      ok,
      tooSoon: v.waitedLongEnough === false,
      raisedReply: v.raisedReply,
      label: gapLabel(v, waitSec, report.settings.minPauseSec),
    });
  });
  return gaps;
}

const TICK_STEPS_SEC = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400];

/**
 * Time-axis ticks from `fromSec` to `toSec`, both included: the smallest round step (0.1 s … 1 min … 4 h)
 * that cuts the span into at most `maxTicks` steps, ticks at multiples of it; labels as `formatTime`,
 * tenths only for steps under 1 s.
 */
export function timeTicks(fromSec: number, toSec: number, maxTicks = 8): Tick[] {
  const span = Math.max(toSec - fromSec, 1e-9);
  const step = TICK_STEPS_SEC.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / 14400) * 14400; // beyond the table: whole multiples of 4 h
  const ticks: Tick[] = [];
  for (let k = Math.ceil(fromSec / step - 1e-9); k * step <= toSec + 1e-9; k++) {
    const sec = Math.round(k * step * 1000) / 1000;
    ticks.push({ sec, label: formatTime(sec, { tenths: step < 1 }) });
  }
  return ticks;
}
