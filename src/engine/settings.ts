/**
 * Every setting of the analysis in one table (SETTING_TABLE): its group, unit, range, default, meaning, the
 * coach's label where the scorecard shows it, and why the default is what it is. DEFAULT_SETTINGS, the
 * validation (resolveSettings), `softspoken --help` (src/node/settings-help.ts), the scorecard's thresholds
 * and docs/thresholds.md (`npm run docs`) are made from it. One validated object is passed in; nothing below
 * src/node reads globals or the environment. docs/algorithms.md explains each rule; the fixed numbers the
 * rules rest on are in rules.ts.
 */

/** The settings of one analysis: see SETTING_TABLE for each one's unit, range, default and meaning. */
export interface Settings {
  // Voice activity
  vadOnThreshold: number;
  vadOffThreshold: number;
  minSilenceMs: number;
  minSpeechMs: number;
  speechAboveNoiseDb: number;
  roomTalkerBelowAgentDb: number;

  // Loudness and baselines
  peakDb: number;
  raisedVoiceDb: number;
  peakBridgeSec: number;
  minPeakSec: number;
  minRaisedSec: number;
  customerCalmDb: number | null;
  agentNormalDb: number | null;

  // Overlap
  maxBackchannelSec: number;
  customerResumeSec: number;

  // Verdicts
  minPauseSec: number;
}

export type SettingGroup = 'Voice activity' | 'Loudness and baselines' | 'Overlap' | 'Verdicts';
export type SettingUnit = 'probability' | 'ms' | 's' | 'dB';

/** One setting: what it means, its unit, the values it accepts and its default, and why. */
export interface SettingSpec<V extends number | null> {
  group: SettingGroup;
  unit: SettingUnit;
  /**
   * 'number': any number from `min` to `max`, both included. 'level': a level in dB strictly between `min`
   * and `max`, or null (measured on the call); the two level seeds are the only settings that may be null.
   */
  kind: null extends V ? 'level' : 'number';
  min: number;
  max: number;
  default: V;
  /** What it means, in one line (`softspoken --help`, docs/thresholds.md). */
  meaning: string;
  /** What it means in a coach's words, for the settings the scorecard lists (its "thresholds used"). */
  coachLabel?: string;
  /** Why the default is what it is. */
  why: string;
}

/** Every setting, in the order `softspoken settings` prints them. */
export const SETTING_TABLE: { readonly [K in keyof Settings]: SettingSpec<Settings[K]> } = {
  vadOnThreshold: {
    group: 'Voice activity',
    unit: 'probability',
    kind: 'number',
    min: 0,
    max: 1,
    default: 0.5,
    meaning: 'Silero speech probability that starts speech',
    why: "Silero's own default threshold: a frame the model finds more likely speech than not.",
  },
  vadOffThreshold: {
    group: 'Voice activity',
    unit: 'probability',
    kind: 'number',
    min: 0,
    max: 1,
    default: 0.3,
    meaning: 'probability below which speech may end (at most vadOnThreshold)',
    why: 'Speech under way goes on through frames the model is less sure of (a soft syllable, a fading word), so one sentence is not cut into pieces.',
  },
  minSilenceMs: {
    group: 'Voice activity',
    unit: 'ms',
    kind: 'number',
    min: 100,
    max: 2000,
    default: 320,
    meaning: 'silence that ends an utterance',
    coachLabel: 'Silence that ends an utterance',
    why: 'Ten 32 ms frames: two-word backchannels ("mm hmm", "I see") stay whole, and an utterance is final soon after it ends.',
  },
  minSpeechMs: {
    group: 'Voice activity',
    unit: 'ms',
    kind: 'number',
    min: 30,
    max: 1000,
    default: 120,
    meaning: 'shortest speech kept as an utterance (clicks are shorter)',
    why: 'A keyboard click or a thump is shorter; a word, even a short "mm", is longer.',
  },
  speechAboveNoiseDb: {
    group: 'Voice activity',
    unit: 'dB',
    kind: 'number',
    min: 0,
    max: 40,
    default: 9,
    meaning: "speech starts only this far above the line's noise floor",
    why: "Speech must start clearly over the line's own noise, so a swell of noise never starts an utterance; speech under way needs less (continueAboveFloorDb, rules.ts).",
  },
  roomTalkerBelowAgentDb: {
    group: 'Voice activity',
    unit: 'dB',
    kind: 'number',
    min: 3,
    max: 40,
    default: 6,
    meaning: "agent-channel voices this far below the agent's own level are colleagues",
    why: 'Just beyond how much one person\'s sentences vary in level (a room voice in the dev calls sat 6.9 dB below the agent); an agent whose soft "mm hmm"s fall further below may need more, at the price of taking louder colleagues for the agent.',
  },
  peakDb: {
    group: 'Loudness and baselines',
    unit: 'dB',
    kind: 'number',
    min: 1,
    max: 30,
    default: 6,
    meaning: 'a customer utterance this far above their calm level is loud (venting)',
    coachLabel: 'Customer peak: level above their calm level',
    why: "Clearly louder, well beyond how much one person's calm sentences vary (about ±1.5 dB in the dev calls, where peaks sit 9-14 dB over calm); a speaker who varies more gets a higher bar (loudSpreads, rules.ts).",
  },
  raisedVoiceDb: {
    group: 'Loudness and baselines',
    unit: 'dB',
    kind: 'number',
    min: 1,
    max: 30,
    default: 6,
    meaning: 'an agent utterance this far above their normal level is a raised voice',
    coachLabel: 'Raised voice: agent level above their normal level',
    why: "The same bar as a customer's peak: clearly louder than the agent's own ordinary speech.",
  },
  peakBridgeSec: {
    group: 'Loudness and baselines',
    unit: 's',
    kind: 'number',
    min: 0,
    max: 5,
    default: 1.2,
    meaning: 'loud utterances at most this far apart form one peak or raised-voice span',
    coachLabel: 'Loud stretches joined across pauses up to',
    why: 'Longer than a breath between the sentences of one outburst, so one outburst is one peak; a longer silence ends it.',
  },
  minPeakSec: {
    group: 'Loudness and baselines',
    unit: 's',
    kind: 'number',
    min: 0,
    max: 30,
    default: 1.5,
    meaning: 'shortest customer peak',
    coachLabel: 'Shortest customer peak',
    why: 'A single loud word or exclamation is not venting: a peak is at least a loud sentence.',
  },
  minRaisedSec: {
    group: 'Loudness and baselines',
    unit: 's',
    kind: 'number',
    min: 0,
    max: 30,
    default: 1.0,
    meaning: 'shortest raised-voice span',
    coachLabel: 'Shortest raised-voice span',
    why: 'One emphatic word is not a raised voice: a raised span is at least a short raised sentence.',
  },
  customerCalmDb: {
    group: 'Loudness and baselines',
    unit: 'dB',
    kind: 'level',
    min: -100,
    max: 0,
    default: null,
    meaning: "seed for the customer's calm level (null: measured on the call)",
    coachLabel: 'Customer calm level',
    why: 'No absolute level decides anything: line gain differs from call to call, so the level is measured on the call itself; set it only to impose one.',
  },
  agentNormalDb: {
    group: 'Loudness and baselines',
    unit: 'dB',
    kind: 'level',
    min: -100,
    max: 0,
    default: null,
    meaning: "seed for the agent's normal level (null: measured on the call)",
    coachLabel: 'Agent normal level',
    why: 'As customerCalmDb: measured on the call; a level in dB carries over only between calls recorded through the same capture chain.',
  },
  maxBackchannelSec: {
    group: 'Overlap',
    unit: 's',
    kind: 'number',
    min: 0.2,
    max: 5,
    default: 1.5,
    meaning: 'longest agent utterance that can be a backchannel',
    coachLabel: 'Longest backchannel ("mm-hm") not counted as interrupting',
    why: 'Measured durations include fading tails: "mm hmm", "right", "I see" with their tails last up to about 1.5 s; a turn taken over the customer lasts longer.',
  },
  customerResumeSec: {
    group: 'Overlap',
    unit: 's',
    kind: 'number',
    min: 0,
    max: 3,
    default: 0.6,
    meaning: 'the customer resuming within this long after the agent stops keeps the floor',
    coachLabel: 'Customer keeps the floor when resuming within',
    why: "A customer who goes on after a breath never gave up the floor (the agent's sound was a backchannel); a longer silence is yielding to the agent.",
  },
  minPauseSec: {
    group: 'Verdicts',
    unit: 's',
    kind: 'number',
    min: 0,
    max: 10,
    default: 1.0,
    meaning: "the wait after a peak that counts as 'waited for the pause'",
    coachLabel: 'Pause wanted before replying to a peak',
    why: 'The coaching rule "wait for the pause": a full second, several times the gap of an ordinary change of turns (about 0.2 s in conversation, Stivers et al. 2009).',
  },
};

/** Every setting's name, in the table's order. */
export const SETTING_NAMES = Object.keys(SETTING_TABLE) as (keyof Settings)[];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(
  Object.fromEntries(SETTING_NAMES.map((name) => [name, SETTING_TABLE[name].default])) as unknown as Settings,
);

/** The values a setting accepts, in words: "0 to 1", "a level in dB between -100 and 0 (or null)". */
export function settingRange(name: keyof Settings): string {
  const { kind, min, max } = SETTING_TABLE[name];
  return kind === 'level' ? `a level in dB between ${min} and ${max} (or null)` : `${min} to ${max}`;
}

/** Defaults overridden by `overrides`; throws RangeError naming the parameter and value. */
export function resolveSettings(overrides: Partial<Record<string, unknown>> = {}): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(SETTING_NAMES as string[]).includes(key)) throw new RangeError(`unknown setting '${key}'`);
    const spec = SETTING_TABLE[key as keyof Settings];
    const { min, max } = spec;
    if (spec.kind === 'level') {
      if (
        value !== null &&
        !(typeof value === 'number' && Number.isFinite(value) && value > min && value < max)
      ) {
        throw new RangeError(`${key} must be ${settingRange(key as keyof Settings)}, not ${String(value)}`);
      }
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new RangeError(`${key} must be a number from ${min} to ${max}, not ${String(value)}`);
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
