/**
 * Every threshold of the analysis, with its unit, range and default. One validated object is passed
 * in; nothing below src/node reads globals or the environment. docs/algorithms.md explains each rule.
 */
export interface Settings {
  // Voice activity
  /** Silero probability at or above which a frame counts as speech. 0..1, default 0.5. */
  vadOnThreshold: number;
  /** Probability below which speech may end (hysteresis). 0..1, default 0.3. */
  vadOffThreshold: number;
  /** Silence needed to end an utterance, ms. 100..2000, default 320. */
  minSilenceMs: number;
  /** Shortest speech kept as an utterance, ms (clicks are shorter). 30..1000, default 120. */
  minSpeechMs: number;
  /** A frame can only be speech when this far above the channel's noise floor, dB. 0..40, default 9. */
  speechAboveNoiseDb: number;
  /** Agent-channel sound this far below the agent's own speaking level is someone else (a colleague), dB. 3..40, default 6. */
  roomTalkerBelowAgentDb: number;

  // Loudness and baselines
  /** A customer utterance this far above the customer's calm level is venting, dB. 1..30, default 6. */
  peakDb: number;
  /** An agent utterance this far above the agent's normal level is a raised voice, dB. 1..30, default 6. */
  raisedVoiceDb: number;
  /** Loud utterances separated by at most this much silence form one wave (peak), s. 0..5, default 1.2. */
  peakBridgeSec: number;
  /** Shortest customer peak, s. 0..30, default 1.5. */
  minPeakSec: number;
  /** Shortest raised-voice span, s. 0..30, default 1.0. */
  minRaisedSec: number;
  /** Seed for the customer's calm level, dB (K-weighted, LUFS-like); null: measured on the call (first pass), or learned from their first words. */
  customerCalmDb: number | null;
  /** Seed for the agent's normal level, dB; null: measured on the call (first pass), else their profile or first words. */
  agentNormalDb: number | null;

  // Overlap
  /** Longest agent utterance that can be a backchannel when the customer keeps talking, s. 0.2..5, default 1.5. */
  maxBackchannelSec: number;
  /** The customer "keeps the floor" when they are still talking, or resume within this long, after the agent stops, s. 0..3, default 0.6. */
  customerResumeSec: number;

  // Verdicts
  /** "Wait for the pause": the agent's reply to a peak complies when the gap is at least this long, s. 0..10, default 1.0. */
  minPauseSec: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  vadOnThreshold: 0.5,
  vadOffThreshold: 0.3,
  minSilenceMs: 320,
  minSpeechMs: 120,
  speechAboveNoiseDb: 9,
  roomTalkerBelowAgentDb: 6,
  peakDb: 6,
  raisedVoiceDb: 6,
  peakBridgeSec: 1.2,
  minPeakSec: 1.5,
  minRaisedSec: 1.0,
  customerCalmDb: null,
  agentNormalDb: null,
  maxBackchannelSec: 1.5,
  customerResumeSec: 0.6,
  minPauseSec: 1.0,
});

type NumericKey = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];

const RANGES: Record<NumericKey, [number, number]> = {
  vadOnThreshold: [0, 1],
  vadOffThreshold: [0, 1],
  minSilenceMs: [100, 2000],
  minSpeechMs: [30, 1000],
  speechAboveNoiseDb: [0, 40],
  roomTalkerBelowAgentDb: [3, 40],
  peakDb: [1, 30],
  raisedVoiceDb: [1, 30],
  peakBridgeSec: [0, 5],
  minPeakSec: [0, 30],
  minRaisedSec: [0, 30],
  maxBackchannelSec: [0.2, 5],
  customerResumeSec: [0, 3],
  minPauseSec: [0, 10],
};

const SEEDS = ['customerCalmDb', 'agentNormalDb'] as const;

export const SETTING_NAMES = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** Defaults overridden by `overrides`; throws RangeError naming the parameter and value. */
export function resolveSettings(overrides: Partial<Record<string, unknown>> = {}): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(SETTING_NAMES as string[]).includes(key)) throw new RangeError(`unknown setting '${key}'`);
    if ((SEEDS as readonly string[]).includes(key)) {
      if (
        value !== null &&
        !(typeof value === 'number' && Number.isFinite(value) && value > -100 && value < 0)
      ) {
        throw new RangeError(
          `${key} must be a level in dB between -100 and 0 (or null), not ${String(value)}`,
        );
      }
      (out as unknown as Record<string, unknown>)[key] = value;
      continue;
    }
    const [lo, hi] = RANGES[key as NumericKey];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value > hi) {
      throw new RangeError(`${key} must be a number from ${lo} to ${hi}, not ${String(value)}`);
    }
    (out as unknown as Record<string, unknown>)[key] = value;
  }
  if (out.vadOffThreshold > out.vadOnThreshold) {
    throw new RangeError(
      `vadOffThreshold (${out.vadOffThreshold}) must not exceed vadOnThreshold (${out.vadOnThreshold})`,
    );
  }
  return out;
}
