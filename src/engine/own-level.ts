/**
 * A party's own level (the customer's calm level, the agent's normal level) and how much their ordinary
 * speech varies around it: the reference every loudness judgement compares with (docs/algorithms.md,
 * section 2). "Own level" is the typical level of the party's ordinary speech, its median: never the
 * quietest of it, since one person's calm sentences spread over 2-11 dB (real speech) and half of them lie
 * above the middle. Speech is loud only when it stands clearly outside that spread: `loudBarDb`. The numbers
 * these rules rest on are in rules.ts.
 */

import { RULES } from './rules.js';

/** A stretch of one party's speech: its level (dB) and length (s). */
export interface LevelPiece {
  levelDb: number;
  sec: number;
}

/** What a level says of one party's ordinary speech: its median and its spread (a standard deviation), dB. */
export interface OwnLevelSeed {
  db: number;
  spreadDb: number;
  /** The spread was measured on the whole call (the first pass): the streaming level keeps it. */
  spreadMeasured?: boolean;
}

/** A normal distribution's standard deviation over its mean absolute deviation (sqrt(pi / 2)). */
const SPREAD_PER_DEVIATION = Math.sqrt(Math.PI / 2);

/** The level above a party's own at which their speech is loud: the setting, raised for a speaker who varies widely, dB. */
export function loudBarDb(settingDb: number, spreadDb: number): number {
  return Math.min(settingDb + RULES.maxSpreadRaiseDb, Math.max(settingDb, RULES.loudSpreads * spreadDb));
}

/** The level with a share `q` of the pieces' time below it (0 <= q <= 1), or null without pieces. */
export function weightedQuantile(pieces: readonly LevelPiece[], q: number): number | null {
  const total = pieces.reduce((sum, p) => sum + p.sec, 0);
  if (!(total > 0)) return null;
  const sorted = [...pieces].sort((a, b) => a.levelDb - b.levelDb);
  let below = 0;
  for (const p of sorted) {
    below += p.sec;
    if (below >= q * total) return p.levelDb;
  }
  return (sorted[sorted.length - 1] as LevelPiece).levelDb;
}

/** Half the distance between the 16th and 84th percentiles: a standard deviation that outliers do not inflate, dB. */
export function robustSpreadDb(pieces: readonly LevelPiece[]): number {
  const lo = weightedQuantile(pieces, 0.16);
  const hi = weightedQuantile(pieces, 0.84);
  return lo === null || hi === null ? RULES.defaultSpreadDb : Math.max(RULES.minSpreadDb, (hi - lo) / 2);
}

export interface OwnLevelOptions {
  /** Speech this far over the party's own level is loud (the setting; a wide spread raises it), dB. */
  loudDb: number;
  /** Speech this far under it is someone else (a colleague: the agent's line only), dB; null: none. */
  othersBelowDb: number | null;
  /** Less speech than this gives no level, s. */
  minSec: number;
}

/**
 * The middle of the lowest group of a party's speech: the median of the speech in the lowest window,
 * lowestGroupWindowDb wide and placed anywhere, that holds at least lowestGroupMinShare and
 * lowestGroupMinSec of it (a customer's calm sentences, however much of the call they vent). The window
 * starts at a piece's level (every distinct window does), so two calm sentences up to a window apart make a
 * group wherever they fall. Null when no window holds that much.
 */
export function lowestGroupDb(pieces: readonly LevelPiece[]): number | null {
  const total = pieces.reduce((sum, p) => sum + p.sec, 0);
  const need = Math.max(
    RULES.lowestGroupMinShare * total,
    Math.min(RULES.lowestGroupMinSec, RULES.lowestGroupShortShare * total),
  );
  const sorted = [...pieces].sort((a, b) => a.levelDb - b.levelDb);
  for (const p of sorted) {
    const group = sorted.filter(
      (q) => q.levelDb >= p.levelDb && q.levelDb <= p.levelDb + RULES.lowestGroupWindowDb,
    );
    if (group.reduce((sum, q) => sum + q.sec, 0) >= need) return weightedQuantile(group, 0.5);
  }
  return null;
}

/**
 * A party's own level over a whole call's pieces: the median of their ordinary speech, found as a fixed
 * point: the median of the pieces that are not loud against it (under its loud bar) and, with
 * `othersBelowDb`, not someone else (over its bar below). For the customer the start is their lowest
 * group of speech (lowestGroupDb), so a customer who vents for most of the call is still measured on
 * their calm sentences, and the fixed point then climbs through however widely their calm speech
 * varies. On the agent's line the start is the median (a colleague is the lowest group there), and
 * speech far below it that holds a good share of the time (ownVoiceShare) is the agent's calm voice
 * under a raised one, not a colleague. Null with too little speech.
 */
export function ownLevel(pieces: readonly LevelPiece[], o: OwnLevelOptions): OwnLevelSeed | null {
  const total = pieces.reduce((sum, p) => sum + p.sec, 0);
  if (total < o.minSec) return null;
  const start =
    o.othersBelowDb === null
      ? (lowestGroupDb(pieces) ?? weightedQuantile(pieces, RULES.noGroupQuantile))
      : weightedQuantile(pieces, 0.5);
  let settled = settle(pieces, start as number, o);
  if (o.othersBelowDb !== null) {
    const below = pieces.filter(
      (p) => p.levelDb <= settled.db - Math.max(o.othersBelowDb as number, bar(settled, o)),
    );
    const belowSec = below.reduce((sum, p) => sum + p.sec, 0);
    if (belowSec >= RULES.ownVoiceShare * total && belowSec >= o.minSec) {
      settled = settle(pieces, weightedQuantile(below, 0.5) as number, o);
    }
  }
  return settled;
}

const bar = (s: OwnLevelSeed, o: OwnLevelOptions): number => loudBarDb(o.loudDb, s.spreadDb);

function settle(pieces: readonly LevelPiece[], start: number, o: OwnLevelOptions): OwnLevelSeed {
  let s: OwnLevelSeed = { db: start, spreadDb: RULES.defaultSpreadDb };
  for (let round = 0; round < RULES.settleRounds; round++) {
    const b = bar(s, o);
    const low = o.othersBelowDb === null ? -Infinity : s.db - Math.max(o.othersBelowDb, b);
    const db = weightedQuantile(
      pieces.filter((p) => p.levelDb < s.db + b && p.levelDb > low),
      0.5,
    );
    if (db === null) return s;
    // the spread of the speech around that level (within the setting's bar either way: never what the
    // spread itself lets in, which could climb into a wave)
    const near = pieces.filter((p) => Math.abs(p.levelDb - db) < o.loudDb && p.levelDb > low);
    const next = { db, spreadDb: shrunkSpreadDb(near) };
    const done =
      Math.abs(next.db - s.db) < RULES.settledDb && Math.abs(next.spreadDb - s.spreadDb) < RULES.settledDb;
    s = next;
    if (done) break;
  }
  return { ...s, spreadMeasured: true };
}

/** The robust spread of the pieces, drawn towards defaultSpreadDb when they hold little speech (spreadPriorSec), dB. */
export function shrunkSpreadDb(pieces: readonly LevelPiece[]): number {
  const sec = pieces.reduce((sum, p) => sum + p.sec, 0);
  const r = robustSpreadDb(pieces);
  const prior = RULES.spreadPriorSec;
  return Math.sqrt((prior * RULES.defaultSpreadDb ** 2 + sec * r * r) / (prior + sec));
}

/** Time constants of a streaming level, s of speech. */
export interface OwnLevelTimes {
  /** Ordinary speech moves the level (up or down alike) with this time constant: gain drift is followed. */
  ordinarySec: number;
  /** Loud speech only creeps it up, so an outburst never becomes the new normal, but a line that stays hot does. */
  loudSec: number;
}

/** The customer's calm level: venting only creeps it up (calmLoudSec). */
export const CALM_LEVEL_TIMES: OwnLevelTimes = {
  ordinarySec: RULES.calmOrdinarySec,
  loudSec: RULES.calmLoudSec,
};
/** The agent's normal level: a raised reply only creeps it up (normalLoudSec). */
export const NORMAL_LEVEL_TIMES: OwnLevelTimes = {
  ordinarySec: RULES.normalOrdinarySec,
  loudSec: RULES.normalLoudSec,
};

/**
 * A party's own level as the call goes on: from a seed (the first pass, a setting, a profile) or from their
 * first words, then the running mean of their ordinary speech (up and down alike, time constant
 * `ordinarySec`; early speech counts fully until that much is heard) and of how far it strays (the
 * spread); loud speech only creeps the level up. No whole-call statistics: the engine stays causal.
 */
export class OwnLevel {
  private valueDb: number | null;
  /** Mean absolute distance of ordinary speech from the level, dB (a standard deviation is 1.25 times it). */
  private deviationDb: number;
  private weightSec: number;
  /** Whether the spread is learned from the speech (false: the seed measured it on the whole call). */
  private readonly learnsSpread: boolean;

  /**
   * @param seed starting level and spread, or null to take the first utterance's level
   * @param seedWeightSec how many seconds of speech the seed is worth
   */
  constructor(
    seed: OwnLevelSeed | null,
    seedWeightSec: number,
    private readonly times: OwnLevelTimes,
  ) {
    this.valueDb = seed?.db ?? null;
    this.learnsSpread = seed?.spreadMeasured !== true;
    this.deviationDb = (seed?.spreadDb ?? RULES.defaultSpreadDb) / SPREAD_PER_DEVIATION;
    this.weightSec = seed === null ? 0 : seedWeightSec;
  }

  get db(): number | null {
    return this.valueDb;
  }

  /** How much the party's ordinary speech strays from their level (a standard deviation), dB. */
  get spreadDb(): number {
    return SPREAD_PER_DEVIATION * this.deviationDb;
  }

  /** Seconds of speech behind the estimate (the seed counts as its weight). */
  get confidenceSec(): number {
    return this.weightSec;
  }

  /**
   * Start again from a level measured on the speech heard so far (HeardLevels: what the first pass would
   * say of it), worth `weightSec` of speech.
   */
  reseed(seed: OwnLevelSeed, weightSec: number): void {
    this.valueDb = seed.db;
    this.deviationDb = seed.spreadDb / SPREAD_PER_DEVIATION;
    this.weightSec = weightSec;
  }

  /** Start again from one utterance (what was learned so far was somebody else, or loud). */
  restart(levelDb: number, durationSec: number): void {
    this.valueDb = levelDb;
    this.deviationDb = RULES.defaultSpreadDb / SPREAD_PER_DEVIATION;
    this.weightSec = durationSec;
  }

  update(levelDb: number, durationSec: number, loud: boolean): void {
    if (this.valueDb === null) {
      this.restart(levelDb, durationSec);
      return;
    }
    const t = this.times;
    if (loud) {
      this.valueDb += (durationSec / (t.loudSec + durationSec)) * (levelDb - this.valueDb);
      return;
    }
    const w =
      durationSec /
      (Math.min(Math.max(this.weightSec, RULES.minLevelWeightSec), t.ordinarySec) + durationSec);
    const d = levelDb - this.valueDb;
    // A robust running mean: a sentence counts for at most robustSpreads of the spread either way, so the
    // nearly loud sentences of a wave (under the bar, not yet in the wave) do not drag the level up, nor
    // a mumble drag it down; gain drift, which moves every sentence, is followed.
    const reach = RULES.robustSpreads * this.spreadDb;
    this.valueDb += w * Math.max(-reach, Math.min(reach, d));
    // the spread is learned only when nothing measured it (no first pass) and once the level rests on some
    // speech (the first sentences' distance from a first guess says little of how the person varies)
    if (this.learnsSpread && this.weightSec >= t.ordinarySec * RULES.spreadLearnedAfterShare) {
      this.deviationDb += w * (Math.min(Math.abs(d), reach) - this.deviationDb);
    }
    this.weightSec += durationSec;
  }
}

/** Utterance levels are kept in bins this wide, dB: a resolution, not a rule. */
const HEARD_BIN_DB = 0.25;

/**
 * A party's speech heard so far in a call with no first pass (live): each utterance's level and length,
 * kept as the time spent at each level (bins of HEARD_BIN_DB, so memory stays small however long the call),
 * and what the first pass would make of it (`ownLevel`: the median of their ordinary speech, from their
 * lowest group of it). A level learned from the first words settles this way as more speech comes.
 */
export class HeardLevels {
  private readonly bins = new Map<number, number>();
  private sec = 0;

  /** Seconds of speech heard. */
  get heardSec(): number {
    return this.sec;
  }

  add(levelDb: number, sec: number): void {
    const bin = Math.round(levelDb / HEARD_BIN_DB);
    this.bins.set(bin, (this.bins.get(bin) ?? 0) + sec);
    this.sec += sec;
  }

  /** The party's own level over the speech heard, as the first pass measures it; null with too little. */
  ownLevel(o: OwnLevelOptions): OwnLevelSeed | null {
    const pieces: LevelPiece[] = [];
    for (const [bin, sec] of this.bins) pieces.push({ levelDb: bin * HEARD_BIN_DB, sec });
    return ownLevel(pieces, o);
  }
}
