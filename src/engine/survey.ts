import { dbfs, LoudnessMeter } from '../../dsp/loudness.js';
import { DIGITAL_SILENCE_DB, type NoiseFloorTracker } from '../../dsp/noise-floor.js';
import { CALM_LEVEL_TIMES, LevelBaseline, NORMAL_LEVEL_TIMES, type LevelTimes } from './baseline.js';
import { ECHO_MARGIN, EchoGate, meanSquare } from './echo-gate.js';
import type { Settings } from './settings.js';
import { ENGINE_RATE_HZ, FRAME_SAMPLES, newFloorTracker } from './speech-tracker.js';

/** Where each party's own level starts: measured on the whole call, or null where too little speech was heard. */
export interface LevelSeeds {
  agentNormalDb: number | null;
  customerCalmDb: number | null;
  /** Each channel's noise floor, dB; null for a channel that is mostly digital silence. */
  agentFloorDb?: number | null;
  customerFloorDb?: number | null;
  /**
   * The agent's normal level remembered from earlier calls (a per-agent profile), dB: the start where
   * the first pass found none and no `agentNormalDb` setting was given.
   */
  agentProfileDb?: number | null;
}

const FRAME_SEC = FRAME_SAMPLES / ENGINE_RATE_HZ;
/** A stretch of sound ends after this many quiet frames (10 x 32 ms, the tracker's closing silence). */
const HANG_FRAMES = 10;
/** Stretches with less sound than this are clicks and thumps, not sentences, s. */
const MIN_STRETCH_SEC = 0.5;
/** A stretch counts as one party alone when the other channel held sound on less than this share of it. */
const MAX_OVERLAP_SHARE = 0.3;
/**
 * A channel's noise floor: this quantile of its frame levels. Each party is silent for most of a call
 * (while the other speaks, and in pauses), so a fifth of the frames is surely the line's own noise.
 */
const FLOOR_QUANTILE = 0.2;
/** Frame levels are counted in bins this wide, dB, from DIGITAL_SILENCE_DB to 0 dBFS. */
const LEVEL_BIN_DB = 0.5;

/** Less than this much sound of a party gives no seed, s. */
const MIN_SPEECH_SEC = 3;
/** Calm sentences: at least this much of the customer's speech... */
const MIN_CALM_SEC = 3;
/** ...within a band this wide (one person's sentences at one effort vary by about this much), dB. */
const CALM_BAND_DB = 6;
/** Rounds of the level tracker over the call's stretches: the second starts where the first ended. */
const REPLAY_ROUNDS = 2;

interface Stretch {
  sec: number;
  levelDb: number;
}

class ChannelSurvey {
  constructor(settings: Settings) {
    this.floor = newFloorTracker(settings);
  }

  /**
   * Only the worst-case echo test (no canceller: it costs as much as the rest of the pass, and the
   * pass keeps only stretches heard while the other party was quiet, where there is no echo to take out).
   */
  readonly gate = new EchoGate(false);
  readonly meter = new LoudnessMeter({ sampleRateHz: ENGINE_RATE_HZ, blockSamples: FRAME_SAMPLES });
  readonly floor: NoiseFloorTracker;
  readonly stretches: Stretch[] = [];
  /** How many frames at each level (LEVEL_BIN_DB bins above DIGITAL_SILENCE_DB). */
  readonly levels = new Uint32Array(Math.ceil(-DIGITAL_SILENCE_DB / LEVEL_BIN_DB) + 1);
  private silentFrames = 0;
  /** Whether the frame just measured holds sound of this party (above the floor, beyond the echo). */
  active = false;
  private soundFrames = 0;
  private quietFrames = 0;
  private overlapFrames = 0;
  private powerSum = 0;

  /** One frame of this channel (`own`, its mean square `ownEnergy`) and the other's mean square. */
  measure(
    own: Float32Array,
    ownEnergy: number,
    otherEnergy: number,
    index: number,
    aboveFloorDb: number,
  ): void {
    const clear = this.gate.exceedsEcho(ownEnergy, otherEnergy, index, ECHO_MARGIN);
    const frameDb = dbfs(ownEnergy);
    this.meter.push(own);
    const floorDb = this.floor.update(frameDb);
    if (frameDb <= DIGITAL_SILENCE_DB) this.silentFrames++;
    else {
      const bin = Math.floor((Math.min(frameDb, 0) - DIGITAL_SILENCE_DB) / LEVEL_BIN_DB);
      this.levels[bin] = (this.levels[bin] as number) + 1;
    }
    this.active = clear && frameDb > floorDb + aboveFloorDb;
  }

  /**
   * The FLOOR_QUANTILE of the frame levels, dB; null when that much of the channel is digital silence
   * (no line noise to measure: the engine then restarts its floor from each first sound).
   */
  floorQuantileDb(): number | null {
    let total = this.silentFrames;
    for (const n of this.levels) total += n;
    let below = this.silentFrames;
    if (total === 0 || below >= FLOOR_QUANTILE * total) return null;
    for (let i = 0; i < this.levels.length; i++) {
      below += this.levels[i] as number;
      if (below >= FLOOR_QUANTILE * total) return DIGITAL_SILENCE_DB + (i + 0.5) * LEVEL_BIN_DB;
    }
    return null;
  }

  /** Grow or close the current stretch; `otherActive`: the other party's channel held sound too. */
  follow(otherActive: boolean): void {
    if (this.active) {
      this.soundFrames++;
      this.quietFrames = 0;
      this.powerSum += Math.pow(10, this.meter.blockLufs / 10);
      if (otherActive) this.overlapFrames++;
    } else if (this.soundFrames > 0 && ++this.quietFrames >= HANG_FRAMES) {
      this.close();
    }
  }

  close(): void {
    const sec = this.soundFrames * FRAME_SEC;
    if (sec >= MIN_STRETCH_SEC && this.overlapFrames <= MAX_OVERLAP_SHARE * this.soundFrames) {
      this.stretches.push({ sec, levelDb: 10 * Math.log10(this.powerSum / this.soundFrames) });
    }
    this.soundFrames = 0;
    this.quietFrames = 0;
    this.overlapFrames = 0;
    this.powerSum = 0;
  }
}

/** The level with half of the stretches' time below it, or null with too little sound. */
function weightedMedian(stretches: readonly Stretch[]): number | null {
  const total = stretches.reduce((sum, s) => sum + s.sec, 0);
  if (total < MIN_SPEECH_SEC) return null;
  const sorted = [...stretches].sort((a, b) => a.levelDb - b.levelDb);
  let below = 0;
  for (const s of sorted) {
    below += s.sec;
    if (below >= total / 2) return s.levelDb;
  }
  return null;
}

/**
 * The customer's calm sentences: the quietest band CALM_BAND_DB wide that holds at least MIN_CALM_SEC of
 * their speech. A customer who vents most of the call still has a few calm sentences, and those are
 * it; a lone mumble is not.
 */
function calmBand(stretches: readonly Stretch[]): Stretch[] {
  const sorted = [...stretches].sort((a, b) => a.levelDb - b.levelDb);
  // a window over the sorted levels, [low, low + CALM_BAND_DB], slid up until it holds enough speech
  let top = 0;
  let sec = 0;
  for (const lowest of sorted) {
    const low = lowest.levelDb;
    while (top < sorted.length && (sorted[top] as Stretch).levelDb <= low + CALM_BAND_DB) {
      sec += (sorted[top] as Stretch).sec;
      top++;
    }
    if (sec >= MIN_CALM_SEC)
      return stretches.filter((s) => s.levelDb >= low && s.levelDb <= low + CALM_BAND_DB);
    sec -= lowest.sec;
  }
  return [];
}

/**
 * A party's own level over the whole call: the engine's own level tracker (LevelBaseline, the same
 * time constants) run over the call's stretches in order, from their median, twice, so the start of
 * the call is judged against where the tracker settles. Stretches `loudDb` over it count as loud (they
 * only creep it up); with `othersBelowDb`, stretches that far under it are someone else and skipped.
 */
function replayLevel(
  stretches: readonly Stretch[],
  times: LevelTimes,
  loudDb: number,
  othersBelowDb: number | null,
): number | null {
  const start = weightedMedian(stretches);
  if (start === null) return null;
  const level = new LevelBaseline(start, 0, times);
  for (let round = 0; round < REPLAY_ROUNDS; round++) {
    for (const s of stretches) {
      const rel = s.levelDb - (level.db as number);
      if (othersBelowDb !== null && rel <= -othersBelowDb) continue;
      level.update(s.levelDb, s.sec, rel >= loudDb);
    }
  }
  return level.db;
}

/**
 * The offline first pass: a cheap look at the whole call (levels, noise floors and the worst-case echo
 * test; no voice model, no echo canceller) that measures where each party's own level and each line's
 * noise floor lie, so the streaming engine judges the first minute against the same levels as the last.
 * Only relations count: sound above the channel's own noise floor, beyond the other party's possible
 * echo, heard while the other party was quiet; the customer's calm level is their quietest band of
 * sentences; the agent's is the engine's own level tracker run over the call, quieter talkers there
 * (colleagues) left out. No dBFS constant enters, so a call 24 dB quieter gets seeds 24 dB lower.
 */
export class LevelSurvey {
  private readonly agent: ChannelSurvey;
  private readonly customer: ChannelSurvey;
  private frameIndex = 0;

  constructor(private readonly settings: Settings) {
    this.agent = new ChannelSurvey(settings);
    this.customer = new ChannelSurvey(settings);
  }

  /** One aligned frame of each party (FRAME_SAMPLES at ENGINE_RATE_HZ). */
  pushFrame(agent: Float32Array, customer: Float32Array): void {
    const index = this.frameIndex++;
    const above = this.settings.speechAboveNoiseDb;
    const agentEnergy = meanSquare(agent);
    const customerEnergy = meanSquare(customer);
    this.agent.measure(agent, agentEnergy, customerEnergy, index, above);
    this.customer.measure(customer, customerEnergy, agentEnergy, index, above);
    this.agent.follow(this.customer.active);
    this.customer.follow(this.agent.active);
  }

  finish(): void {
    this.agent.close();
    this.customer.close();
  }

  get seeds(): LevelSeeds {
    const s = this.settings;
    return {
      agentNormalDb: replayLevel(
        this.agent.stretches,
        NORMAL_LEVEL_TIMES,
        s.raisedVoiceDb,
        s.roomTalkerBelowAgentDb,
      ),
      customerCalmDb: replayLevel(calmBand(this.customer.stretches), CALM_LEVEL_TIMES, s.peakDb, null),
      agentFloorDb: this.agent.floorQuantileDb(),
      customerFloorDb: this.customer.floorQuantileDb(),
    };
  }
}
