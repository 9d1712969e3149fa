import {
  CALM_LEVEL_TIMES,
  HeardLevels,
  loudBarDb,
  NORMAL_LEVEL_TIMES,
  OwnLevel,
  type OwnLevelOptions,
  type OwnLevelSeed,
} from './own-level.js';
import type { CallEvent, Cue, LevelOrigin } from './events.js';
import type { Settings } from './settings.js';
import type { LevelSeeds } from './survey.js';
import { startingIn, utteranceAt } from './history.js';
import { effortDb, OrdinaryMean } from './effort.js';
import { PeakJudge, type JudgeView } from './peak-verdicts.js';
import { RULES } from './rules.js';
import { TurnRules } from './turns.js';
import { WaveTracker, type Heard, type WaveCueOutput } from './waves.js';
import {
  EDGE_SAMPLES,
  ENGINE_RATE_HZ,
  recentLevelDb,
  utteranceLevelDb,
  utterancePitchSt,
  type ActiveUtterance,
  type Utterance,
} from './speech-tracker.js';

const NO_SEEDS: LevelSeeds = { agentNormalDb: null, customerCalmDb: null };
/** Seconds of speech a seed is worth: a user's or a profile's seed a little, the survey's a call. */
const seedWeight = (userSeed: number | null): number =>
  userSeed !== null ? RULES.userSeedWeightSec : RULES.surveySeedWeightSec;
/**
 * How much less loud an utterance under way is heard for its live cue (its level and its effort alike), dB:
 * cueMarginDb once it has lasted `cueSec` (the cue's earliest), shrinking as 1/t as it goes on, the way what
 * is heard so far comes closer to the whole utterance (rules.ts).
 */
function cueMarginDb(a: ActiveUtterance, cueSec: number, now: number): number {
  const sec = (now - a.startSample) / ENGINE_RATE_HZ;
  return RULES.cueMarginDb * Math.min(1, cueSec / Math.max(sec, cueSec));
}
/**
 * A level learned from the first words (no first pass: live) settles the way the first pass would set it:
 * after each utterance of minStretchSec or more, while the party has spoken less than firstWordsSettleSec,
 * it is what the first pass makes of their speech heard so far (own-level.ts: the median of their ordinary
 * speech, from their lowest group), once that rests on minSeedSpeechSec and `takes` it; after that, the
 * running level goes on from there.
 */
function settleFromHeard(
  heard: HeardLevels | null,
  level: OwnLevel,
  levelDb: number,
  sec: number,
  o: OwnLevelOptions,
  takes: (seed: OwnLevelSeed, heardSec: number) => boolean = () => true,
): void {
  if (!heard || heard.heardSec >= RULES.firstWordsSettleSec || sec < RULES.minStretchSec) return;
  heard.add(levelDb, sec);
  const seed = heard.ownLevel(o);
  if (seed && takes(seed, heard.heardSec)) level.reseed(seed, heard.heardSec);
}

/**
 * How far a customer's calm level may stray from their line's (a prior from earlier calls) and their own
 * sentences from it: the spread a prior starts with, dB.
 */
const PRIOR_SPREAD_DB = Math.hypot(RULES.defaultSpreadDb, RULES.customerPriorSpreadDb);

/** An utterance under way as a live cue hears it: the lower of its level so far and its last cueRecentFrames, dB. */
const cueLevelDb = (a: ActiveUtterance): number => Math.min(utteranceLevelDb(a), recentLevelDb(a));
/** An utterance's mean brightness so far, Hz; NaN before any frame of it was measured. */
const centroidSoFar = (a: ActiveUtterance): number =>
  a.centroidCount > 0 ? a.centroidSum / a.centroidCount : NaN;
/** The engine keeps this much utterance history (its memory does not grow with the call). */
const HISTORY_SAMPLES = 60 * ENGINE_RATE_HZ;

/**
 * The turn-taking rules (docs/algorithms.md): who holds the floor, customer peaks against the
 * customer's calm level, raised voice against the agent's normal level, interruption versus
 * backchannel by what the customer does next, and responses with their gap (what each agent onset
 * is: TurnRules, turns.ts). Fed with finished utterances and the utterances under way; emits final
 * events and provisional cues.
 */
export class Conversation {
  readonly calm: OwnLevel;
  readonly normal: OwnLevel;
  /** Where each level started. */
  readonly calmFrom: LevelOrigin;
  readonly normalFrom: LevelOrigin;
  private readonly customer: Utterance[] = [];
  private readonly agent: Utterance[] = [];
  private readonly loud = new Map<number, boolean>();
  private customerActive: ActiveUtterance | null = null;
  private agentActive: ActiveUtterance | null = null;
  /** The agent-channel utterance under way, confirmed as the agent's or not yet (the live talk-over cue hears it). */
  private agentSound: ActiveUtterance | null = null;
  private readonly peaks: WaveTracker;
  private readonly judge: PeakJudge;
  private readonly judgeView: JudgeView;
  private readonly turns: TurnRules;
  private readonly raisedSpans: WaveTracker;
  /** Each party's ordinary pitch (vocal effort: effort.ts). */
  private readonly calmPitch: OrdinaryMean;
  private readonly normalPitch: OrdinaryMean;
  /** Each party's ordinary voice brightness (spectral centroid), Hz. */
  private readonly calmBrightness = new OrdinaryMean();
  private readonly normalBrightness = new OrdinaryMean();
  /** The customer's speech heard so far, while their calm level is learned from the first words. */
  private readonly heardCustomer: HeardLevels | null;
  /** The customer's calm level on this agent's line in earlier calls (a prior: no first pass), dB. */
  private readonly customerPriorDb: number | null;
  private readonly s: Settings;
  private readonly rate = ENGINE_RATE_HZ;
  /** Whether anyone reads the live cues (else the utterances under way are not heard for them). */
  private readonly cues: boolean;

  constructor(
    settings: Settings,
    private readonly emit: (e: CallEvent) => void,
    /** Where the live cues go; null when nobody reads them (a recording's analysis): none are worked out. */
    cue: ((c: Cue) => void) | null,
    seeds: LevelSeeds = NO_SEEDS,
  ) {
    this.s = settings;
    this.cues = cue !== null;
    // a seed set by the user wins over the survey's; a survey seed rests on a whole call
    const calmSeed = settings.customerCalmDb ?? seeds.customerCalmDb;
    // with neither (live), the customer's calm level on this agent's line in earlier calls is a prior
    const priorSeed = calmSeed === null ? (seeds.customerPriorDb ?? null) : null;
    // the agent's profile (earlier calls) only where neither a setting nor this call gives a level
    const profileSeed = seeds.agentNormalDb === null ? (seeds.agentProfileDb ?? null) : null;
    const normalSeed = settings.agentNormalDb ?? seeds.agentNormalDb ?? profileSeed;
    const seed = (db: number | null, spreadDb: number | null | undefined): OwnLevelSeed | null =>
      db === null
        ? null
        : {
            db,
            spreadDb: spreadDb ?? RULES.defaultSpreadDb,
            spreadMeasured: spreadDb !== undefined && spreadDb !== null,
          };
    // a spread comes with the first pass's level only (a setting or a profile says nothing of the spread)
    this.calm = new OwnLevel(
      priorSeed !== null
        ? // how far a customer's calm level strays from the line's widens the bar until they are heard
          { db: priorSeed, spreadDb: PRIOR_SPREAD_DB }
        : seed(calmSeed, settings.customerCalmDb === null ? seeds.customerSpreadDb : null),
      seedWeight(settings.customerCalmDb ?? priorSeed),
      CALM_LEVEL_TIMES,
    );
    this.normal = new OwnLevel(
      seed(normalSeed, settings.agentNormalDb === null && profileSeed === null ? seeds.agentSpreadDb : null),
      seedWeight(settings.agentNormalDb ?? profileSeed),
      NORMAL_LEVEL_TIMES,
    );
    const origin = (user: number | null, call: number | null, profile: number | null = null): LevelOrigin =>
      user !== null ? 'setting' : call !== null ? 'call' : profile !== null ? 'profile' : 'firstWords';
    this.calmFrom = origin(settings.customerCalmDb, seeds.customerCalmDb, priorSeed);
    // no first pass: the calm level settles the way the first pass would set it
    this.heardCustomer = calmSeed === null ? new HeardLevels() : null;
    this.customerPriorDb = priorSeed;
    this.normalFrom = origin(settings.agentNormalDb, seeds.agentNormalDb, profileSeed);
    this.calmPitch = new OrdinaryMean(
      settings.customerCalmDb === null ? (seeds.customerPitchSt ?? null) : null,
    );
    this.normalPitch = new OrdinaryMean(
      settings.agentNormalDb === null && profileSeed === null ? (seeds.agentPitchSt ?? null) : null,
    );
    const r = this.rate;
    this.judge = new PeakJudge(settings.minPauseSec * r, () => this.raisedBarDb, emit);
    this.turns = new TurnRules({
      settings,
      customer: this.customer,
      agent: this.agent,
      loud: this.loud,
      calm: this.calm,
      peakBarDb: () => this.peakBarDb,
      customerActive: () => this.customerActive,
      judge: this.judge,
      emit,
      cue: cue ?? ((): void => {}),
    });
    this.judgeView = {
      undecidedBy: (sample) => this.turns.undecidedBy(sample),
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
      calmVerdictSamples: RULES.calmVerdictSec * r,
      calmBelowDb: RULES.waveHysteresisDb,
    };
    // the live cues of loud speech: given on the utterance under way, taken back by the wave tracker
    const cueOut = (
      cued: (onset: number, now: number) => Cue,
      dropped: 'customerVentingDropped' | 'louderThanNormalDropped',
    ): WaveCueOutput | null =>
      cue && {
        cued: (onset, now) => cue(cued(onset, now)),
        takenBack: (onset, now) => cue({ type: dropped, atSample: now, onsetSample: onset }),
      };
    // Within a wave a sentence waveHysteresisDb less loud still belongs to it; a calm one ends it, but a
    // short word at a lower level between two loud sentences ("I mean", a breath with voice) does not.
    this.peaks = new WaveTracker(
      {
        ...common,
        hysteresisDb: RULES.waveHysteresisDb,
        minSamples: settings.minPeakSec * r,
        ignoreShorterThanSamples: RULES.shortWordSec * r,
        cueAfterSamples: RULES.ventingCueSec * r,
      },
      (w) => {
        this.emit({
          type: 'customerPeak',
          startSample: w.startSample,
          endSample: w.endSample,
          levelAboveCalmDb: w.meanAboveDb,
          brightnessRiseHz: w.brightnessRiseHz,
          utteranceStarts: w.utteranceStarts,
        });
        this.judge.peak(w);
      },
      cueOut(
        (onset, now) => ({ type: 'customerVenting', atSample: now, onsetSample: onset }),
        'customerVentingDropped',
      ),
    );
    // A raised span is ended by an ordinary reply of some length, not by a short "mm hmm".
    this.raisedSpans = new WaveTracker(
      {
        ...common,
        hysteresisDb: 0,
        minSamples: settings.minRaisedSec * r,
        ignoreShorterThanSamples: RULES.shortReplySec * r,
        cueAfterSamples: RULES.louderCueSec * r,
      },
      (w) =>
        this.emit({
          type: 'raisedVoice',
          startSample: w.startSample,
          endSample: w.endSample,
          levelAboveNormalDb: w.meanAboveDb,
          utteranceStarts: w.utteranceStarts,
        }),
      cueOut(
        (onset, now) => ({
          type: 'louderThanNormal',
          atSample: now,
          onsetSample: onset,
          aboveNormalDb: this.agentActive ? utteranceLevelDb(this.agentActive) - (this.normal.db ?? 0) : 0,
        }),
        'louderThanNormalDropped',
      ),
    );
  }

  /**
   * With no first pass, the customer's calm level settles the way the first pass would set it on their speech
   * so far (settleFromHeard). A prior from earlier calls on the agent's line holds while everything they have
   * said is loud against it (they opened angry), for at most customerPriorHoldSec of their speech.
   */
  private settleCalm(levelDb: number, sec: number): void {
    const prior = this.customerPriorDb;
    settleFromHeard(
      this.heardCustomer,
      this.calm,
      levelDb,
      sec,
      { loudDb: this.s.peakDb, othersBelowDb: null, minSec: RULES.minSeedSpeechSec },
      (seed, heardSec) =>
        prior === null ||
        heardSec >= RULES.customerPriorHoldSec ||
        seed.db - prior < loudBarDb(this.s.peakDb, PRIOR_SPREAD_DB),
    );
  }

  /** A customer sentence this far over their calm level is loud: peakDb, raised for one whose calm speech varies widely, dB. */
  get peakBarDb(): number {
    return loudBarDb(this.s.peakDb, this.calm.spreadDb);
  }

  /** An agent utterance this far over their normal level is raised: raisedVoiceDb, raised likewise, dB. */
  get raisedBarDb(): number {
    return loudBarDb(this.s.raisedVoiceDb, this.normal.spreadDb);
  }

  /** Agent-channel speech this far under the agent's normal level is someone else: roomTalkerBelowAgentDb, widened likewise, dB. */
  get othersBelowDb(): number {
    return loudBarDb(this.s.roomTalkerBelowAgentDb, this.normal.spreadDb);
  }

  /**
   * The quietest agent-channel speech still taken for the agent: othersBelowDb under their normal level, dB.
   * Until that level is known anything goes (a young level is replaced by a much louder voice: agentEnded).
   */
  get agentFloorDb(): number {
    const normal = this.normal.db;
    return normal === null ? -Infinity : normal - this.othersBelowDb;
  }

  /**
   * The utterances under way, updated every frame: the customer's (confirmed only), the agent's accepted as
   * theirs, and whatever is under way in the agent's channel (`agentSound`, maybe not confirmed yet).
   */
  setActive(
    customer: ActiveUtterance | null,
    agent: ActiveUtterance | null,
    agentSound: ActiveUtterance | null = agent,
  ): void {
    this.customerActive = customer && customer.confirmed ? customer : null;
    this.agentActive = agent;
    this.agentSound = agentSound;
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
    const durationSec = (u.endSample - u.startSample) / this.rate;
    const isLoud = this.peaks.add(u, this.customerHeard(u.levelDb, u.pitchSt, u.centroidHz), (waveEnd) =>
      this.agentSpokeBetween(waveEnd, u.startSample),
    );
    this.loud.set(u.startSample, isLoud);
    this.calm.update(u.levelDb, durationSec, isLoud);
    this.settleCalm(u.levelDb, durationSec);
    if (!isLoud) {
      this.calmPitch.update(u.pitchSt, durationSec);
      this.calmBrightness.update(u.centroidHz, durationSec);
    }
  }

  /** Agent speech accepted as the agent's (not echo, not a colleague) has started at `onset`. */
  agentStarted(onset: number): void {
    this.turns.agentStarted(onset);
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
    this.turns.agentEnded(u);
    const durationSec = (u.endSample - u.startSample) / this.rate;
    const normal = this.normal;
    if (this.restartsNormal(u.levelDb)) {
      // Learning the agent's level with nothing to go on (no seed, no survey: live use): the agent is the
      // loudest voice on their own line, so while the level is young a sentence this much louder means
      // the earlier ones were someone else (a colleague), and it starts again from this one.
      if (durationSec >= RULES.firstLevelSec) normal.restart(u.levelDb, durationSec);
      this.raisedSpans.pass(u.startSample);
      this.judge.agentUtterance(u.startSample, false);
      return;
    }
    // A short utterance inside the customer's speech, which the customer talks on through (a backchannel)
    // never makes a raised voice: an emphatic "mm-hm!" is not the agent raising their voice at the customer.
    const backchannelLike = this.backchannelLike(u.startSample, u.endSample);
    if (backchannelLike) this.raisedSpans.pass(u.startSample);
    const isRaised =
      !backchannelLike &&
      this.raisedSpans.add(u, this.agentHeard(u.levelDb, u.pitchSt, u.centroidHz), () => false);
    normal.update(u.levelDb, durationSec, isRaised);
    if (!isRaised) {
      this.normalPitch.update(u.pitchSt, durationSec);
      this.normalBrightness.update(u.centroidHz, durationSec);
    }
    this.judge.agentUtterance(u.startSample, isRaised);
  }

  /** An agent onset announced earlier turned out not to be the agent's (at `now`): forget it. */
  agentRejected(onset: number, now: number): void {
    this.turns.agentRejected(onset, now);
    this.raisedSpans.pass(onset);
  }

  /** Advance to `now` (engine samples): decide what can be decided. */
  tick(now: number): void {
    if (this.cues) {
      this.hearUnderWay(now);
      this.turns.hearAgent(this.agentSound, this.agentFloorDb, this.normal.db, now);
    }
    this.turns.tick(now);
    this.peaks.tick(now, this.customerActive, this.calm.db, this.peakBarDb);
    this.raisedSpans.tick(now, this.agentActive, this.normal.db, this.raisedBarDb);
    this.judge.tick(now, this.judgeView);
    this.prune(now);
  }

  /** End of the call: decide everything still open. */
  finish(now: number): void {
    this.customerActive = null;
    this.agentActive = null;
    this.agentSound = null;
    this.turns.finish(now);
    this.peaks.finish(now);
    this.raisedSpans.finish(now);
    this.judge.finish(now, this.judgeView);
  }

  /** How loud a customer utterance (ended, or so far) is heard against their calm level: with its effort, and the bar. */
  private customerHeard(levelDb: number, pitchSt: number, centroidHz: number): Heard {
    // (the first sentence heard, with no seed, is the calm level: it cannot be judged loud)
    const rel = this.calm.db === null ? 0 : levelDb - this.calm.db;
    const bar = this.peakBarDb;
    const brighter = this.calmBrightness.rise(centroidHz);
    return {
      aboveDb: rel,
      effortDb: effortDb(rel, bar, this.calmPitch.rise(pitchSt), brighter),
      barDb: bar,
      brightnessHz: brighter,
    };
  }

  /** How loud an agent utterance (ended, or so far) is heard against their normal level (known). */
  private agentHeard(levelDb: number, pitchSt: number, centroidHz: number): Heard {
    const rel = levelDb - (this.normal.db as number);
    const bar = this.raisedBarDb;
    const effort = effortDb(rel, bar, this.normalPitch.rise(pitchSt), this.normalBrightness.rise(centroidHz));
    return { aboveDb: rel, effortDb: effort, barDb: bar, brightnessHz: null };
  }

  /**
   * An agent utterance at this level is not judged but restarts their level: none yet, or a young one learned
   * from the first words that a sentence roomTalkerBelowAgentDb louder shows was someone else's.
   */
  private restartsNormal(levelDb: number): boolean {
    const normal = this.normal;
    if (normal.db === null) return true;
    const young = this.normalFrom === 'firstWords' && normal.confidenceSec < RULES.youngLevelSec;
    return young && levelDb - normal.db >= this.s.roomTalkerBelowAgentDb;
  }

  /** The customer was speaking at `sample` (a finished utterance, or the one under way). */
  private customerAt(sample: number): boolean {
    return utteranceAt(this.customer, this.customerActive, sample, EDGE_SAMPLES) !== null;
  }

  /** An agent utterance from `start` to `end`, short and inside the customer's speech at both ends: a backchannel's shape. */
  private backchannelLike(start: number, end: number): boolean {
    return (
      (end - start) / this.rate <= this.s.maxBackchannelSec && this.customerAt(start) && this.customerAt(end)
    );
  }

  /**
   * The live cues of loud speech, on the utterances under way: each judged as it would be were it to end
   * now, by the same bar and the same effort rule (the wave tracker's), so a cue is the engine's own decision
   * made early; but what is heard so far is discounted (a sentence starts loudest, highest and brightest, so
   * the whole of it may be less loud): its level is the lower of its level so far and its last
   * cueRecentFrames, and that level and its effort are each heard cueMarginDb lower (less as it goes on). An
   * agent utterance that may yet be a backchannel (short so far, the customer speaking at its start and
   * now) or that would restart a young level is not judged yet.
   */
  private hearUnderWay(now: number): void {
    const c = this.customerActive;
    if (c && this.calm.db !== null) {
      const margin = cueMarginDb(c, RULES.ventingCueSec, now);
      const heard = this.customerHeard(cueLevelDb(c) - margin, utterancePitchSt(c), centroidSoFar(c));
      this.peaks.hear(
        c,
        { ...heard, effortDb: Math.max(0, heard.effortDb - margin) },
        (waveEnd) => this.agentSpokeBetween(waveEnd, c.startSample),
        now,
      );
    }
    const a = this.agentActive;
    if (a && a.confirmed) {
      const level = utteranceLevelDb(a);
      // (the customer's utterance under way ends at the frame just heard: ask whether they speak now)
      const mayBeBackchannel =
        (a.lastSpeechSample - a.startSample) / this.rate <= this.s.maxBackchannelSec &&
        this.customerAt(a.startSample) &&
        this.customerActive !== null;
      if (!this.restartsNormal(level) && !mayBeBackchannel) {
        const margin = cueMarginDb(a, RULES.louderCueSec, now);
        const heard = this.agentHeard(cueLevelDb(a) - margin, utterancePitchSt(a), centroidSoFar(a));
        this.raisedSpans.hear(
          a,
          { ...heard, effortDb: Math.max(0, heard.effortDb - margin) },
          () => false,
          now,
        );
      }
    }
  }

  /** Whether the agent took a turn (not a backchannel) between the two customer utterances. */
  private agentSpokeBetween(from: number, to: number): boolean {
    const lo = from + EDGE_SAMPLES;
    const hi = to - EDGE_SAMPLES;
    if (hi <= lo) return false;
    const turn = this.s.maxBackchannelSec * this.rate;
    for (let i = this.agent.length - 1; i >= 0; i--) {
      const a = this.agent[i] as Utterance;
      // a turn of the agent's that holds the pause (not just a tail of it running 0.1 s into the breath)
      const held = Math.min(a.endSample, hi) - Math.max(a.startSample, lo);
      if (held >= (hi - lo) * RULES.turnHoldsPauseShare && a.endSample - a.startSample > turn) return true;
      // (a backchannel that happens to start in the pause and run into the next sentence is not a turn)
      if (
        a.startSample >= from &&
        a.startSample < hi &&
        a.endSample >= to &&
        a.endSample - a.startSample > turn
      )
        return true;
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
