import type { CallEvent } from './events.js';
import { RULES } from './rules.js';
import { EDGE_SAMPLES, ENGINE_RATE_HZ } from './speech-tracker.js';
import type { Wave } from './waves.js';

/** Why a peak got no reply: the customer spoke again first, or the call ended. */
export type Unanswered = 'customerWentOn' | 'callEnded';

/** What a peak's verdict rests on (the engine's facts, or a coach's corrected ones: the same rule). */
export interface PeakFacts {
  /** An interruption began inside the peak. */
  interrupted: boolean;
  /** The agent replied to the peak (a response to its last sentence). */
  replied: boolean;
  /** The reply came after at least minPauseSec of silence (false without a reply). */
  waited: boolean;
  /** The reply was louder than the agent's normal voice. */
  raisedReply: boolean;
}

/**
 * The rule of a peak's verdict, "spoke softly and waited for the pause", as one pure function for the
 * engine (PeakJudge) and for a coach's corrected report (src/report/rejudge.ts): complied when the agent
 * did not talk over the peak and their reply waited for the pause and was not raised; null (not judged)
 * when there was neither a reply nor a talk-over.
 */
export function peakComplied(f: PeakFacts): boolean | null {
  if (!f.interrupted && !f.replied) return null;
  return !f.interrupted && f.replied && f.waited && !f.raisedReply;
}

/** A reply this long under way is judged on its level so far (a long answer need not be waited out), samples. */
const REPLY_JUDGED_AFTER_SAMPLES = RULES.replyJudgedAfterSec * ENGINE_RATE_HZ;

interface Reply {
  /** The agent's onset (the utterance that replies starts there). */
  onset: number;
  /** The response event's span: the end of the customer's speech to the reply. */
  startSample: number;
  endSample: number;
  /** Whether the reply was louder than the agent's normal level; null until known. */
  raised: boolean | null;
}

interface Case {
  start: number;
  end: number;
  /** Start of the wave's last customer utterance: a response to it is the reply to the peak. */
  lastUtterance: number;
  reply: Reply | null;
}

/** What the judge needs to know of the conversation at a tick. */
export interface JudgeView {
  /** Whether an agent onset at or before `sample` is still undecided (interruption, backchannel or response). */
  undecidedBy(sample: number): boolean;
  /** Whether the customer began speaking after `sample` (finished or under way). */
  customerSpokeAfter(sample: number): boolean;
  /** The agent's utterance under way that started at `onset`: its level above normal so far, dB, or null. */
  agentUnderWayAboveNormal(onset: number): number | null;
}

/**
 * The verdict on each customer peak, as an engine event linked to the peak and its reply: the agent
 * complied when they did not talk over the customer during the peak, and their reply (the response
 * to the peak's last sentence) came after at least minPauseSec of silence and was not raised. A peak
 * the agent never answered (the customer went on, the call ended) is not judged on the reply; it is
 * 'unanswered', counted apart. Decided as soon as what decides it is known: every interruption or
 * backchannel that began inside the peak, and the reply's level (at its end, or 2 s into it).
 */
export class PeakJudge {
  private readonly cases: Case[] = [];
  /** Responses by the customer utterance they answered (recent ones: pruned with the history). */
  private readonly replies = new Map<number, Reply>();
  private readonly interruptionOnsets: number[] = [];
  /** Agent utterances by start: whether each was raised. */
  private readonly raisedUtterances = new Map<number, boolean>();

  constructor(
    private readonly minPauseSamples: number,
    /** An agent utterance this far over their normal level is raised, dB (it may change as the level is learned). */
    private readonly raisedBarDb: () => number,
    private readonly emit: (e: CallEvent) => void,
  ) {}

  peak(w: Wave): void {
    const reply = this.replies.get(w.lastStartSample) ?? null;
    this.cases.push({ start: w.startSample, end: w.endSample, lastUtterance: w.lastStartSample, reply });
  }

  /** A response (`span`) by the agent's onset at `onset` to the customer utterance that started at `customerStart`. */
  response(customerStart: number, onset: number, span: { startSample: number; endSample: number }): void {
    const reply: Reply = {
      onset,
      startSample: span.startSample,
      endSample: span.endSample,
      raised: this.raisedUtterances.get(onset) ?? null,
    };
    this.replies.set(customerStart, reply);
    for (const c of this.cases) if (c.lastUtterance === customerStart && c.reply === null) c.reply = reply;
  }

  interruption(onset: number): void {
    this.interruptionOnsets.push(onset);
  }

  /** A finished agent utterance and whether it was raised. */
  agentUtterance(start: number, raised: boolean): void {
    this.raisedUtterances.set(start, raised);
    for (const r of this.replies.values()) if (r.onset === start && r.raised === null) r.raised = raised;
  }

  tick(now: number, view: JudgeView): void {
    while (this.cases.length > 0) {
      const c = this.cases[0] as Case;
      if (!this.decide(c, now, view, false)) return;
      this.cases.shift();
    }
  }

  /** End of the call: every open peak is decided; one with no reply yet was never answered. */
  finish(now: number, view: JudgeView): void {
    for (const c of this.cases) this.decide(c, now, view, true);
    this.cases.length = 0;
  }

  /** Forget what lies before `oldest` (samples). */
  prune(oldest: number): void {
    for (const [start, r] of this.replies) if (r.onset < oldest) this.replies.delete(start);
    for (const start of this.raisedUtterances.keys()) if (start < oldest) this.raisedUtterances.delete(start);
    while (this.interruptionOnsets.length > 0 && (this.interruptionOnsets[0] as number) < oldest) {
      this.interruptionOnsets.shift();
    }
  }

  private decide(c: Case, now: number, view: JudgeView, ended: boolean): boolean {
    if (!ended) {
      if (view.undecidedBy(c.end + EDGE_SAMPLES)) return false;
    }
    let unanswered: Unanswered | null = null;
    if (c.reply === null) {
      if (view.customerSpokeAfter(c.end + EDGE_SAMPLES)) unanswered = 'customerWentOn';
      else if (ended) unanswered = 'callEnded';
      else return false;
    } else if (c.reply.raised === null) {
      // the reply is still under way (or was not the agent's after all): judged replyJudgedAfterSec in, on its level so far
      if (!ended && now - c.reply.onset < REPLY_JUDGED_AFTER_SAMPLES) return false;
      const above = view.agentUnderWayAboveNormal(c.reply.onset);
      c.reply.raised = above !== null && above >= this.raisedBarDb();
    }
    const interrupted = this.interruptionOnsets.some(
      (o) => o >= c.start - EDGE_SAMPLES && o <= c.end + EDGE_SAMPLES,
    );
    const reply = c.reply;
    const raisedReply = reply?.raised === true;
    const complied = peakComplied({
      interrupted,
      replied: reply !== null,
      waited: reply !== null && reply.endSample - reply.startSample >= this.minPauseSamples,
      raisedReply,
    });
    this.emit({
      type: 'peakVerdict',
      startSample: c.start,
      endSample: c.end,
      complied,
      interrupted,
      reply: reply === null ? null : { startSample: reply.startSample, endSample: reply.endSample },
      raisedReply,
      unanswered,
    });
    return true;
  }
}
