/**
 * The review's words a coach reads first: the headline that names what went wrong peak by peak, the
 * plain-words meaning of a level in dB, what a learned level is, and whether the median wait may be shown
 * as good. Pure functions of the scorecard (scorecard.ts), so the app and any other view say the same.
 */
import type { Severity } from './palette.js';
import type { Scorecard, ScorecardPeakRow } from './scorecard.js';
import { formatTime } from './format.js';

/** What went wrong at one peak, in a few words: "talked over", "replied too soon", "raised reply". */
export function peakFaults(p: ScorecardPeakRow): string[] {
  const faults: string[] = [];
  if (p.interrupted) faults.push('talked over');
  if (p.waitedLongEnough === false) faults.push('replied too soon');
  if (p.raisedReply) faults.push('raised reply');
  return faults;
}

/** A peak named as on the timeline and in the lists: "P2". */
export const peakName = (p: Pick<ScorecardPeakRow, 'number'>): string => `P${p.number}`;

export interface HeadlineItem {
  /** The peak's event id (to select it). */
  id: string;
  /** "P1". */
  name: string;
  /** "talked over", "replied too soon + raised reply", "no reply (call ended)". */
  what: string;
}

export interface ReviewHeadline {
  /** "2 of 3 peaks not complied: P1 talked over · P3 raised reply". */
  text: string;
  /** The part before the colon: "2 of 3 peaks not complied". */
  lead: string;
  /** The peaks not complied with, each with what went wrong, in time order. */
  failed: HeadlineItem[];
  /** The peaks not judged (nobody replied), each with why; "" when none. */
  notJudged: HeadlineItem[];
  severity: Severity;
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/**
 * The headline of a call's review. Failed peaks: "2 of 3 peaks not complied: P1 talked over · P3 raised
 * reply"; all complied: "All 3 peaks complied: waited for the pause, stayed soft"; none judged or none at
 * all say so. Peaks nobody replied to are never counted as failed (`notJudged`), but they are counted
 * among the peaks, as the timeline numbers them: "1 of 4 peaks not complied (2 got no reply)" over a
 * timeline showing P1 to P4.
 */
export function reviewHeadline(card: Scorecard): ReviewHeadline {
  const { compliance: c } = card;
  const failed: HeadlineItem[] = card.peaks
    .filter((p) => p.complied === false)
    .map((p) => ({ id: p.id, name: peakName(p), what: peakFaults(p).join(' + ') || 'not complied' }));
  const notJudged: HeadlineItem[] = card.peaks
    .filter((p) => p.complied === null)
    .map((p) => ({ id: p.id, name: peakName(p), what: p.result.label }));
  const all = card.peaks.length;
  const unanswered = notJudged.length === 0 ? '' : ` (${notJudged.length} got no reply)`;
  let lead: string;
  let severity: Severity;
  if (all === 0) {
    lead = 'No customer peaks: nothing to judge';
    severity = 'info';
  } else if (c.judged === 0) {
    lead =
      all === 1 ? 'The one peak got no reply: nothing to judge' : `No peak got a reply: nothing to judge`;
    severity = 'info';
  } else if (failed.length === 0) {
    lead =
      all === 1
        ? 'The peak was complied with: waited for the pause, stayed soft'
        : notJudged.length === 0
          ? `All ${all} peaks complied: waited for the pause, stayed soft`
          : `${c.judged} of ${all} peaks complied${unanswered}: waited for the pause, stayed soft`;
    severity = 'ok';
  } else {
    lead = `${failed.length} of ${all} ${plural(all, 'peak', 'peaks')} not complied${unanswered}`;
    severity = 'bad';
  }
  const text = failed.length > 0 ? `${lead}: ${failed.map((f) => `${f.name} ${f.what}`).join(' · ')}` : lead;
  return { text, lead, failed, notJudged, severity };
}

/**
 * How much louder a level above a person's own is, in words. A rise of about 10 dB is heard as twice as
 * loud (Stevens' power law for loudness, exponent about 0.3: 2^(1/0.3) ≈ 10 dB); 3 dB is a just clear
 * difference in speech level.
 */
export function loudnessWords(aboveDb: number): string {
  if (aboveDb < 3) return 'about their usual level';
  if (aboveDb < 6) return 'a little louder';
  if (aboveDb < 10) return 'clearly louder';
  return 'much louder: about twice as loud or more';
}

/** "+8.5 dB above their calm level — clearly louder" (the customer) or "… their normal level …" (the agent). */
export function levelAboveWords(aboveDb: number, party: 'customer' | 'agent'): string {
  const own = party === 'customer' ? 'their calm level' : 'their normal level';
  return `+${aboveDb.toFixed(1)} dB above ${own} — ${loudnessWords(aboveDb)}`;
}

/**
 * Why a peak may show a level under the peak threshold: the level is the mean over its sentences, and a
 * peak keeps the nearly loud sentences around its loud ones (docs/algorithms.md, section 3). Null when the
 * shown level is at or above the threshold (nothing to explain).
 */
export function peakLevelNote(levelAboveCalmDb: number, peakDb: number): string | null {
  if (Number(levelAboveCalmDb.toFixed(1)) >= peakDb) return null;
  return (
    `an average over the peak's sentences: at least one reached +${peakDb} dB, and nearly as loud ` +
    'sentences around it belong to the same peak'
  );
}

/** What a party's learned level is, next to its number ("learned: -21.7 dB"). */
export function ownLevelWords(party: 'customer' | 'agent'): string {
  const who = party === 'customer' ? "the customer's calm" : "the agent's normal";
  return (
    `${who} speaking level in this call, in dB below the loudest the recording can hold; ` +
    `0 dB on the ${party}'s lane of the timeline is this level, and every ${party} level is measured from it`
  );
}

/**
 * The tone of the median wait: good only when it is long enough and no judged peak failed (a fine median
 * on a call that failed its peaks is not praise), bad when it is too short, neutral otherwise.
 */
export function medianWaitTone(card: Scorecard): 'good' | 'bad' | '' {
  const wait = card.medianWaitAfterPeakSec;
  if (wait === null) return '';
  if (wait < card.minPauseSec) return 'bad';
  return card.compliance.severity === 'ok' ? 'good' : '';
}

/** The timeline in words (its text alternative): the peaks with their times, the headline, the marks. */
export function timelineSummary(card: Scorecard): string {
  const peaks =
    card.peaks.length === 0
      ? 'The customer never peaked.'
      : `The customer peaked ${card.peaks.length === 1 ? 'once' : `${card.peaks.length} times`}: ${card.peaks
          .map((p) => `${peakName(p)} at ${formatTime(p.start, { tenths: false })}`)
          .join(', ')}.`;
  const n = (k: number, one: string, many: string): string => `${k} ${k === 1 ? one : many}`;
  return [
    peaks,
    `${reviewHeadline(card).text}.`,
    `${n(card.interruptions.total, 'interruption', 'interruptions')} (${card.interruptions.atPeak} at a peak), ` +
      `${n(card.backchannels, 'backchannel', 'backchannels')}, ` +
      `${card.raisedVoice.spans === 0 ? 'no raised voice' : `raised voice ${card.raisedVoice.seconds.toFixed(1)} s`}.`,
  ].join(' ');
}
