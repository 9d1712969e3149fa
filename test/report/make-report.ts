/**
 * Hand-made reports with known events, for the presentation, scorecard and HTML tests. Each peak's verdict
 * is decided from the hand-made events by `rejudgePeaks` (the engine's rule, in seconds) and worded
 * by the real `peakVerdict`; the summary is the real `summarize`. So the report is what the builder would
 * make of these events; the tests check their expectations against the times written here.
 */
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings.js';
import { REPORT_SCHEMA, type Report, type ReportEvent } from '../../src/report/schema.js';
import { undecidedVerdict } from '../../src/report/builder.js';
import { rejudgePeaks } from '../../src/report/rejudge.js';
import { summarize } from '../../src/report/verdicts.js';

/**
 * Every peak's verdict, decided from the hand-made events by the seconds-based judge a coach's corrections
 * also use (src/report/rejudge.ts). Mutates the peaks.
 */
export const judgeHandMadePeaks = rejudgePeaks;

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

/**
 * A 20 s call with one peak (2-8 s): complied (a reply after 1.5 s), or talked over at 5-6 s and answered
 * after 0.4 s with 3 s of raised voice. For the agents' trend tests.
 */
export function onePeakCall(complied: boolean): Report {
  return makeReport({
    durationSec: 20,
    agent: complied
      ? [[9.5, 12]]
      : [
          [5, 6],
          [8.4, 12],
        ],
    customer: [[2, 8]],
    events: complied
      ? [peak(2, 8, 10), { type: 'response', start: 8, end: 9.5, gapSec: 1.5, afterPeak: true }]
      : [
          peak(2, 8, 10),
          { type: 'interruption', start: 5, end: 6, atPeak: true },
          { type: 'response', start: 8, end: 8.4, gapSec: 0.4, afterPeak: true },
          { type: 'raisedVoice', start: 8.4, end: 11.4, levelAboveNormalDb: 8 },
        ],
  });
}
