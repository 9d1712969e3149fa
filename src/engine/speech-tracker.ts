import { NoiseFloorTracker } from '../../dsp/noise-floor.js';
import { RULES } from './rules.js';
import type { Settings } from './settings.js';

/** Engine frame geometry: 8 kHz, 32 ms frames (Silero's 256 samples), 8 ms sub-frames for boundaries. */
export const ENGINE_RATE_HZ = 8000;
/**
 * Slack when an onset or an end is matched against the other party's utterances, and around a peak's
 * edges (rules.ts: edgeSec, 50 ms), samples.
 */
export const EDGE_SAMPLES = RULES.edgeSec * ENGINE_RATE_HZ;
export const FRAME_SAMPLES = 256;
export const SUB_SAMPLES = 64;
export const SUBS_PER_FRAME = FRAME_SAMPLES / SUB_SAMPLES;
const RING_SUBS = 256; // 2 s of sub-frame levels
/**
 * A channel's noise floor (the bar every frame is measured against): from `startDb` when a recording's
 * first pass measured the line's floor, else started by the channel's first real sound, which may be a
 * first word after digital silence, so the floor starts far enough under it for the word to count (and
 * rises to the line's noise at floorRiseDbPerSec if it was noise). Digital silence restarts it the same way.
 */
export function newFloorTracker(settings: Settings, startDb: number | null = null): NoiseFloorTracker {
  return new NoiseFloorTracker(
    FRAME_SAMPLES / ENGINE_RATE_HZ,
    RULES.floorRiseDbPerSec,
    startDb,
    settings.speechAboveNoiseDb + RULES.floorRestartOverOnsetDb,
  );
}

/** An utterance of one party: speech from `startSample` to `endSample` (engine samples). */
export interface Utterance {
  startSample: number;
  endSample: number;
  /** Power mean of the K-weighted loudness of its speech frames, dB. */
  levelDb: number;
  speechFrames: number;
  /** Mean spectral centroid of the frames where it was measured, Hz (NaN: none measured). */
  centroidHz: number;
  /** Mean pitch of its voiced frames where it was measured, semitones above 100 Hz (NaN: none measured). */
  pitchSt: number;
}

/** Level of an utterance so far: the power mean of its frames' K-weighted loudness, dB. */
export function utteranceLevelDb(a: { levelPowerSum: number; speechFrames: number }): number {
  return 10 * Math.log10(a.levelPowerSum / a.speechFrames);
}

/** Level of the last cueRecentFrames speech frames of an utterance under way (or all it has), dB. */
export function recentLevelDb(a: { recentPowerSum: number; recentFrames: number }): number {
  return 10 * Math.log10(a.recentPowerSum / a.recentFrames);
}

/** Mean pitch of an utterance so far, semitones above 100 Hz; NaN before any voiced frame was measured. */
export function utterancePitchSt(a: { pitchSum: number; pitchCount: number }): number {
  return a.pitchCount > 0 ? a.pitchSum / a.pitchCount : NaN;
}

/** The utterance under way, if any. */
export interface ActiveUtterance {
  startSample: number;
  /** End of the last speech frame so far. */
  lastSpeechSample: number;
  speechFrames: number;
  levelPowerSum: number;
  /** The K-weighted power of its last cueRecentFrames speech frames (or all it has so far), summed, and how many. */
  recentPowerSum: number;
  recentFrames: number;
  centroidSum: number;
  centroidCount: number;
  pitchSum: number;
  pitchCount: number;
  /** The loudest 8 ms sub-frame of its speech frames so far, dB (unweighted). */
  peakSubDb: number;
  /** True once it has lasted minSpeechMs: from then on it is announced. */
  confirmed: boolean;
}

/** An utterance under way as its first speech frame starts it (not confirmed yet): `power` is that frame's. */
export function firstFrame(startSample: number, lastSpeechSample: number, power: number): ActiveUtterance {
  return {
    startSample,
    lastSpeechSample,
    speechFrames: 1,
    levelPowerSum: power,
    recentPowerSum: power,
    recentFrames: 1,
    centroidSum: 0,
    centroidCount: 0,
    pitchSum: 0,
    pitchCount: 0,
    peakSubDb: -Infinity,
    confirmed: false,
  };
}

export interface FrameMeasure {
  /** Frame index; frame k covers samples [k*FRAME_SAMPLES, (k+1)*FRAME_SAMPLES). */
  frame: number;
  /** Unweighted level of each sub-frame, dB. */
  subDb: Float64Array;
  /** Unweighted frame level, dB. */
  frameDb: number;
  /** K-weighted frame loudness, dB. */
  loudnessDb: number;
  noiseFloorDb: number;
  /** Silero probability, or 0 where the model was not run (clearly not speech). */
  probability: number;
  /** Spectral centroid, Hz, on the frames where it is measured; NaN elsewhere. */
  centroidHz: number;
  /** Pitch, semitones above 100 Hz, on the voiced frames where it is measured; NaN elsewhere. */
  pitchSt: number;
  /** An utterance can only start on a frame at least this loud (K-weighted dB); -Infinity: any. */
  onsetMinLoudnessDb: number;
  /**
   * An utterance under way goes on only while its loudest frame of the last minSilenceMs reaches this
   * (K-weighted dB); -Infinity: any. Someone quieter talking on from where this party stopped (a colleague
   * after the agent's "mm hmm") does not carry the utterance on.
   */
  continueMinLoudnessDb: number;
}

/**
 * Turns per-frame VAD probabilities and levels of one party into utterances: hysteresis on the
 * probability, an energy gate above the noise floor, minimum speech and silence durations, and
 * boundaries refined to 8 ms sub-frames by level.
 */
export class SpeechTracker {
  active: ActiveUtterance | null = null;
  private silenceFrames = 0;
  private readonly minSilenceFrames: number;
  private readonly minSpeechFrames: number;
  private readonly ringDb = new Float64Array(RING_SUBS);
  /** The loudness of the last minSilenceMs of frames (a ring), K-weighted dB. */
  private readonly recentLoudness: Float64Array;
  /** The powers of the active utterance's last cueRecentFrames speech frames (a ring). */
  private readonly recentPower = new Float64Array(RULES.cueRecentFrames);
  private ringFloor = -120;

  constructor(private readonly settings: Settings) {
    this.minSilenceFrames = Math.max(
      1,
      Math.round((settings.minSilenceMs / 1000) * (ENGINE_RATE_HZ / FRAME_SAMPLES)),
    );
    this.minSpeechFrames = Math.max(
      1,
      Math.round((settings.minSpeechMs / 1000) * (ENGINE_RATE_HZ / FRAME_SAMPLES)),
    );
    this.recentLoudness = new Float64Array(this.minSilenceFrames).fill(-Infinity);
  }

  /** Whether this party is speaking at the frame just pushed (within an utterance, pauses included). */
  get speaking(): boolean {
    return this.active !== null && this.active.confirmed;
  }

  /**
   * Push one frame's measures. Returns the utterance that ended with this frame (its end lies
   * minSilenceMs back), or null.
   */
  push(m: FrameMeasure): Utterance | null {
    const s = this.settings;
    for (let i = 0; i < SUBS_PER_FRAME; i++) {
      this.ringDb[(m.frame * SUBS_PER_FRAME + i) % RING_SUBS] = m.subDb[i] as number;
    }
    this.ringFloor = m.noiseFloorDb;
    this.recentLoudness[m.frame % this.recentLoudness.length] = m.loudnessDb;
    // Starting speech needs the full margin over the noise floor; speech under way only a small one.
    const loudEnough =
      m.frameDb > m.noiseFloorDb + (this.active ? RULES.continueAboveFloorDb : s.speechAboveNoiseDb);
    const threshold = this.active ? s.vadOffThreshold : s.vadOnThreshold;
    const isSpeech =
      loudEnough &&
      m.probability >= threshold &&
      (this.active === null
        ? m.loudnessDb >= m.onsetMinLoudnessDb
        : this.recentMaxLoudness() >= m.continueMinLoudnessDb);
    const frameStart = m.frame * FRAME_SAMPLES;
    const frameEnd = frameStart + FRAME_SAMPLES;

    if (isSpeech) {
      this.silenceFrames = 0;
      const power = Math.pow(10, m.loudnessDb / 10);
      if (!this.active) {
        this.recentPower.fill(0);
        this.recentPower[0] = power;
        this.active = firstFrame(this.refineOnset(m.frame), frameEnd, power);
      } else {
        const a = this.active;
        a.lastSpeechSample = frameEnd;
        const slot = a.speechFrames % this.recentPower.length;
        a.speechFrames++;
        a.levelPowerSum += power;
        a.recentPowerSum += power - (this.recentPower[slot] as number);
        this.recentPower[slot] = power;
        a.recentFrames = Math.min(a.speechFrames, this.recentPower.length);
      }
      if (Number.isFinite(m.centroidHz)) {
        this.active.centroidSum += m.centroidHz;
        this.active.centroidCount++;
      }
      if (Number.isFinite(m.pitchSt)) {
        this.active.pitchSum += m.pitchSt;
        this.active.pitchCount++;
      }
      for (let i = 0; i < SUBS_PER_FRAME; i++) {
        this.active.peakSubDb = Math.max(this.active.peakSubDb, m.subDb[i] as number);
      }
      if (!this.active.confirmed && this.active.speechFrames >= this.minSpeechFrames)
        this.active.confirmed = true;
      return null;
    }
    if (!this.active) return null;
    this.silenceFrames++;
    if (this.silenceFrames < this.minSilenceFrames) return null;
    const a = this.active;
    this.active = null;
    this.silenceFrames = 0;
    return a.confirmed ? this.finish(a, m.frame) : null;
  }

  private recentMaxLoudness(): number {
    let most = -Infinity;
    for (const x of this.recentLoudness) if (x > most) most = x;
    return most;
  }

  /** Drop the utterance under way (it turned out not to be this party's). */
  discardActive(): void {
    this.active = null;
    this.silenceFrames = 0;
  }

  /** Force the utterance under way to end now (end of stream). */
  flush(lastFrame: number): Utterance | null {
    const a = this.active;
    this.active = null;
    return a && a.confirmed ? this.finish(a, lastFrame) : null;
  }

  private finish(a: ActiveUtterance, nowFrame: number): Utterance {
    const endSample = this.refineOffset(a.lastSpeechSample, a.startSample, nowFrame, a.peakSubDb);
    return {
      startSample: a.startSample,
      endSample,
      levelDb: utteranceLevelDb(a),
      speechFrames: a.speechFrames,
      centroidHz: a.centroidCount > 0 ? a.centroidSum / a.centroidCount : NaN,
      pitchSt: utterancePitchSt(a),
    };
  }

  /** Whether a sub-frame stands `aboveDb` over the noise floor (boundaries use lower bars than onsets). */
  private subAbove(sub: number, aboveDb: number): boolean {
    return (this.ringDb[sub % RING_SUBS] as number) > this.ringFloor + aboveDb;
  }

  /** Earliest sub-frame of the contiguous loud run that leads into this frame (up to onsetLookbackSubs back). */
  private refineOnset(frame: number): number {
    const first = frame * SUBS_PER_FRAME;
    let sub = first;
    // the onset is the first loud sub-frame in this frame, or earlier if the run began before it
    while (sub < first + SUBS_PER_FRAME - 1 && !this.subAbove(sub, RULES.onsetAboveFloorDb)) sub++;
    const limit = Math.max(0, first - RULES.onsetLookbackSubs);
    while (sub - 1 >= limit && this.subAbove(sub - 1, RULES.onsetAboveFloorDb)) sub--;
    return sub * SUB_SAMPLES;
  }

  /**
   * The end: the last sub-frame above the offset bar, following the level's tail forward past the
   * model's last speech frame (the model lets go of fading speech early) or back over trailing quiet.
   */
  private refineOffset(
    lastSpeechSample: number,
    startSample: number,
    nowFrame: number,
    peakSubDb: number,
  ): number {
    const newest = (nowFrame + 1) * SUBS_PER_FRAME - 1;
    const oldest = Math.max(newest + 1 - RING_SUBS, Math.ceil(startSample / SUB_SAMPLES));
    let sub = Math.ceil(lastSpeechSample / SUB_SAMPLES) - 1;
    if (this.subAbove(sub, RULES.offsetAboveFloorDb)) {
      const limit = Math.min(newest, sub + RULES.maxTailSubs);
      while (sub < limit && this.subAbove(sub + 1, RULES.offsetAboveFloorDb)) sub++;
    } else {
      while (sub > oldest && !this.subAbove(sub, RULES.offsetAboveFloorDb)) sub--;
    }
    sub += this.hiddenDecaySubs(sub, oldest, peakSubDb, newest);
    return Math.max(startSample + SUB_SAMPLES, (sub + 1) * SUB_SAMPLES);
  }

  /**
   * Sub-frames of decay the line's noise hid after `sub`: an utterance ends where its last word's decay falls
   * endBelowPeakDb under its loudest 8 ms; where the line's noise hides the decay before that, the end is
   * carried on along the decay's own slope (over its last decaySlopeSubs), at most maxHiddenDecaySubs.
   */
  private hiddenDecaySubs(sub: number, oldest: number, peakSubDb: number, newest: number): number {
    if (sub - RULES.decaySlopeSubs < oldest) return 0;
    const level = this.ringDb[sub % RING_SUBS] as number;
    const target = peakSubDb - RULES.endBelowPeakDb;
    if (!Number.isFinite(target) || !(level > target)) return 0;
    const slope =
      ((this.ringDb[(sub - RULES.decaySlopeSubs) % RING_SUBS] as number) - level) / RULES.decaySlopeSubs;
    if (slope < RULES.minDecayDbPerSub) return 0;
    return Math.min(RULES.maxHiddenDecaySubs, newest - sub, Math.floor((level - target) / slope));
  }
}
