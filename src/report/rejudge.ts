/**
 * A peak judged again from a report's events, in seconds: for events the engine did not make itself (a
 * coach's corrections, hand-made test reports). The rule is the engine's (src/engine/peak-verdicts.ts),
 * read off finished events: talked over when an interruption starts within the peak (±50 ms); the reply is
 * an after-peak `response` starting within 0.3 s of the peak's end; the reply is raised when a raised-voice
 * span overlaps the agent's turn that starts at the reply's end. No reply: unanswered, because the customer
 * spoke again (a customer turn starts more than 50 ms after the peak) or else the call ended; such a peak
 * is judged (not complied) only when it was talked over, otherwise not judged (complied null). Portable.
 */
import type { Settings } from '../engine/settings.js';
import type { Report, ReportEvent } from './schema.js';
import { peakVerdict, type VerdictFacts } from './verdicts.js';

type Peak = Extract<ReportEvent, { type: 'customerPeak' }>;

/** Onsets this close to a peak's edges count as inside it, s (the engine's 50 ms). */
export const PEAK_EDGE_SEC = 0.05;
/** A response starting this close to a peak's end is its reply, s. */
const REPLY_WITHIN_SEC = 0.3;
/** Without the agent's turn in the speech spans, the reply is this long for the raised test, s. */
const REPLY_TURN_SEC = 3;

const overlaps = (a0: number, a1: number, b0: number, b1: number): boolean => a0 < b1 && b0 < a1;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Whether an agent onset at `atSec` falls within `peak` (the engine's ±50 ms). */
export function startsWithinPeak(atSec: number, peak: { start: number; end: number }): boolean {
  return atSec >= peak.start - PEAK_EDGE_SEC && atSec <= peak.end + PEAK_EDGE_SEC;
}

/** What the engine's peak judge would decide about `peak` from `events` and `speech` (see the file's head). */
export function verdictFactsFromEvents(
  peak: Peak,
  events: readonly ReportEvent[],
  speech: Report['speech'],
  settings: Settings,
): VerdictFacts {
  const interrupted = events.some((e) => e.type === 'interruption' && startsWithinPeak(e.start, peak));
  const response = events.find(
    (e) => e.type === 'response' && e.afterPeak && Math.abs(e.start - peak.end) <= REPLY_WITHIN_SEC,
  );
  const reply = response ? { start: response.start, end: response.end } : null;
  let raisedReply = false;
  let unanswered: VerdictFacts['unanswered'] = null;
  if (reply) {
    const turn = speech.agent.find(([s, e]) => s <= reply.end + PEAK_EDGE_SEC && e > reply.end);
    const [t0, t1] = turn ?? [reply.end, reply.end + REPLY_TURN_SEC];
    raisedReply = events.some((e) => e.type === 'raisedVoice' && overlaps(e.start, e.end, t0, t1));
  } else {
    const wentOn = speech.customer.some(([s]) => s > peak.end + PEAK_EDGE_SEC);
    unanswered = wentOn ? 'customerWentOn' : 'callEnded';
  }
  const waited = reply === null ? null : r3(reply.end - reply.start) >= settings.minPauseSec;
  const complied = interrupted || reply !== null ? !interrupted && waited === true && !raisedReply : null;
  return { complied, interrupted, reply, raisedReply, unanswered };
}

/** Every peak of `events` judged again and worded by `peakVerdict`. Mutates the peaks. */
export function rejudgePeaks(events: ReportEvent[], speech: Report['speech'], settings: Settings): void {
  for (const e of events) {
    if (e.type === 'customerPeak') {
      e.verdict = peakVerdict(verdictFactsFromEvents(e, events, speech, settings), settings);
    }
  }
}
