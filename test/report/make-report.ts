/**
 * Hand-made reports with known events, for the presentation, scorecard and HTML tests. Verdicts and the
 * summary are filled in by the real `judgePeaks` and `summarize`, so the report is what the builder would
 * make of these events; the tests check their expectations against the times written here.
 */
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings.js';
import { REPORT_SCHEMA, type Report, type ReportEvent } from '../../src/report/schema.js';
import { undecidedVerdict } from '../../src/report/builder.js';
import { judgePeaks, summarize } from '../../src/report/verdicts.js';

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
  judgePeaks(events, speech, settings);
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
    baselines: { customerCalmDb: -27.1, agentNormalDb: -31.8 },
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
