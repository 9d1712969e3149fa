/**
 * Hand-made reports with known events, for the presentation, scorecard and HTML tests. Each peak's verdict
 * is decided from the hand-made events by `judgeHandMadePeaks` (the engine's rule, in seconds) and worded
 * by the real `peakVerdict`; the summary is the real `summarize`. So the report is what the builder would
 * make of these events; the tests check their expectations against the times written here.
 */
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings.js';
import { REPORT_SCHEMA, type Report, type ReportEvent } from '../../src/report/schema.js';
import { undecidedVerdict } from '../../src/report/builder.js';
import { peakVerdict, summarize, type VerdictFacts } from '../../src/report/verdicts.js';

type Peak = Extract<ReportEvent, { type: 'customerPeak' }>;

/** Onsets this close to a peak's edges count as inside it, s (the engine's 50 ms). */
const EDGE_SEC = 0.05;
/** A response starting this close to a peak's end is its reply, s. */
const REPLY_WITHIN_SEC = 0.3;

const overlaps = (a0: number, a1: number, b0: number, b1: number): boolean => a0 < b1 && b0 < a1;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * What the engine's peak judge (src/engine/peak-verdicts.ts) would decide about `peak`, from hand-made
 * events: talked over when an interruption starts within the peak (±50 ms); the reply is a `response`
 * after a loud turn starting within 0.3 s of the peak's end; the reply is raised when a raised-voice span
 * overlaps the agent's turn that starts at the reply's end. No reply: unanswered, because the customer
 * spoke again (a customer turn starts more than 50 ms after the peak) or else the call ended; such a peak
 * is judged (not complied) only when it was talked over, otherwise not judged (complied null).
 */
export function handMadeVerdictFacts(
  peak: Peak,
  events: readonly ReportEvent[],
  speech: Report['speech'],
  settings: Settings,
): VerdictFacts {
  const interrupted = events.some(
    (e) => e.type === 'interruption' && e.start >= peak.start - EDGE_SEC && e.start <= peak.end + EDGE_SEC,
  );
  const response = events.find(
    (e) => e.type === 'response' && e.afterPeak && Math.abs(e.start - peak.end) <= REPLY_WITHIN_SEC,
  );
  const reply = response ? { start: response.start, end: response.end } : null;
  let raisedReply = false;
  let unanswered: VerdictFacts['unanswered'] = null;
  if (reply) {
    const turn = speech.agent.find(([s, e]) => s <= reply.end + EDGE_SEC && e > reply.end);
    const [t0, t1] = turn ?? [reply.end, reply.end + 3];
    raisedReply = events.some((e) => e.type === 'raisedVoice' && overlaps(e.start, e.end, t0, t1));
  } else {
    const wentOn = speech.customer.some(([s]) => s > peak.end + EDGE_SEC);
    unanswered = wentOn ? 'customerWentOn' : 'callEnded';
  }
  const waited = reply === null ? null : r3(reply.end - reply.start) >= settings.minPauseSec;
  const complied = interrupted || reply !== null ? !interrupted && waited === true && !raisedReply : null;
  return { complied, interrupted, reply, raisedReply, unanswered };
}

/** Every peak's verdict, from `handMadeVerdictFacts` worded by the real `peakVerdict`. Mutates the peaks. */
export function judgeHandMadePeaks(
  events: ReportEvent[],
  speech: Report['speech'],
  settings: Settings,
): void {
  for (const e of events) {
    if (e.type === 'customerPeak')
      e.verdict = peakVerdict(handMadeVerdictFacts(e, events, speech, settings), settings);
  }
}

export const peak = (start: number, end: number, levelAboveCalmDb: number): ReportEvent => ({
  type: 'customerPeak',
  start,
  end,
  levelAboveCalmDb,
  brightnessRiseHz: null,
  verdict: undecidedVerdict(),
});

export interface ReportInput {
  durationSec: number;
  agent: [number, number][];
  customer: [number, number][];
  events: ReportEvent[];
  settings?: Partial<Settings>;
  files?: string[];
  warnings?: string[];
  /** Timeline values per hop (default: none). */
  agentRelDb?: (number | null)[];
  customerRelDb?: (number | null)[];
}

export function makeReport(input: ReportInput): Report {
  const settings: Settings = { ...DEFAULT_SETTINGS, ...input.settings };
  const speech = { agent: input.agent, customer: input.customer };
  const events = input.events
    .map((e) => structuredClone(e))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  judgeHandMadePeaks(events, speech, settings);
  const agentRelDb = input.agentRelDb ?? [];
  const customerRelDb = input.customerRelDb ?? agentRelDb.map(() => null);
  const zeros = agentRelDb.map(() => -60);
  return {
    schema: REPORT_SCHEMA,
    analyzer: { name: 'softspoken', version: '0.0.0-test', engineRateHz: 8000, vad: 'test vad' },
    source: {
      files: input.files ?? ['call.wav'],
      codec: 'PCM 16-bit',
      sampleRateHz: 8000,
      channels: 2,
      agentChannel: 0,
      durationSec: input.durationSec,
    },
    settings,
    warnings: input.warnings ?? [],
    baselines: {
      customerCalmDb: -27.1,
      agentNormalDb: -31.8,
      customerCalmFrom: 'call',
      agentNormalFrom: 'call',
    },
    speech,
    events,
    summary: summarize(events, speech, input.durationSec),
    timeline: {
      hopSec: 0.096,
      agentRelDb,
      customerRelDb,
      agentDb: zeros,
      customerDb: zeros,
      agentShortTermDb: zeros,
      customerShortTermDb: zeros,
      agentSpeaking: agentRelDb.map(() => 0),
      customerSpeaking: agentRelDb.map(() => 0),
    },
  };
}

/**
 * A 52 s call with three customer peaks (default settings: a 1 s pause wanted):
 * - e0 6.0-6.4: a reply after a calm turn (0.4 s);
 * - e1 peak 9-15 (+9.5 dB), talked over (e2, 12-13, at the peak), replied to after 0.3 s (e3): too soon;
 * - e4 peak 19-27 (+12 dB), a backchannel inside it (e5, 21.0-21.4), replied to after 1.4 s (e6): complied;
 * - e7 peak 32-40 (+8 dB), replied to after 1.7 s (e8) in a raised voice (e9, 41.7-44): not complied;
 * - e10 47-49: an interruption, not at a peak.
 * Talk: agent 13.9 s, customer 31 s, both 3.4 s.
 */
export function threePeakCall(settings: Partial<Settings> = {}): Report {
  return makeReport({
    durationSec: 52,
    settings,
    agent: [
      [0.5, 1.8],
      [6.4, 8.0],
      [12.0, 13.0],
      [15.3, 18.0],
      [21.0, 21.4],
      [28.4, 31.0],
      [41.7, 44.0],
      [47.0, 49.0],
    ],
    customer: [
      [2.0, 6.0],
      [9.0, 15.0],
      [19.0, 27.0],
      [32.0, 40.0],
      [45.0, 50.0],
    ],
    events: [
      { type: 'response', start: 6.0, end: 6.4, gapSec: 0.4, afterPeak: false },
      peak(9, 15, 9.5),
      { type: 'interruption', start: 12, end: 13, atPeak: true },
      { type: 'response', start: 15, end: 15.3, gapSec: 0.3, afterPeak: true },
      peak(19, 27, 12),
      { type: 'backchannel', start: 21, end: 21.4 },
      { type: 'response', start: 27, end: 28.4, gapSec: 1.4, afterPeak: true },
      peak(32, 40, 8),
      { type: 'response', start: 40, end: 41.7, gapSec: 1.7, afterPeak: true },
      { type: 'raisedVoice', start: 41.7, end: 44, levelAboveNormalDb: 7 },
      { type: 'interruption', start: 47, end: 49, atPeak: false },
    ],
  });
}

/** A calm 20 s call: two turns each, one reply, no peaks. */
export function calmCall(): Report {
  return makeReport({
    durationSec: 20,
    agent: [
      [1, 4],
      [10, 13],
    ],
    customer: [
      [5, 9],
      [14, 18],
    ],
    events: [{ type: 'response', start: 9, end: 10, gapSec: 1, afterPeak: false }],
  });
}

/**
 * A 40.5 s call with four customer peaks, two of them never answered (default settings: 1 s pause):
 * - e0 peak 2-8 (+10 dB), replied to after 1.5 s (e1, 8-9.5), softly: complied;
 * - e2 peak 13-18 (+9 dB), no reply: the customer went on (a calm turn 18.6-22), and the agent replied to
 *   that turn (e3, 22-23, not after a loud turn): not judged, 'customerWentOn';
 * - e4 peak 27-33 (+11 dB), replied to after 0.4 s (e5, 33-33.4): too soon, not complied;
 * - e6 peak 37-40 (+8 dB), no reply: the call ended at 40.5 s: not judged, 'callEnded'.
 */
export function unansweredCall(): Report {
  return makeReport({
    durationSec: 40.5,
    agent: [
      [9.5, 12],
      [23, 26],
      [33.4, 36],
    ],
    customer: [
      [2, 8],
      [13, 18],
      [18.6, 22],
      [27, 33],
      [37, 40],
    ],
    events: [
      peak(2, 8, 10),
      { type: 'response', start: 8, end: 9.5, gapSec: 1.5, afterPeak: true },
      peak(13, 18, 9),
      { type: 'response', start: 22, end: 23, gapSec: 1, afterPeak: false },
      peak(27, 33, 11),
      { type: 'response', start: 33, end: 33.4, gapSec: 0.4, afterPeak: true },
      peak(37, 40, 8),
    ],
  });
}
