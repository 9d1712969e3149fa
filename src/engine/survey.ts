import { dbfs, LoudnessMeter } from '../../dsp/loudness.js';
import { DIGITAL_SILENCE_DB, type NoiseFloorTracker } from '../../dsp/noise-floor.js';
import { Voicing } from '../../dsp/voicing.js';
import { calmPitchSt, pitchSemitones } from './effort.js';
import { meanSquare } from './echo-gate.js';
import { loudBarDb, ownLevel, type LevelPiece } from './own-level.js';
import { RULES } from './rules.js';
import type { Settings } from './settings.js';
import { ENGINE_RATE_HZ, FRAME_SAMPLES, newFloorTracker } from './speech-tracker.js';

/** Where each party's own level starts: measured on the whole call, or null where too little speech was heard. */
export interface LevelSeeds {
  agentNormalDb: number | null;
  customerCalmDb: number | null;
  /**
   * How much each party's ordinary speech strays from their level (a standard deviation), dB; absent or
   * null where not measured (a setting's or profile's level).
   */
  agentSpreadDb?: number | null;
  customerSpreadDb?: number | null;
  /** Each party's ordinary pitch, semitones above 100 Hz (vocal effort: effort.ts); absent or null where not measured. */
  agentPitchSt?: number | null;
  customerPitchSt?: number | null;
  /**
   * The other party's echo in each channel, dB against the other channel's loudest of the last 200 ms (what
   * the engine assumes until its canceller has measured the path); absent or null where not measured.
   */
  agentEchoDb?: number | null;
  customerEchoDb?: number | null;
  /** Each channel's noise floor, dB; null for a channel that is mostly digital silence. */
  agentFloorDb?: number | null;
  customerFloorDb?: number | null;
  /**
   * The agent's normal level remembered from earlier calls (a per-agent profile), dB: the start where
   * the first pass found none and no `agentNormalDb` setting was given.
   */
  agentProfileDb?: number | null;
  /**
   * The customer's calm level on this agent's line remembered from earlier calls (the agent's profile), dB: a
   * prior for a call with no first pass, where no `customerCalmDb` setting is given (Conversation).
   */
  customerPriorDb?: number | null;
}

const FRAME_SEC = FRAME_SAMPLES / ENGINE_RATE_HZ;
/** Frame levels are counted in bins this wide, dB, from DIGITAL_SILENCE_DB to 0 dBFS (a resolution, not a rule). */
const LEVEL_BIN_DB = 0.5;

/** A growing list of numbers in a typed array (no boxing: 60 minutes are 112,500 frames a channel). */
class Column {
  private data = new Float32Array(4096);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }

  at(i: number): number {
    return this.data[i] as number;
  }
}

/**
 * One channel's frames as the pass saw them: level, running noise floor, loudness (K-weighted) and pitch
 * (NaN where not measured or unvoiced). What is speech is decided once the whole call is in (stretches()).
 */
class ChannelSurvey {
  readonly meter = new LoudnessMeter({ sampleRateHz: ENGINE_RATE_HZ, blockSamples: FRAME_SAMPLES });
  readonly floor: NoiseFloorTracker;
  private readonly voicing = new Voicing({ sampleRateHz: ENGINE_RATE_HZ }, FRAME_SAMPLES);
  /** How many frames at each level (LEVEL_BIN_DB bins above DIGITAL_SILENCE_DB). */
  readonly levels = new Uint32Array(Math.ceil(-DIGITAL_SILENCE_DB / LEVEL_BIN_DB) + 1);
  private silentFrames = 0;
  readonly frameDb = new Column();
  readonly floorDb = new Column();
  readonly loudnessDb = new Column();
  readonly pitchSt = new Column();

  constructor(private readonly settings: Settings) {
    this.floor = newFloorTracker(settings);
  }

  /** One frame of this channel and its mean square. */
  measure(own: Float32Array, ownEnergy: number, index: number): void {
    const frameDb = dbfs(ownEnergy);
    this.meter.push(own);
    const floorDb = this.floor.update(frameDb);
    if (frameDb <= DIGITAL_SILENCE_DB) this.silentFrames++;
    else {
      const bin = Math.floor((Math.min(frameDb, 0) - DIGITAL_SILENCE_DB) / LEVEL_BIN_DB);
      this.levels[bin] = (this.levels[bin] as number) + 1;
    }
    let pitch = NaN;
    if (index % RULES.pitchEveryFrames === 0 && frameDb > floorDb + this.settings.speechAboveNoiseDb) {
      const v = this.voicing.measure(own);
      if (v.strength >= RULES.pitchedStrength) pitch = pitchSemitones(v.f0Hz);
    }
    this.frameDb.push(frameDb);
    this.floorDb.push(floorDb);
    this.loudnessDb.push(this.meter.blockLufs);
    this.pitchSt.push(pitch);
  }

  /** The loudest of frame `i` and the echoSearchFrames - 1 before it, dB (what echo in the other channel may come from). */
  recentMaxDb(i: number): number {
    let most = -Infinity;
    for (let j = Math.max(0, i - RULES.echoSearchFrames + 1); j <= i; j++)
      most = Math.max(most, this.frameDb.at(j));
    return most;
  }

  /** Whether frame `i` holds sound over the line's noise (`aboveDb` over the running floor). */
  sounds(i: number, aboveDb: number): boolean {
    return this.frameDb.at(i) > this.floorDb.at(i) + aboveDb;
  }

  /**
   * The floorQuantile of the frame levels, dB; null when that much of the channel is digital silence
   * (no line noise to measure: the engine then restarts its floor from each first sound).
   */
  floorQuantileDb(): number | null {
    let total = this.silentFrames;
    for (const n of this.levels) total += n;
    let below = this.silentFrames;
    if (total === 0 || below >= RULES.floorQuantile * total) return null;
    for (let i = 0; i < this.levels.length; i++) {
      below += this.levels[i] as number;
      if (below >= RULES.floorQuantile * total) return DIGITAL_SILENCE_DB + (i + 0.5) * LEVEL_BIN_DB;
    }
    return null;
  }
}

/** A stretch of one party's sound: its level, length and mean pitch (NaN: none measured). */
export interface Stretch extends LevelPiece {
  pitchSt: number;
}

/**
 * The other party's echo in `own`, dB against the other channel: the median difference over the frames
 * where the other party is echoMeasureAboveFloorDb over their line's noise (most such frames hold the
 * other party alone, so what this channel holds then is their echo, up to echoSearchFrames late); null
 * with fewer than minEchoFrames of them, or where it comes out at maxEchoDb or over.
 */
function echoDb(own: ChannelSurvey, other: ChannelSurvey): number | null {
  const diffs: number[] = [];
  for (let i = 0; i < own.frameDb.length; i++) {
    if (other.sounds(i, RULES.echoMeasureAboveFloorDb)) diffs.push(own.frameDb.at(i) - other.recentMaxDb(i));
  }
  if (diffs.length < RULES.minEchoFrames) return null;
  diffs.sort((a, b) => a - b);
  const db = diffs[diffs.length >> 1] as number;
  // an echo is quieter than what it echoes: a channel "louder than the echo" measured there is this channel
  // heard on frames where the other holds only its echo (the measure ran the wrong way round)
  return db < RULES.maxEchoDb ? db : null;
}

/**
 * The stretches of `own`'s party alone: runs of frames over the line's noise and clearly over the other
 * party's echo (surveyOverEchoDb over it; closed by stretchHangFrames of quiet), at least minStretchSec
 * long, during which the other channel held sound of its own on less than maxOverlapShare of the frames.
 */
function stretchesOf(own: ChannelSurvey, other: ChannelSurvey, aboveDb: number): Stretch[] {
  const ownEcho = echoDb(own, other) ?? RULES.surveyWorstEchoDb;
  const otherEcho = echoDb(other, own) ?? RULES.surveyWorstEchoDb;
  const ownActive = (i: number): boolean =>
    own.sounds(i, aboveDb) && own.frameDb.at(i) > other.recentMaxDb(i) + ownEcho + RULES.surveyOverEchoDb;
  const otherActive = (i: number): boolean =>
    other.sounds(i, aboveDb) && other.frameDb.at(i) > own.recentMaxDb(i) + otherEcho + RULES.surveyOverEchoDb;
  const out: Stretch[] = [];
  let sound = 0;
  let quiet = 0;
  let overlap = 0;
  let power = 0;
  let pitchSum = 0;
  let pitchCount = 0;
  const close = (): void => {
    const sec = sound * FRAME_SEC;
    if (sec >= RULES.minStretchSec && overlap <= RULES.maxOverlapShare * sound) {
      out.push({
        sec,
        levelDb: 10 * Math.log10(power / sound),
        pitchSt: pitchCount > 0 ? pitchSum / pitchCount : NaN,
      });
    }
    sound = quiet = overlap = power = pitchSum = pitchCount = 0;
  };
  for (let i = 0; i < own.frameDb.length; i++) {
    if (ownActive(i)) {
      sound++;
      quiet = 0;
      power += Math.pow(10, own.loudnessDb.at(i) / 10);
      const pitch = own.pitchSt.at(i);
      if (Number.isFinite(pitch)) {
        pitchSum += pitch;
        pitchCount++;
      }
      if (otherActive(i)) overlap++;
    } else if (sound > 0 && ++quiet >= RULES.stretchHangFrames) close();
  }
  close();
  return out;
}

/**
 * The offline first pass: a cheap look at the whole call (levels, noise floors, pitch, and each channel's
 * echo of the other measured as a level difference; no voice model, no echo canceller) that measures
 * where each party's own level and each line's noise floor lie, so the streaming engine judges the first
 * minute against the same levels as the last. It keeps a few numbers a frame (about 3 MB an hour) and
 * decides once the whole call is in. Only relations count: sound above the channel's own noise floor,
 * clearly over the other party's echo, heard while the other party was quiet; each party's own level is the median of their ordinary
 * speech and its spread how much that speech strays (own-level.ts: venting, a raised voice and, on the
 * agent's line, quieter talkers (colleagues) left out). No dBFS constant enters, so a call 24 dB quieter
 * gets seeds 24 dB lower.
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
    this.agent.measure(agent, meanSquare(agent), index);
    this.customer.measure(customer, meanSquare(customer), index);
  }

  finish(): void {
    // (everything is decided in `seeds`, once the whole call is in)
  }

  /** Each party's stretches of sound alone (for the seeds; exposed for checks). */
  stretches(): { agent: Stretch[]; customer: Stretch[] } {
    const above = this.settings.speechAboveNoiseDb;
    return {
      agent: stretchesOf(this.agent, this.customer, above),
      customer: stretchesOf(this.customer, this.agent, above),
    };
  }

  get seeds(): LevelSeeds {
    const s = this.settings;
    const pieces = this.stretches();
    const agent = ownLevel(pieces.agent, {
      loudDb: s.raisedVoiceDb,
      othersBelowDb: s.roomTalkerBelowAgentDb,
      minSec: RULES.minSeedSpeechSec,
    });
    const customer = ownLevel(pieces.customer, {
      loudDb: s.peakDb,
      othersBelowDb: null,
      minSec: RULES.minSeedSpeechSec,
    });
    return {
      agentNormalDb: agent?.db ?? null,
      customerCalmDb: customer?.db ?? null,
      agentSpreadDb: agent?.spreadDb ?? null,
      customerSpreadDb: customer?.spreadDb ?? null,
      agentPitchSt: agent
        ? calmPitchSt(pieces.agent, agent.db, loudBarDb(s.raisedVoiceDb, agent.spreadDb))
        : null,
      customerPitchSt: customer
        ? calmPitchSt(pieces.customer, customer.db, loudBarDb(s.peakDb, customer.spreadDb))
        : null,
      agentEchoDb: echoDb(this.agent, this.customer),
      customerEchoDb: echoDb(this.customer, this.agent),
      agentFloorDb: this.agent.floorQuantileDb(),
      customerFloorDb: this.customer.floorQuantileDb(),
    };
  }
}
