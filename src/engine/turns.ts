import type { CallEvent, Cue } from './events.js';
import type { Settings } from './settings.js';
import { lastEndingBy, startingIn, utteranceAt, utteranceStartingAt } from './history.js';
import type { PeakJudge } from './peak-verdicts.js';
import { RULES } from './rules.js';
import { TalkOverCue, type AgentSound } from './talk-over-cue.js';
import {
  EDGE_SAMPLES,
  ENGINE_RATE_HZ,
  utteranceLevelDb,
  type ActiveUtterance,
  type Utterance,
} from './speech-tracker.js';

interface Pending {
  onset: number;
  /** Start of the agent utterance under way in this turn (a turn may span short pauses). */
  agentStart: number;
  /** Where the turn's previous utterance ended, while a continuation is under way. */
  previousAgentEnd: number | null;
  kind: 'undecided' | 'overlap';
  /** Start of the customer utterance the agent came in over. */
  customerStart: number;
  agentEnd: number | null;
}

/** What the turn rules read of the conversation, and where their decisions go. */
export interface TurnContext {
  readonly settings: Settings;
  /** Each party's finished utterances in time order (the conversation's own lists: it adds and prunes). */
  readonly customer: readonly Utterance[];
  readonly agent: readonly Utterance[];
  /** Customer utterances by start: whether each was loud. */
  readonly loud: ReadonlyMap<number, boolean>;
  /** The customer's calm level (an interruption over a sentence still under way is judged on it). */
  readonly calm: { readonly db: number | null };
  /** A customer sentence this far over the calm level is loud, dB. */
  peakBarDb(): number;
  /** The customer's utterance under way (confirmed only), or null. */
  customerActive(): ActiveUtterance | null;
  readonly judge: Pick<PeakJudge, 'interruption' | 'response'>;
  emit(e: CallEvent): void;
  /** The live talk-over cue (given, borne out, taken back: talk-over-cue.ts). */
  cue(c: Cue): void;
}

/**
 * What each agent onset is (docs/algorithms.md, section 3): an interruption or a backchannel by what
 * the customer does next, a reply in the last moment of the customer's turn, or a response with its
 * gap. The agent going on after a short pause of their own is the same turn. Each onset waits only
 * until the customer's next moves decide it. Each decision goes to the live talk-over cue too.
 */
export class TurnRules {
  private readonly pending: Pending[] = [];
  /** The agent utterance that carries the last decided overlap turn, and where it ended. */
  private overlapTurnStart = -1;
  private overlapTurnEnd: number | null = null;
  private readonly rate = ENGINE_RATE_HZ;
  private readonly talkOver: TalkOverCue;

  constructor(private readonly c: TurnContext) {
    this.talkOver = new TalkOverCue(c.cue);
  }

  /** Whether an agent onset at or before `sample` is still undecided (interruption, backchannel or response). */
  undecidedBy(sample: number): boolean {
    for (const p of this.pending) if (p.onset <= sample) return true;
    return false;
  }

  /**
   * One frame of the agent's channel (`active`: the utterance under way there, confirmed or not), for the live
   * talk-over cue: heard over the customer at the agent's level, it is cued before it is confirmed.
   */
  hearAgent(
    active: ActiveUtterance | null,
    agentFloorDb: number,
    agentNormalDb: number | null,
    now: number,
  ): void {
    const sound: AgentSound = {
      active,
      customerSpeaking: this.c.customerActive() !== null,
      agentFloorDb,
      agentNormalDb,
      continuesTurn: (sample) => this.continuedTurn(sample) !== null,
    };
    this.talkOver.hear(sound, now);
  }

  /** Agent speech accepted as the agent's has started at `onset`. */
  agentStarted(onset: number): void {
    // The agent going on after a short pause of their own is the same turn, not a new onset: over
    // a customer who talks at the same time, speech breaks into pieces that are not new attempts.
    const turn = this.continuedTurn(onset);
    this.talkOver.started(onset, turn !== null);
    if (turn === 'overlapTurn') {
      this.overlapTurnStart = onset;
      return;
    }
    if (turn) {
      turn.previousAgentEnd = turn.agentEnd;
      turn.agentStart = onset;
      turn.agentEnd = null;
      return;
    }
    this.pending.push({
      onset,
      agentStart: onset,
      previousAgentEnd: null,
      kind: 'undecided',
      customerStart: -1,
      agentEnd: null,
    });
  }

  /**
   * The agent turn over the customer an onset at `onset` goes on with (the agent resuming within
   * turnPauseSec): an undecided one (pending), the last decided one ('overlapTurn'), or null.
   */
  private continuedTurn(onset: number): Pending | 'overlapTurn' | null {
    const gap = RULES.turnPauseSec * this.rate;
    for (const p of this.pending) {
      if (p.kind !== 'undecided' && p.agentEnd !== null && onset - p.agentEnd <= gap) return p;
    }
    return this.overlapTurnEnd !== null && onset - this.overlapTurnEnd <= gap ? 'overlapTurn' : null;
  }

  /** An agent utterance has ended: it ends the turn it carries. */
  agentEnded(u: Utterance): void {
    for (const p of this.pending) if (p.agentStart === u.startSample) p.agentEnd = u.endSample;
    if (u.startSample === this.overlapTurnStart) this.overlapTurnEnd = u.endSample;
  }

  /** An agent onset announced earlier turned out not to be the agent's: forget it. */
  agentRejected(onset: number, now: number): void {
    this.talkOver.decided(onset, false, now);
    const i = this.pending.findIndex((p) => p.onset === onset);
    if (i >= 0) this.pending.splice(i, 1);
    for (const p of this.pending) {
      if (p.agentStart === onset && p.previousAgentEnd !== null) {
        // a continuation that was not the agent after all: the turn ended where it had
        p.agentEnd = p.previousAgentEnd;
        p.previousAgentEnd = null;
      }
    }
  }

  /** Advance to `now` (engine samples): decide the onsets that can be decided. */
  tick(now: number): void {
    for (let i = 0; i < this.pending.length;) {
      if (this.decide(this.pending[i] as Pending, now, now)) this.pending.splice(i, 1);
      else i++;
    }
  }

  /** End of the call (nothing under way any more): decide every onset still open. */
  finish(now: number): void {
    const late = now + RULES.endOfCallLateSec * this.rate;
    for (const p of this.pending) this.decide(p, late, now);
    this.pending.length = 0;
    this.talkOver.finish(now);
  }

  private customerAtSample(sample: number): { start: number; end: number; finished: boolean } | null {
    return utteranceAt(this.c.customer, this.c.customerActive(), sample, EDGE_SAMPLES);
  }

  /** Start of a customer utterance (finished or under way) beginning in (from, to], or null. */
  private customerStartingIn(from: number, to: number): number | null {
    return startingIn(this.c.customer, this.c.customerActive(), from, to);
  }

  /**
   * Decides one onset, if it can be decided by `late` (`now` at the end of the call: every onset is decided
   * as if later): true when done (an event may have gone out, and the live talk-over cue knows).
   */
  private decide(p: Pending, late: number, now: number): boolean {
    let talkOver = false;
    if (p.kind === 'undecided') {
      const onset = this.classifyOnset(p, late, now);
      if (onset === 'wait') return false;
      // (held: the agent's own turn goes on, no event)
      if (onset === 'turnEnd' || onset === 'response') this.decideResponse(p.onset, onset === 'turnEnd');
      if (onset !== 'overlap') {
        this.talkOver.decided(p.onset, false, now);
        return true;
      }
    }
    const done = this.decideOverlap(p, late);
    if (done === null) return false;
    if (done === 'interruption') talkOver = true;
    this.talkOver.decided(p.onset, talkOver, now);
    return true;
  }

  /**
   * An onset over the customer's speech: a backchannel or an interruption, by how long the agent goes
   * on and what the customer does next. Null while that is not known yet.
   */
  private decideOverlap(p: Pending, now: number): 'interruption' | 'backchannel' | null {
    const s = this.c.settings;
    const maxBc = s.maxBackchannelSec * this.rate;
    const resume = s.customerResumeSec * this.rate;
    const cu = utteranceStartingAt(this.c.customer, p.customerStart);
    const customerEnd = cu ? cu.endSample : null;
    if (p.agentEnd !== null && p.agentEnd - p.onset <= maxBc) {
      // Short: a backchannel if the customer keeps the floor, an interjection they yield to otherwise.
      const keeps =
        this.customerAtSample(p.agentEnd) !== null ||
        this.customerStartingIn(p.agentEnd, p.agentEnd + resume) !== null;
      if (keeps) {
        // wait a moment: the agent going on after a short pause makes it one longer turn
        if (now < p.agentEnd + RULES.turnPauseSec * this.rate) return null;
        this.c.emit({ type: 'backchannel', startSample: p.onset, endSample: p.agentEnd });
        this.rememberTurn(p);
        return 'backchannel';
      }
      if (now < p.agentEnd + resume + (s.minSilenceMs / 1000) * this.rate) return null;
      const end = Math.min(p.agentEnd, customerEnd ?? p.agentEnd);
      this.emitInterruption(p, end);
      return 'interruption';
    }
    if (p.agentEnd === null && now - p.onset <= maxBc) return null;
    // A real turn taken over the customer: the overlap ends when either party stops.
    if (customerEnd !== null && (p.agentEnd === null || customerEnd <= p.agentEnd)) {
      this.emitInterruption(p, Math.max(p.onset + 1, customerEnd));
      return 'interruption';
    }
    if (p.agentEnd !== null) {
      this.emitInterruption(p, p.agentEnd);
      return 'interruption';
    }
    return null;
  }

  /**
   * What an agent onset is, step by step: over the customer's speech (an overlap, judged next as an
   * interruption or a backchannel), in the last moment of a customer turn that was ending (a reply
   * with no pause), on a breath inside the customer's turn (an overlap too), or after the customer
   * finished (a response). 'wait' until the customer's next moves decide it.
   */
  private classifyOnset(
    p: Pending,
    now: number,
    cueAt: number,
  ): 'wait' | 'overlap' | 'turnEnd' | 'response' | 'held' {
    const r = this.rate;
    const s = this.c.settings;
    const resume = s.customerResumeSec * r;
    const closing = (s.minSilenceMs / 1000) * r;
    const cov = this.customerAtSample(p.onset);
    if (cov && this.heldFloor(p.onset, cov.start)) return 'held';
    if (cov) {
      if (!cov.finished) {
        // still talking: either it ends within the turn-end window (known once its closing silence
        // has passed), or the agent is talking over them
        this.talkOver.overlapping(p.onset, cueAt);
        return now - p.onset < RULES.turnEndOverlapSec * r + closing
          ? 'wait'
          : this.overlapOver(p, cov.start);
      }
      if (cov.end - p.onset > RULES.turnEndOverlapSec * r) return this.overlapOver(p, cov.start);
      // The customer stopped right after the agent came in: a turn that was ending, unless the
      // customer goes straight on (then the agent cut into a breath of a longer turn).
      const resumed = this.customerStartingIn(cov.end, cov.end + resume);
      if (resumed !== null) return this.overlapOver(p, cov.start);
      return now < cov.end + resume + closing ? 'wait' : 'turnEnd';
    }
    const a = this.c.customerActive();
    // the customer's current utterance began before the onset but has not yet shown whether it goes past it
    if (a && a.startSample <= p.onset && now - p.onset < RULES.customerUnderWayWaitSec * r) return 'wait';
    // Coming in on a breath inside the customer's turn: if the customer goes straight on, the agent is
    // talking over them, not answering.
    const last = lastEndingBy(this.c.customer, p.onset, EDGE_SAMPLES);
    if (last && p.onset - last.endSample < RULES.briefPauseSec * r) {
      const resumed = this.customerStartingIn(last.endSample, p.onset + RULES.resumeAfterOnsetSec * r);
      if (resumed !== null) {
        this.talkOver.overlapping(p.onset, cueAt);
        return this.overlapOver(p, resumed);
      }
      if (now - p.onset < (RULES.resumeAfterOnsetSec + s.minSpeechMs / 1000) * r) return 'wait';
      // A short sound of the agent's in that breath, after which the customer goes on (within
      // customerResumeSec of its end, as after a backchannel over their speech): the customer kept
      // the floor, and decideOverlap takes it for the backchannel it was (no talk-over cue of its own).
      if (p.agentEnd === null && now - p.onset <= s.maxBackchannelSec * r) return 'wait';
      if (p.agentEnd !== null && p.agentEnd - p.onset <= s.maxBackchannelSec * r) {
        const goesOn = this.customerStartingIn(p.agentEnd, p.agentEnd + resume);
        if (goesOn !== null) return this.overlapOver(p, goesOn);
        if (now < p.agentEnd + resume + closing) return 'wait';
      }
    }
    return 'response';
  }

  /**
   * Whether the agent, coming in at `onset` over a customer utterance that began at `customerStart`, is
   * going on with their own turn: the customer cut in while the agent was speaking (or within
   * briefPauseSec of their last word) and the agent goes on after a pause of their own no longer than
   * turnPauseSec (the same turn). Going on with one's turn is not talking over the one who cut in; an
   * agent who stopped longer (yielded) and then comes back over the customer is.
   */
  private heldFloor(onset: number, customerStart: number): boolean {
    const previous = lastEndingBy(this.c.agent, onset, 0);
    if (!previous || previous.startSample >= customerStart) return false;
    return (
      customerStart <= previous.endSample + RULES.briefPauseSec * this.rate &&
      onset - previous.endSample <= RULES.turnPauseSec * this.rate
    );
  }

  /** The onset overlaps the customer utterance that started at `customerStart`. */
  private overlapOver(p: Pending, customerStart: number): 'overlap' {
    p.kind = 'overlap';
    p.customerStart = customerStart;
    return 'overlap';
  }

  private rememberTurn(p: Pending): void {
    this.overlapTurnStart = p.agentStart;
    this.overlapTurnEnd = p.agentEnd;
  }

  private emitInterruption(p: Pending, end: number): void {
    this.rememberTurn(p);
    const cu = utteranceStartingAt(this.c.customer, p.customerStart);
    let atPeak: boolean;
    if (cu) atPeak = this.c.loud.get(cu.startSample) ?? false;
    else {
      const a = this.c.customerActive();
      const calm = this.c.calm.db;
      atPeak = a !== null && calm !== null && utteranceLevelDb(a) - calm >= this.c.peakBarDb();
    }
    this.c.emit({ type: 'interruption', startSample: p.onset, endSample: end, atPeak });
    this.c.judge.interruption(p.onset);
  }

  /**
   * A response to the customer's last utterance: the one ended by `onset`, or, for a reply that came
   * in the last moment of the customer's turn (`turnEnd`), the one the onset overlapped (gap 0).
   */
  private decideResponse(onset: number, turnEnd: boolean): void {
    const customer = this.c.customer;
    const lastCustomer = turnEnd
      ? lastEndingBy(customer, onset + RULES.turnEndOverlapSec * this.rate, EDGE_SAMPLES)
      : lastEndingBy(customer, onset, EDGE_SAMPLES);
    if (!lastCustomer) return;
    // The agent must not have spoken since the customer finished (then the agent is going on).
    const agent = this.c.agent;
    for (let i = agent.length - 1; i >= 0; i--) {
      const a = agent[i] as Utterance;
      if (a.startSample >= onset) continue;
      if (a.endSample > lastCustomer.endSample) return;
      break;
    }
    const start = lastCustomer.endSample;
    const end = Math.max(onset, start);
    const afterPeak = this.c.loud.get(lastCustomer.startSample) ?? false;
    this.c.emit({
      type: 'response',
      startSample: start,
      endSample: end,
      gapSamples: end - start,
      afterPeak,
      onsetSample: onset,
    });
    this.c.judge.response(lastCustomer.startSample, onset, { startSample: start, endSample: end });
  }
}
