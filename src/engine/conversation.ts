import { CALM_LEVEL_TIMES, LevelBaseline, NORMAL_LEVEL_TIMES } from './baseline.js';
import type { CallEvent, Cue, LevelOrigin } from './events.js';
import type { Settings } from './settings.js';
import type { LevelSeeds } from './survey.js';
import { lastEndingBy, startingIn, utteranceAt, utteranceStartingAt } from './history.js';
import { PeakJudge, type JudgeView } from './peak-verdicts.js';
import { WaveTracker } from './waves.js';
import { ENGINE_RATE_HZ, utteranceLevelDb, type ActiveUtterance, type Utterance } from './speech-tracker.js';

const NO_SEEDS: LevelSeeds = { agentNormalDb: null, customerCalmDb: null };
/** Seconds of speech a seed is worth: a user's seed a little (it may be from another day), the survey's a call. */
const seedWeight = (userSeed: number | null): number => (userSeed !== null ? 2 : 30);
/** An own level resting on less speech than this is young: a much louder voice may still replace it, s. */
const YOUNG_BASELINE_SEC = 3;
/** With nothing else to go on, the agent's level is first taken from a sentence this long, s. */
const FIRST_LEVEL_SEC = 0.8;
const HISTORY_SAMPLES = 60 * ENGINE_RATE_HZ;
const TOLERANCE_SAMPLES = 0.05 * ENGINE_RATE_HZ;
const WAVE_HYSTERESIS_DB = 3;
/** A customer utterance shorter than this is a word, not a sentence: it does not end a wave, s. */
const SHORT_WORD_SEC = 0.5;
/** A sentence under way this long and calm ends the wave before it, s. */
const CALM_VERDICT_SEC = 1.5;
/** The agent resuming within this long of stopping continues the same turn, s. */
const TURN_PAUSE_SEC = 0.6;
/** An agent onset this soon after the customer stopped may be inside the customer's turn, s. */
const BRIEF_PAUSE_SEC = 0.35;
/** ...and is, if the customer goes on within this long of the agent's onset, s. */
const RESUME_AFTER_ONSET_SEC = 0.5;
/**
 * An agent onset at most this long before the end of a customer turn that was ending (the customer
 * stops and does not go on) is a reply with no pause, not talking over them, s. People start their
 * reply in the last syllable of the other's turn; a real talk-over lasts longer (the dev set's
 * shortest scripted one overlaps 0.3 s).
 */
const TURN_END_OVERLAP_SEC = 0.15;
/** A customer sentence this long and loud already is cued as venting (live), s. */
const VENTING_CUE_SEC = 0.6;

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
  /** The talking-over cue went out for this onset. */
  cued: boolean;
}

/**
 * The turn-taking rules (docs/algorithms.md): who holds the floor, customer peaks against the
 * customer's calm level, raised voice against the agent's normal level, interruption versus
 * backchannel by what the customer does next, and responses with their gap. Fed with finished
 * utterances and the utterances under way; emits final events and provisional cues.
 */
export class Conversation {
  readonly calm: LevelBaseline;
  readonly normal: LevelBaseline;
  /** Where each level started. */
  readonly calmFrom: LevelOrigin;
  readonly normalFrom: LevelOrigin;
  private readonly customer: Utterance[] = [];
  private readonly agent: Utterance[] = [];
  private readonly loud = new Map<number, boolean>();
  private readonly pending: Pending[] = [];
  private customerActive: ActiveUtterance | null = null;
  private agentActive: ActiveUtterance | null = null;
  private readonly peaks: WaveTracker;
  private readonly judge: PeakJudge;
  private readonly judgeView: JudgeView;
  private readonly raisedSpans: WaveTracker;
  /** The customer's calm voice brightness (spectral centroid), Hz; null until measured. */
  private calmCentroidHz: number | null = null;
  private ventingCuedFor = -1;
  /** The agent utterance that carries the last decided overlap turn, and where it ended. */
  private overlapTurnStart = -1;
  private overlapTurnEnd: number | null = null;
  private louderCuedFor = -1;
  private readonly s: Settings;
  private readonly rate = ENGINE_RATE_HZ;

  constructor(
    settings: Settings,
    private readonly emit: (e: CallEvent) => void,
    private readonly cue: (c: Cue) => void,
    seeds: LevelSeeds = NO_SEEDS,
  ) {
    this.s = settings;
    // a seed set by the user (a saved profile) wins over the survey's; a survey seed rests on a whole call
    const calmSeed = settings.customerCalmDb ?? seeds.customerCalmDb;
    const normalSeed = settings.agentNormalDb ?? seeds.agentNormalDb;
    this.calm = new LevelBaseline(calmSeed, seedWeight(settings.customerCalmDb), CALM_LEVEL_TIMES);
    this.normal = new LevelBaseline(normalSeed, seedWeight(settings.agentNormalDb), NORMAL_LEVEL_TIMES);
    const origin = (user: number | null, call: number | null): LevelOrigin =>
      user !== null ? 'setting' : call !== null ? 'call' : 'firstWords';
    this.calmFrom = origin(settings.customerCalmDb, seeds.customerCalmDb);
    this.normalFrom = origin(settings.agentNormalDb, seeds.agentNormalDb);
    const r = this.rate;
    this.judge = new PeakJudge(settings.minPauseSec * r, settings.raisedVoiceDb, emit);
    this.judgeView = {
      undecidedOnsets: () => this.pending.map((p) => p.onset),
      customerSpokeAfter: (sample) =>
        startingIn(this.customer, this.customerActive, sample, Number.MAX_SAFE_INTEGER) !== null,
      agentUnderWayAboveNormal: (onset) => {
        const a = this.agentActive;
        const normal = this.normal.db;
        return a && a.startSample === onset && normal !== null ? utteranceLevelDb(a) - normal : null;
      },
    };
    const common = {
      bridgeSamples: settings.peakBridgeSec * r,
      closeAfterSamples: (settings.peakBridgeSec + settings.minSilenceMs / 1000) * r,
      calmVerdictSamples: CALM_VERDICT_SEC * r,
      calmBelowDb: WAVE_HYSTERESIS_DB,
    };
    // Within a wave a sentence 3 dB less loud still belongs to it; a calm one ends it, but a short
    // word at a lower level between two loud sentences ("I mean", a breath with voice) does not.
    this.peaks = new WaveTracker(
      {
        ...common,
        loudDb: settings.peakDb,
        hysteresisDb: WAVE_HYSTERESIS_DB,
        minSamples: settings.minPeakSec * r,
        ignoreShorterThanSamples: SHORT_WORD_SEC * r,
      },
      (w) => {
        this.emit({
          type: 'customerPeak',
          startSample: w.startSample,
          endSample: w.endSample,
          levelAboveCalmDb: w.meanAboveDb,
          brightnessRiseHz: w.brightnessRiseHz,
        });
        this.judge.peak(w);
      },
    );
    // A raised span is ended by an ordinary reply of some length, not by a short "mm hmm".
    this.raisedSpans = new WaveTracker(
      {
        ...common,
        loudDb: settings.raisedVoiceDb,
        hysteresisDb: 0,
        minSamples: settings.minRaisedSec * r,
        ignoreShorterThanSamples: 0.3 * r,
      },
      (w) =>
        this.emit({
          type: 'raisedVoice',
          startSample: w.startSample,
          endSample: w.endSample,
          levelAboveNormalDb: w.meanAboveDb,
        }),
    );
  }

  /** The utterances under way (confirmed agent speech only), updated every frame. */
  setActive(customer: ActiveUtterance | null, agent: ActiveUtterance | null): void {
    this.customerActive = customer && customer.confirmed ? customer : null;
    this.agentActive = agent;
  }

  customerEnded(u: Utterance): void {
    this.customer.push(u);
    this.emit({
      type: 'speech',
      party: 'customer',
      startSample: u.startSample,
      endSample: u.endSample,
      levelDb: u.levelDb,
    });
    // (the first sentence heard, with no seed, is the calm level: it cannot be judged loud)
    const rel = this.calm.db === null ? 0 : u.levelDb - this.calm.db;
    const durationSec = (u.endSample - u.startSample) / this.rate;
    const brighter =
      this.calmCentroidHz !== null && Number.isFinite(u.centroidHz)
        ? u.centroidHz - this.calmCentroidHz
        : null;
    const isLoud = this.peaks.add(u, rel, brighter, (waveEnd) =>
      this.agentSpokeBetween(waveEnd, u.startSample),
    );
    this.loud.set(u.startSample, isLoud);
    if (!isLoud && Number.isFinite(u.centroidHz)) {
      // the calm voice's brightness: a running mean over calm sentences (time constant 10 s)
      const c = this.calmCentroidHz;
      this.calmCentroidHz =
        c === null ? u.centroidHz : c + (durationSec / (durationSec + 10)) * (u.centroidHz - c);
    }
    this.calm.update(u.levelDb, durationSec, isLoud);
  }

  /** Agent speech accepted as the agent's (not echo, not a colleague) has started at `onset`. */
  agentStarted(onset: number): void {
    // The agent going on after a short pause of their own is the same turn, not a new onset: over
    // a customer who talks at the same time, speech breaks into pieces that are not new attempts.
    const gap = TURN_PAUSE_SEC * this.rate;
    for (const p of this.pending) {
      if (p.kind !== 'undecided' && p.agentEnd !== null && onset - p.agentEnd <= gap) {
        p.previousAgentEnd = p.agentEnd;
        p.agentStart = onset;
        p.agentEnd = null;
        return;
      }
    }
    if (this.overlapTurnEnd !== null && onset - this.overlapTurnEnd <= gap) {
      this.overlapTurnStart = onset;
      return;
    }
    this.pending.push({
      onset,
      agentStart: onset,
      previousAgentEnd: null,
      kind: 'undecided',
      customerStart: -1,
      agentEnd: null,
      cued: false,
    });
  }

  agentEnded(u: Utterance): void {
    this.agent.push(u);
    this.emit({
      type: 'speech',
      party: 'agent',
      startSample: u.startSample,
      endSample: u.endSample,
      levelDb: u.levelDb,
    });
    for (const p of this.pending) if (p.agentStart === u.startSample) p.agentEnd = u.endSample;
    if (u.startSample === this.overlapTurnStart) this.overlapTurnEnd = u.endSample;
    const durationSec = (u.endSample - u.startSample) / this.rate;
    const normal = this.normal;
    if (
      normal.db === null ||
      (normal.confidenceSec < YOUNG_BASELINE_SEC && u.levelDb - normal.db >= this.s.roomTalkerBelowAgentDb)
    ) {
      // Learning the agent's level with nothing to go on (no seed, no survey: live use): the agent is the
      // loudest voice on their own line, so while the level is young a sentence this much louder means
      // the earlier ones were someone else (a colleague), and it starts again from this one.
      if (durationSec >= FIRST_LEVEL_SEC) normal.restart(u.levelDb, durationSec);
      this.judge.agentUtterance(u.startSample, false);
      return;
    }
    const isRaised = this.raisedSpans.add(u, u.levelDb - normal.db, null, () => false);
    normal.update(u.levelDb, durationSec, isRaised);
    this.judge.agentUtterance(u.startSample, isRaised);
  }

  /** An agent onset announced earlier turned out not to be the agent's: forget it. */
  agentRejected(onset: number): void {
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

  /** Advance to `now` (engine samples): decide what can be decided. */
  tick(now: number): void {
    this.cueActive(now);
    for (let i = 0; i < this.pending.length;) {
      if (this.decide(this.pending[i] as Pending, now)) this.pending.splice(i, 1);
      else i++;
    }
    this.peaks.tick(now, this.customerActive, this.calm.db);
    this.raisedSpans.tick(now, this.agentActive, this.normal.db);
    this.judge.tick(now, this.judgeView);
    this.prune(now);
  }

  /** End of the call: decide everything still open. */
  finish(now: number): void {
    this.customerActive = null;
    this.agentActive = null;
    const late = now + 10 * this.rate;
    for (const p of this.pending) this.decide(p, late);
    this.pending.length = 0;
    this.peaks.close();
    this.raisedSpans.close();
    this.judge.finish(now, this.judgeView);
  }

  private cueActive(now: number): void {
    const c = this.customerActive;
    const calm = this.calm.db;
    if (
      c &&
      calm !== null &&
      c.startSample !== this.ventingCuedFor &&
      now - c.startSample >= VENTING_CUE_SEC * this.rate
    ) {
      if (utteranceLevelDb(c) - calm >= this.s.peakDb) {
        this.ventingCuedFor = c.startSample;
        this.cue({ type: 'customerVenting', atSample: now });
      }
    }
    const a = this.agentActive;
    const normal = this.normal.db;
    if (
      a &&
      normal !== null &&
      a.startSample !== this.louderCuedFor &&
      now - a.startSample >= this.rate / 2
    ) {
      const rel = utteranceLevelDb(a) - normal;
      if (rel >= this.s.raisedVoiceDb) {
        this.louderCuedFor = a.startSample;
        this.cue({ type: 'louderThanNormal', atSample: now, aboveNormalDb: rel });
      }
    }
  }

  private customerAtSample(sample: number): { start: number; end: number; finished: boolean } | null {
    return utteranceAt(this.customer, this.customerActive, sample, TOLERANCE_SAMPLES);
  }

  private decide(p: Pending, now: number): boolean {
    const s = this.s;
    if (p.kind === 'undecided') {
      const onset = this.classifyOnset(p, now);
      if (onset === 'wait') return false;
      if (onset !== 'overlap') {
        this.decideResponse(p.onset, onset === 'turnEnd');
        return true;
      }
    }
    const maxBc = s.maxBackchannelSec * this.rate;
    const resume = s.customerResumeSec * this.rate;
    const cu = utteranceStartingAt(this.customer, p.customerStart);
    const customerEnd = cu ? cu.endSample : null;
    if (p.agentEnd !== null && p.agentEnd - p.onset <= maxBc) {
      // Short: a backchannel if the customer keeps the floor, an interjection they yield to otherwise.
      const keeps =
        this.customerAtSample(p.agentEnd) !== null ||
        startingIn(this.customer, this.customerActive, p.agentEnd, p.agentEnd + resume) !== null;
      if (keeps) {
        // wait a moment: the agent going on after a short pause makes it one longer turn
        if (now < p.agentEnd + TURN_PAUSE_SEC * this.rate) return false;
        this.emit({ type: 'backchannel', startSample: p.onset, endSample: p.agentEnd });
        this.rememberTurn(p);
        return true;
      }
      if (now < p.agentEnd + resume + (s.minSilenceMs / 1000) * this.rate) return false;
      const end = Math.min(p.agentEnd, customerEnd ?? p.agentEnd);
      this.emitInterruption(p, end);
      return true;
    }
    if (p.agentEnd === null && now - p.onset <= maxBc) return false;
    // A real turn taken over the customer: the overlap ends when either party stops.
    if (customerEnd !== null && (p.agentEnd === null || customerEnd <= p.agentEnd)) {
      this.emitInterruption(p, Math.max(p.onset + 1, customerEnd));
      return true;
    }
    if (p.agentEnd !== null) {
      this.emitInterruption(p, p.agentEnd);
      return true;
    }
    return false;
  }

  /**
   * What an agent onset is, step by step: over the customer's speech (an overlap, judged next as an
   * interruption or a backchannel), in the last moment of a customer turn that was ending (a reply
   * with no pause), on a breath inside the customer's turn (an overlap too), or after the customer
   * finished (a response). 'wait' until the customer's next moves decide it.
   */
  private classifyOnset(p: Pending, now: number): 'wait' | 'overlap' | 'turnEnd' | 'response' {
    const r = this.rate;
    const resume = this.s.customerResumeSec * r;
    const closing = (this.s.minSilenceMs / 1000) * r;
    const cov = this.customerAtSample(p.onset);
    if (cov) {
      if (!cov.finished) {
        // still talking: either it ends within the turn-end window (known once its closing silence
        // has passed), or the agent is talking over them
        this.cueTalkingOver(p, now);
        return now - p.onset < TURN_END_OVERLAP_SEC * r + closing ? 'wait' : this.overlapOver(p, cov.start);
      }
      if (cov.end - p.onset > TURN_END_OVERLAP_SEC * r) return this.overlapOver(p, cov.start);
      // The customer stopped right after the agent came in: a turn that was ending, unless the
      // customer goes straight on (then the agent cut into a breath of a longer turn).
      const resumed = startingIn(this.customer, this.customerActive, cov.end, cov.end + resume);
      if (resumed !== null) return this.overlapOver(p, cov.start);
      return now < cov.end + resume + closing ? 'wait' : 'turnEnd';
    }
    const a = this.customerActive;
    // the customer's current utterance began before the onset but has not yet shown whether it goes past it
    if (a && a.startSample <= p.onset && now - p.onset < 0.6 * r) return 'wait';
    // Coming in on a breath inside the customer's turn: if the customer goes straight on, the agent is
    // talking over them, not answering.
    const last = lastEndingBy(this.customer, p.onset, TOLERANCE_SAMPLES);
    if (last && p.onset - last.endSample < BRIEF_PAUSE_SEC * r) {
      const resumed = startingIn(
        this.customer,
        this.customerActive,
        last.endSample,
        p.onset + RESUME_AFTER_ONSET_SEC * r,
      );
      if (resumed !== null) {
        this.cueTalkingOver(p, now);
        return this.overlapOver(p, resumed);
      }
      if (now - p.onset < (RESUME_AFTER_ONSET_SEC + this.s.minSpeechMs / 1000) * r) return 'wait';
    }
    return 'response';
  }

  /** The onset overlaps the customer utterance that started at `customerStart`. */
  private overlapOver(p: Pending, customerStart: number): 'overlap' {
    p.kind = 'overlap';
    p.customerStart = customerStart;
    return 'overlap';
  }

  /** The live cue, once per onset: provisional, a turn end or a backchannel may still withdraw it. */
  private cueTalkingOver(p: Pending, now: number): void {
    if (p.cued) return;
    p.cued = true;
    this.cue({ type: 'talkingOver', atSample: now });
  }

  private rememberTurn(p: Pending): void {
    this.overlapTurnStart = p.agentStart;
    this.overlapTurnEnd = p.agentEnd;
  }

  private emitInterruption(p: Pending, end: number): void {
    this.rememberTurn(p);
    const cu = utteranceStartingAt(this.customer, p.customerStart);
    let atPeak: boolean;
    if (cu) atPeak = this.loud.get(cu.startSample) ?? false;
    else {
      const a = this.customerActive;
      const calm = this.calm.db;
      atPeak = a !== null && calm !== null && utteranceLevelDb(a) - calm >= this.s.peakDb;
    }
    this.emit({ type: 'interruption', startSample: p.onset, endSample: end, atPeak });
    this.judge.interruption(p.onset);
  }

  /**
   * A response to the customer's last utterance: the one ended by `onset`, or, for a reply that came
   * in the last moment of the customer's turn (`turnEnd`), the one the onset overlapped (gap 0).
   */
  private decideResponse(onset: number, turnEnd: boolean): void {
    const lastCustomer = turnEnd
      ? lastEndingBy(this.customer, onset + TURN_END_OVERLAP_SEC * this.rate, TOLERANCE_SAMPLES)
      : lastEndingBy(this.customer, onset, TOLERANCE_SAMPLES);
    if (!lastCustomer) return;
    // The agent must not have spoken since the customer finished (then the agent is going on).
    for (let i = this.agent.length - 1; i >= 0; i--) {
      const a = this.agent[i] as Utterance;
      if (a.startSample >= onset) continue;
      if (a.endSample > lastCustomer.endSample) return;
      break;
    }
    const start = lastCustomer.endSample;
    const end = Math.max(onset, start);
    const afterPeak = this.loud.get(lastCustomer.startSample) ?? false;
    this.emit({ type: 'response', startSample: start, endSample: end, gapSamples: end - start, afterPeak });
    this.judge.response(lastCustomer.startSample, onset, { startSample: start, endSample: end });
  }

  /** Whether the agent took a turn (not a backchannel) between the two customer utterances. */
  private agentSpokeBetween(from: number, to: number): boolean {
    const lo = from + TOLERANCE_SAMPLES;
    const hi = to - TOLERANCE_SAMPLES;
    if (hi <= lo) return false;
    const turn = this.s.maxBackchannelSec * this.rate;
    for (let i = this.agent.length - 1; i >= 0; i--) {
      const a = this.agent[i] as Utterance;
      if (a.startSample < hi && a.endSample > lo && a.endSample - a.startSample > turn) return true;
      if (a.startSample >= from && a.startSample < hi && a.endSample >= to) return true;
      if (a.endSample < lo) break;
    }
    const a = this.agentActive;
    return a !== null && a.confirmed && a.startSample >= from && a.startSample < hi;
  }

  private prune(now: number): void {
    const oldest = now - HISTORY_SAMPLES;
    this.judge.prune(oldest);
    while (this.customer.length > 0 && (this.customer[0] as Utterance).endSample < oldest) {
      this.loud.delete((this.customer.shift() as Utterance).startSample);
    }
    while (this.agent.length > 0 && (this.agent[0] as Utterance).endSample < oldest) this.agent.shift();
  }
}
