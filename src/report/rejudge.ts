/**
 * A peak judged again after a coach's corrections, in seconds, by the engine's own rule (`peakComplied`,
 * src/engine/peak-verdicts.ts). A peak the engine judged keeps the engine's facts (talked over, its reply,
 * whether that reply was raised) except those a correction touched: an interruption marked wrong or added
 * inside the peak decides `interrupted` again, a response at the peak's end marked wrong or added decides the
 * reply again, a raised voice marked wrong or added over the reply's turn decides `raisedReply` again. So an
 * unrelated correction changes no verdict. A peak the coach added (or a hand-made test report) has no
 * engine facts: all of them are read off the events. Read off events: talked over when an interruption
 * starts within the peak (± edgeSec, the engine's 50 ms: src/engine/rules.ts); the reply is an after-peak
 * `response` starting within replyWithinSec (0.3 s) of the peak's end; it is raised when a raised-voice span
 * overlaps the agent's turn that starts at the reply's end; no reply: unanswered, because the customer spoke
 * again (a customer turn starts more than edgeSec after the peak) or else the call ended. Portable.
 */
import { peakComplied } from '../engine/peak-verdicts.js';
import { RULES } from '../engine/rules.js';
import type { Settings } from '../engine/settings.js';
import { roundTo } from './format.js';
import type { Report, ReportEvent } from './schema.js';
import { peakVerdict, type VerdictFacts } from './verdicts.js';

type Peak = Extract<ReportEvent, { type: 'customerPeak' }>;

const overlaps = (a0: number, a1: number, b0: number, b1: number): boolean => a0 < b1 && b0 < a1;
const r3 = (x: number): number => roundTo(x, 3);

/** Whether an agent onset at `atSec` falls within `peak` (± edgeSec, as the engine's verdict). */
export function startsWithinPeak(atSec: number, peak: { start: number; end: number }): boolean {
  return atSec >= peak.start - RULES.edgeSec && atSec <= peak.end + RULES.edgeSec;
}

/** Whether a response starting at `atSec` answers a peak ending at `peakEnd`. */
export function repliesTo(atSec: number, peakEnd: number): boolean {
  return Math.abs(atSec - peakEnd) <= RULES.replyWithinSec;
}

/** The agent's turn a reply leads into: the agent speech span starting at its end (or the next replyTurnSec). */
function replyTurn(reply: { end: number }, speech: Report['speech']): [number, number] {
  const turn = speech.agent.find(([s, e]) => s <= reply.end + RULES.edgeSec && e > reply.end);
  return turn ?? [reply.end, reply.end + RULES.replyTurnSec];
}

/** Each fact of a peak's verdict as the events say it (see the file's head). */
function interruptedByEvents(peak: Peak, events: readonly ReportEvent[]): boolean {
  return events.some((e) => e.type === 'interruption' && startsWithinPeak(e.start, peak));
}

function replyByEvents(peak: Peak, events: readonly ReportEvent[]): VerdictFacts['reply'] {
  const r = events.find((e) => e.type === 'response' && e.afterPeak && repliesTo(e.start, peak.end));
  return r ? { start: r.start, end: r.end } : null;
}

function raisedByEvents(
  reply: { end: number },
  events: readonly ReportEvent[],
  speech: Report['speech'],
): boolean {
  const [t0, t1] = replyTurn(reply, speech);
  return events.some((e) => e.type === 'raisedVoice' && overlaps(e.start, e.end, t0, t1));
}

function unansweredBySpeech(peak: Peak, speech: Report['speech']): VerdictFacts['unanswered'] {
  return speech.customer.some(([s]) => s > peak.end + RULES.edgeSec) ? 'customerWentOn' : 'callEnded';
}

/**
 * The facts of `peak`'s verdict: the engine's (its verdict) where `engineJudged`, with those a `touched`
 * event concerns read again off `events`; otherwise all read off `events`.
 */
export function verdictFacts(
  peak: Peak,
  events: readonly ReportEvent[],
  speech: Report['speech'],
  settings: Settings,
  touched: readonly ReportEvent[] | 'all',
): VerdictFacts {
  const v = peak.verdict;
  const all = touched === 'all';
  const touches = (test: (e: ReportEvent) => boolean): boolean => all || touched.some(test);
  const interrupted = touches((e) => e.type === 'interruption' && startsWithinPeak(e.start, peak))
    ? interruptedByEvents(peak, events)
    : v.interrupted;
  const replyTouched = touches(
    (e) =>
      e.type === 'response' &&
      (repliesTo(e.start, peak.end) ||
        (v.reply !== null && e.start === v.reply.start && e.end === v.reply.end)),
  );
  const reply = replyTouched ? replyByEvents(peak, events) : v.reply;
  let raisedReply = false;
  let unanswered: VerdictFacts['unanswered'] = null;
  if (reply) {
    const [t0, t1] = replyTurn(reply, speech);
    const sameReply = !replyTouched && v.reply !== null;
    raisedReply =
      sameReply && !touches((e) => e.type === 'raisedVoice' && overlaps(e.start, e.end, t0, t1))
        ? v.raisedReply
        : raisedByEvents(reply, events, speech);
  } else {
    unanswered = replyTouched || v.unanswered === null ? unansweredBySpeech(peak, speech) : v.unanswered;
  }
  const complied = peakComplied({
    interrupted,
    replied: reply !== null,
    waited: reply !== null && r3(reply.end - reply.start) >= settings.minPauseSec,
    raisedReply,
  });
  return { complied, interrupted, reply, raisedReply, unanswered };
}

/**
 * Every peak of `events` judged again and worded by `peakVerdict`. `touched`: the events a coach's
 * corrections removed or added (facts they do not concern stay the engine's), with `added` the events the
 * coach added (a peak among them has no engine facts); 'all' for hand-made reports. Mutates the peaks.
 */
export function rejudgePeaks(
  events: ReportEvent[],
  speech: Report['speech'],
  settings: Settings,
  touched: readonly ReportEvent[] | 'all' = 'all',
  added: readonly ReportEvent[] = [],
): void {
  for (const e of events) {
    if (e.type !== 'customerPeak') continue;
    const facts = verdictFacts(e, events, speech, settings, added.includes(e) ? 'all' : touched);
    e.verdict = peakVerdict(facts, settings);
  }
}
