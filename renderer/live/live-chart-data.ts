/**
 * The live chart's geometry, from the last minute of points: one lane per party (the customer on top),
 * each with its loudness line and a bar where the party speaks, in pixels of a canvas of the given size.
 * Pure (tested as data); live-chart.ts only strokes and fills what this returns.
 *
 * A party's loudness is drawn against their own level (0 dB = their usual level) once that level is
 * known, which is the engine's comparison; before, the absolute level is drawn on a dBFS scale and the
 * lane says so. Time runs from 60 s ago at the left to now at the right.
 */
import type { Party } from '../../src/engine/events.js';
import type { LivePoint } from '../../src/live/protocol.js';
import { LIVE_WINDOW_SEC } from './live-model.js';

/** Lane scales, dB: against own level (a raised voice is ~+6), or absolute (speech is about -45 to -15). */
const RELATIVE_RANGE: readonly [number, number] = [-24, 18];
const ABSOLUTE_RANGE: readonly [number, number] = [-70, -10];
/** Left margin for the lane labels, bottom margin for the time axis, px. */
const AXIS_LEFT = 58;
const AXIS_BOTTOM = 14;
const LANE_GAP = 6;
/** A speech bar's height, px, under each lane's line. */
const SPEECH_BAR = 5;
/** Points further apart than this are not joined (a gap in the stream), s. */
const MAX_JOIN_SEC = 0.5;

export interface LaneModel {
  party: Party;
  label: string;
  mode: 'relative' | 'absolute';
  /** What the scale is, in words ("dB vs usual", "dBFS"). */
  scaleLabel: string;
  /** The lane's box, px. */
  top: number;
  bottom: number;
  /** The loudness line: runs of joined points, px. */
  lines: { x: number; y: number }[][];
  /** The speech bar: spans of x, px, at `speechY`. */
  speech: [number, number][];
  speechY: number;
  /** The 0 dB line (own level) or null on an absolute scale, px. */
  referenceY: number | null;
}

export interface LiveChartModel {
  width: number;
  height: number;
  plotLeft: number;
  plotRight: number;
  lanes: LaneModel[];
  /** Time ticks: x px and label ("-60 s" … "now"). */
  ticks: { x: number; label: string }[];
  /** The baseline of the time labels, px. */
  axisY: number;
}

const LABELS: Record<Party, string> = { customer: 'Customer', agent: 'You' };

export function buildLiveChart(
  points: readonly LivePoint[],
  nowSec: number,
  size: { width: number; height: number },
): LiveChartModel {
  const { width, height } = size;
  const plotLeft = AXIS_LEFT;
  const plotRight = Math.max(plotLeft + 1, width - 4);
  const from = nowSec - LIVE_WINDOW_SEC;
  const xOf = (t: number): number => plotLeft + ((t - from) / LIVE_WINDOW_SEC) * (plotRight - plotLeft);
  const laneHeight = (height - AXIS_BOTTOM - LANE_GAP) / 2;
  const lanes = (['customer', 'agent'] as const).map((party, i) => {
    const top = i * (laneHeight + LANE_GAP);
    return lane(party, points, xOf, top, top + laneHeight);
  });
  const ticks = [60, 45, 30, 15, 0].map((ago) => ({
    x: xOf(nowSec - ago),
    label: ago === 0 ? 'now' : `-${ago} s`,
  }));
  return { width, height, plotLeft, plotRight, lanes, ticks, axisY: height - 2 };
}

function lane(
  party: Party,
  points: readonly LivePoint[],
  xOf: (t: number) => number,
  top: number,
  bottom: number,
): LaneModel {
  const rel = (p: LivePoint): number | null => (party === 'agent' ? p.agentRelDb : p.customerRelDb);
  const abs = (p: LivePoint): number => (party === 'agent' ? p.agentDb : p.customerDb);
  const speaking = (p: LivePoint): boolean => (party === 'agent' ? p.agentSpeaking : p.customerSpeaking);
  const newest = points.at(-1);
  const mode = newest !== undefined && rel(newest) !== null ? 'relative' : 'absolute';
  const [lo, hi] = mode === 'relative' ? RELATIVE_RANGE : ABSOLUTE_RANGE;
  const speechY = bottom - SPEECH_BAR;
  const lineBottom = speechY - 2;
  const yOf = (db: number): number => {
    const clamped = Math.min(hi, Math.max(lo, db));
    return lineBottom - ((clamped - lo) / (hi - lo)) * (lineBottom - top);
  };

  const lines: { x: number; y: number }[][] = [];
  const speech: [number, number][] = [];
  let run: { x: number; y: number }[] = [];
  let previous: LivePoint | null = null;
  for (const p of points) {
    const db = mode === 'relative' ? rel(p) : abs(p);
    const joined = previous !== null && p.t - previous.t <= MAX_JOIN_SEC;
    if (db === null || !Number.isFinite(db) || !joined) {
      if (run.length > 1) lines.push(run);
      run = [];
    }
    if (db !== null && Number.isFinite(db)) run.push({ x: xOf(p.t), y: yOf(db) });
    if (speaking(p)) {
      const span = speech.at(-1);
      const x0 = previous !== null && joined ? xOf(previous.t) : xOf(p.t);
      if (span !== undefined && joined && previous !== null && speaking(previous)) span[1] = xOf(p.t);
      else speech.push([x0, xOf(p.t)]);
    }
    previous = p;
  }
  if (run.length > 1) lines.push(run);
  return {
    party,
    label: LABELS[party],
    mode,
    scaleLabel: mode === 'relative' ? 'dB vs usual' : 'dBFS',
    top,
    bottom,
    lines,
    speech,
    speechY,
    referenceY: mode === 'relative' ? yOf(0) : null,
  };
}
