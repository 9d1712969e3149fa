/**
 * The scorecard of a call: did the agent speak softly and wait for the pause, peak by peak, with the
 * totals a coach reads first and the thresholds the call was judged with. Pure function of a report;
 * the totals are the report's `summary`, the rows its `customerPeak` events and their verdicts.
 */
import { DEFAULT_SETTINGS, type Settings } from '../engine/settings.js';
import type { Severity } from './palette.js';
import type { Report } from './schema.js';
import { eventId, formatTime } from './timeline-data.js';

export interface ScorecardPeakRow {
  /** The event list entry of the peak. */
  id: string;
  /** 1, 2, … in time order. */
  number: number;
  start: number;
  end: number;
  /** "0:13.6–0:24.2". */
  time: string;
  levelAboveCalmDb: number;
  interrupted: boolean;
  /** Silence before the agent's reply, s; null when the agent did not reply after the peak. */
  waitSec: number | null;
  waitedLongEnough: boolean | null;
  raisedReply: boolean;
  complied: boolean;
  /** Plain words; empty when complied. */
  reasons: string[];
}

export interface Threshold {
  name: keyof Settings;
  /** What it means, in a coach's words. */
  label: string;
  /** null for a level that was learned from the call rather than set. */
  value: number | null;
  unit: 's' | 'ms' | 'dB';
  /** "1 s", "6 dB", "learned: -27.1 dB at the end" ("learned from the call" when never known). */
  text: string;
  /** The value is the default (`softspoken settings`). */
  isDefault: boolean;
}

export interface Scorecard {
  durationSec: number;
  compliance: {
    complied: number;
    peaks: number;
    /** complied / peaks, 0 to 1; null when there were no peaks. */
    share: number | null;
    /** e.g. "Complied with 2 of 5 customer peaks (40%)". */
    headline: string;
    /** ok: every peak complied with; bad: at least one was not; info: no peaks. */
    severity: Severity;
    /** Why peaks were not complied with: how many peaks had each reason (a peak may have several). */
    missed: { interrupted: number; tooSoon: number; raisedReply: number };
  };
  peaks: ScorecardPeakRow[];
  interruptions: { total: number; atPeak: number };
  backchannels: number;
  raisedVoice: { spans: number; seconds: number };
  /** Median wait before the reply to a peak, s; null when no peak got a reply. */
  medianWaitAfterPeakSec: number | null;
  /** The wait that counts as waiting for the pause, s. */
  minPauseSec: number;
  talk: {
    /** The agent's share of the talking (agent over agent + customer); null when nobody spoke. */
    agentShareOfTalk: number | null;
    /** Shares of the call: agent speaking, customer speaking, both at once, neither. */
    agent: number;
    customer: number;
    overlap: number;
    silence: number;
  };
  thresholds: Threshold[];
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

function headline(complied: number, peaks: number, share: number | null): string {
  if (share === null || peaks === 0) return 'No customer peaks in this call: nothing to judge';
  if (complied === peaks)
    return peaks === 1 ? 'Complied with the one customer peak' : `Complied with all ${peaks} customer peaks`;
  if (complied === 0)
    return peaks === 1
      ? 'Did not comply with the one customer peak'
      : `Complied with none of the ${peaks} customer peaks`;
  return `Complied with ${complied} of ${peaks} customer peaks (${pct(share)})`;
}

/** The settings a coach needs to read the verdicts, in reading order (docs/report.md has all of them). */
const THRESHOLDS: readonly { name: keyof Settings; label: string; unit: Threshold['unit'] }[] = [
  { name: 'minPauseSec', label: 'Pause wanted before replying to a peak', unit: 's' },
  { name: 'peakDb', label: 'Customer peak: level above their calm level', unit: 'dB' },
  { name: 'minPeakSec', label: 'Shortest customer peak', unit: 's' },
  { name: 'peakBridgeSec', label: 'Loud stretches joined across pauses up to', unit: 's' },
  { name: 'raisedVoiceDb', label: 'Raised voice: agent level above their normal level', unit: 'dB' },
  { name: 'minRaisedSec', label: 'Shortest raised-voice span', unit: 's' },
  {
    name: 'maxBackchannelSec',
    label: 'Longest backchannel ("mm-hm") not counted as interrupting',
    unit: 's',
  },
  { name: 'customerResumeSec', label: 'Customer keeps the floor when resuming within', unit: 's' },
  { name: 'minSilenceMs', label: 'Silence that ends an utterance', unit: 'ms' },
  { name: 'customerCalmDb', label: 'Customer calm level', unit: 'dB' },
  { name: 'agentNormalDb', label: 'Agent normal level', unit: 'dB' },
];

function thresholds(report: Report): Threshold[] {
  const learned: Partial<Record<keyof Settings, number | null>> = {
    customerCalmDb: report.baselines.customerCalmDb,
    agentNormalDb: report.baselines.agentNormalDb,
  };
  return THRESHOLDS.map(({ name, label, unit }) => {
    const value = report.settings[name];
    let text: string;
    if (value === null) {
      const end = learned[name];
      text = `learned${typeof end === 'number' ? `: ${end.toFixed(1)} dB at the end` : ' from the call'}`;
    } else text = `${value} ${unit}`;
    return { name, label, value, unit, text, isDefault: value === DEFAULT_SETTINGS[name] };
  });
}

/** The scorecard of `report`. */
export function buildScorecard(report: Report): Scorecard {
  const s = report.summary;
  const peaks: ScorecardPeakRow[] = [];
  report.events.forEach((e, i) => {
    if (e.type !== 'customerPeak') return;
    const v = e.verdict;
    peaks.push({
      id: eventId(i),
      number: peaks.length + 1,
      start: e.start,
      end: e.end,
      time: `${formatTime(e.start)}–${formatTime(e.end)}`,
      levelAboveCalmDb: e.levelAboveCalmDb,
      interrupted: v.interrupted,
      waitSec: v.waitSec,
      waitedLongEnough: v.waitedLongEnough,
      raisedReply: v.raisedReply,
      complied: v.complied,
      reasons: [...v.reasons],
    });
  });
  const severity: Severity =
    s.compliance === null ? 'info' : s.compliedPeaks === s.customerPeaks ? 'ok' : 'bad';
  return {
    durationSec: s.durationSec,
    compliance: {
      complied: s.compliedPeaks,
      peaks: s.customerPeaks,
      share: s.compliance,
      headline: headline(s.compliedPeaks, s.customerPeaks, s.compliance),
      severity,
      missed: {
        interrupted: peaks.filter((p) => p.interrupted).length,
        tooSoon: peaks.filter((p) => p.waitedLongEnough === false).length,
        raisedReply: peaks.filter((p) => p.raisedReply).length,
      },
    },
    peaks,
    interruptions: { total: s.interruptions, atPeak: s.interruptionsAtPeak },
    backchannels: s.backchannels,
    raisedVoice: { spans: s.raisedVoiceSpans, seconds: s.raisedVoiceSec },
    medianWaitAfterPeakSec: s.medianWaitAfterPeakSec,
    minPauseSec: report.settings.minPauseSec,
    talk: { agentShareOfTalk: s.agentTalkShare, ...s.talk },
    thresholds: thresholds(report),
  };
}
