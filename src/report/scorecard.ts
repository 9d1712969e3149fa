/**
 * The scorecard of a call: did the agent speak softly and wait for the pause, peak by peak, with the
 * totals a coach reads first and the thresholds the call was judged with. Pure function of a report;
 * the totals are the report's `summary`, the rows its `customerPeak` events and their verdicts.
 */
import type { LevelOrigin } from '../engine/events.js';
import { DEFAULT_SETTINGS, SETTING_TABLE, type SettingUnit, type Settings } from '../engine/settings.js';
import { SEVERITY_STYLE, type Severity } from './palette.js';
import type { PeakVerdict, Report } from './schema.js';
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
  /** null: not judged, the peak got no reply and no talk-over (`unanswered` says why). */
  complied: boolean | null;
  /** Why the agent never replied: the customer went on, or the call ended; null when they did. */
  unanswered: PeakVerdict['unanswered'];
  /** The verdict in words, with its severity (`peakResult`). */
  result: PeakResult;
  /** Plain words; empty when complied; for a peak not judged, why it got no reply. */
  reasons: string[];
}

/** What became of a peak: complied with, not complied with, or not judged because nobody replied. */
export interface PeakResult {
  state: 'complied' | 'notComplied' | 'noReply';
  /** "complied", "not complied", "no reply (customer went on)", "no reply (call ended)". */
  label: string;
  /** ok, bad; neutral for a peak not judged (it counts neither way). */
  severity: Severity;
  /** The label after the severity's glyph: "✓ complied", "– no reply (call ended)". */
  text: string;
}

const NO_REPLY_LABEL: Record<NonNullable<PeakVerdict['unanswered']>, string> = {
  customerWentOn: 'no reply (customer went on)',
  callEnded: 'no reply (call ended)',
};

/**
 * A peak's verdict in words: the one way every view (app, HTML report, event list, CLI summary) names
 * the three states. A null `complied` is its own state, never "not complied": the peak got no reply.
 */
export function peakResult(v: Pick<PeakVerdict, 'complied' | 'unanswered'>): PeakResult {
  const [state, label, severity]: [PeakResult['state'], string, Severity] =
    v.complied === true
      ? ['complied', 'complied', 'ok']
      : v.complied === false
        ? ['notComplied', 'not complied', 'bad']
        : ['noReply', v.unanswered === null ? 'no reply' : NO_REPLY_LABEL[v.unanswered], 'neutral'];
  return { state, label, severity, text: `${SEVERITY_STYLE[severity].glyph} ${label}` };
}

export interface Threshold {
  name: keyof Settings;
  /** What it means, in a coach's words. */
  label: string;
  /** null for a level that was learned from the call rather than set. */
  value: number | null;
  unit: SettingUnit;
  /** "1 s", "6 dB", "measured on the whole call: -27.1 dB at the end", or learned from the first words. */
  text: string;
  /** The value is the default (`softspoken settings`). */
  isDefault: boolean;
}

export interface Scorecard {
  durationSec: number;
  compliance: {
    complied: number;
    /** Peaks judged: complied with or not (every peak but the unanswered ones). */
    judged: number;
    peaks: number;
    /** Peaks not judged: the agent never replied and did not talk over them (counted apart). */
    unanswered: number;
    /** The unanswered peaks by why: the customer went on before the agent answered, the call ended. */
    unansweredBy: { customerWentOn: number; callEnded: number };
    /** complied / judged, 0 to 1; null when no peak was judged. */
    share: number | null;
    /**
     * e.g. "Complied with 2 of 5 customer peaks (40%)"; with unanswered peaks, "Complied with 2 of 3
     * judged peaks (67%); 1 peak got no reply".
     */
    headline: string;
    /** ok: every judged peak complied with; bad: at least one was not; info: none judged. */
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

function headline(complied: number, peaks: number, unanswered: number, share: number | null): string {
  if (peaks === 0) return 'No customer peaks in this call: nothing to judge';
  if (share === null || unanswered >= peaks) {
    return peaks === 1
      ? 'The one customer peak got no reply: nothing to judge'
      : `None of the ${peaks} customer peaks got a reply: nothing to judge`;
  }
  const judged = peaks - unanswered;
  // With unanswered peaks the share is of the judged ones, and says so.
  const noun = unanswered > 0 ? 'judged' : 'customer';
  let text: string;
  if (complied === judged)
    text = judged === 1 ? `Complied with the one ${noun} peak` : `Complied with all ${judged} ${noun} peaks`;
  else if (complied === 0)
    text =
      judged === 1
        ? `Did not comply with the one ${noun} peak`
        : `Complied with none of the ${judged} ${noun} peaks`;
  else text = `Complied with ${complied} of ${judged} ${noun} peaks (${pct(share)})`;
  if (unanswered === 0) return text;
  return `${text}; ${unanswered} peak${unanswered === 1 ? '' : 's'} got no reply`;
}

/**
 * The settings a coach needs to read the verdicts, in reading order (docs/thresholds.md has all of them);
 * each one's label and unit come from SETTING_TABLE (its `coachLabel`).
 */
const THRESHOLDS: readonly (keyof Settings)[] = [
  'minPauseSec',
  'peakDb',
  'minPeakSec',
  'peakBridgeSec',
  'raisedVoiceDb',
  'minRaisedSec',
  'maxBackchannelSec',
  'customerResumeSec',
  'minSilenceMs',
  'customerCalmDb',
  'agentNormalDb',
];

function thresholds(report: Report): Threshold[] {
  const b = report.baselines;
  const learned: Partial<Record<keyof Settings, [number | null, LevelOrigin]>> = {
    customerCalmDb: [b.customerCalmDb, b.customerCalmFrom],
    agentNormalDb: [b.agentNormalDb, b.agentNormalFrom],
  };
  return THRESHOLDS.map((name) => {
    const { unit, coachLabel } = SETTING_TABLE[name];
    const label = coachLabel ?? name;
    const value = report.settings[name];
    let text: string;
    if (value === null) {
      const [end, from] = learned[name] ?? [null, 'firstWords'];
      const how =
        from === 'call'
          ? 'measured on the whole call'
          : from === 'profile'
            ? "from the agent's profile"
            : 'learned from the first words (early judgements provisional)';
      text = `${how}${typeof end === 'number' ? `: ${end.toFixed(1)} dB at the end` : ''}`;
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
      unanswered: v.unanswered,
      result: peakResult(v),
      reasons: [...v.reasons],
    });
  });
  const judged = s.customerPeaks - s.unansweredPeaks;
  const severity: Severity = s.compliance === null ? 'info' : s.compliedPeaks === judged ? 'ok' : 'bad';
  const notJudged = peaks.filter((p) => p.complied === null);
  return {
    durationSec: s.durationSec,
    compliance: {
      complied: s.compliedPeaks,
      judged,
      peaks: s.customerPeaks,
      unanswered: s.unansweredPeaks,
      unansweredBy: {
        customerWentOn: notJudged.filter((p) => p.unanswered === 'customerWentOn').length,
        callEnded: notJudged.filter((p) => p.unanswered === 'callEnded').length,
      },
      share: s.compliance,
      headline: headline(s.compliedPeaks, s.customerPeaks, s.unansweredPeaks, s.compliance),
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
