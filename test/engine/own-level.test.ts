/**
 * A party's own level is the middle of their ordinary speech, and how far they stray sets how loud is loud:
 * checked on made-up sets of sentence levels whose answer is known by construction.
 */
import { describe, expect, it } from 'vitest';
import {
  CALM_LEVEL_TIMES,
  loudBarDb,
  lowestGroupDb,
  OwnLevel,
  ownLevel,
  type LevelPiece,
} from '../../src/engine/own-level.js';
import { RULES } from '../../src/engine/rules.js';
import { mulberry32 } from '../../scripts/scene/compose.js';

const customer = { loudDb: 6, othersBelowDb: null, minSec: 3 };
const agent = { loudDb: 6, othersBelowDb: 6, minSec: 3 };

/** `n` sentences of `sec` s around `db`, spread evenly over ±`halfRangeDb` (shuffled). */
function sentences(n: number, db: number, halfRangeDb: number, sec = 2, seed = 1): LevelPiece[] {
  const rng = mulberry32(seed);
  const out = Array.from({ length: n }, (_, i) => ({
    levelDb: db + (n === 1 ? 0 : -halfRangeDb + (2 * halfRangeDb * i) / (n - 1)),
    sec,
  }));
  return out.sort(() => rng() - 0.5);
}

describe('ownLevel (the first pass: a whole call)', () => {
  it('is the median of ordinary speech that varies widely, and no calm sentence is loud against it', () => {
    // real calm speech of one person: sentences spread over 10 dB (-35..-25)
    const calm = sentences(21, -30, 5);
    const level = ownLevel(calm, customer);
    expect(level?.db).toBeCloseTo(-30, 0);
    const bar = loudBarDb(6, level?.spreadDb ?? NaN);
    expect(bar).toBeGreaterThan(6); // the spread widens the bar...
    expect(Math.max(...calm.map((p) => p.levelDb)) - (level?.db ?? 0)).toBeLessThan(bar); // ...past the loudest
  });

  it('keeps the setting’s bar for even speech, and widens it by at most 4 dB', () => {
    expect(loudBarDb(6, RULES.defaultSpreadDb)).toBe(6);
    expect(loudBarDb(6, 100)).toBe(10);
  });

  it('finds the calm level of a customer who vents for three quarters of the call', () => {
    const pieces = [...sentences(5, -30, 1.5), ...sentences(15, -19, 3, 2, 2)];
    expect(ownLevel(pieces, customer)?.db).toBeCloseTo(-30, 0);
  });

  it('takes a single calm sentence in a short call for the calm level, not the venting after it', () => {
    const pieces = [
      { levelDb: -30, sec: 2.4 },
      { levelDb: -22, sec: 2 },
      { levelDb: -21.5, sec: 2 },
    ];
    expect(ownLevel(pieces, customer)?.db).toBe(-30);
    expect(lowestGroupDb(pieces)).toBe(-30);
  });

  it('groups two calm sentences a few dB apart wherever they fall, not only around one of them', () => {
    // hard_002 as MP3 16 kbps: its two calm sentences 3.1 dB apart (2.8 dB in the WAV), then venting
    const venting = sentences(6, -17.5, 1.5, 6.5, 4);
    const quieter = { levelDb: -28.9, sec: 2.9 };
    const group = lowestGroupDb([{ levelDb: -25.8, sec: 2.4 }, quieter, ...venting]);
    expect(group).toBeLessThanOrEqual(-25.8);
    expect(group).toBeGreaterThanOrEqual(-28.9);
    // and a little further apart or closer, the same: the calm level never goes to the venting
    for (const gapDb of [1, 2, 2.9, 3.1, 4, 5.5]) {
      const level = ownLevel([{ levelDb: -28.9 + gapDb, sec: 2.4 }, quieter, ...venting], customer);
      expect(level?.db).toBeLessThan(-24);
    }
  });

  it('is the same, moved, at any recording level', () => {
    const pieces = [...sentences(9, -30, 3), ...sentences(6, -20, 2, 2, 3)];
    const a = ownLevel(pieces, customer);
    const b = ownLevel(
      pieces.map((p) => ({ ...p, levelDb: p.levelDb - 24 })),
      customer,
    );
    expect(b?.db).toBeCloseTo((a?.db ?? NaN) - 24, 6);
    expect(b?.spreadDb).toBeCloseTo(a?.spreadDb ?? NaN, 6);
  });

  it('on the agent’s line: a quieter colleague does not pull the level down', () => {
    const pieces = [...sentences(16, -25, 2), ...sentences(3, -36, 1, 2, 4)];
    expect(ownLevel(pieces, agent)?.db).toBeCloseTo(-25, 0);
  });

  it('on the agent’s line: an agent who is raised for 40 % of their speech is measured on their calm voice', () => {
    const pieces = [...sentences(12, -30, 2), ...sentences(8, -18, 2, 2, 5)];
    expect(ownLevel(pieces, agent)?.db).toBeCloseTo(-30, 0);
  });

  it('gives nothing on less speech than minSec', () => {
    expect(ownLevel([{ levelDb: -30, sec: 2 }], customer)).toBeNull();
  });
});

describe('OwnLevel (streaming, in the engine)', () => {
  it('stays put through ordinary speech that strays ±5 dB, and follows a gain drift', () => {
    const level = new OwnLevel({ db: -30, spreadDb: 3, spreadMeasured: true }, 30, CALM_LEVEL_TIMES);
    const rng = mulberry32(7);
    for (let i = 0; i < 60; i++) level.update(-30 + 10 * (rng() - 0.5), 2, false);
    expect(Math.abs((level.db ?? NaN) + 30)).toBeLessThan(1); // (a running mean of 30 s: wanders a little)
    for (let i = 0; i < 60; i++) level.update(-24 + 10 * (rng() - 0.5), 2, false); // the line 6 dB hotter
    expect(level.db).toBeGreaterThan(-26);
    expect(level.spreadDb).toBe(3); // measured on the whole call: kept
  });

  it('moves by at most 1.5 spreads for a nearly loud sentence, and loud ones only creep it up', () => {
    const level = new OwnLevel({ db: -30, spreadDb: 1, spreadMeasured: true }, 30, CALM_LEVEL_TIMES);
    level.update(-25, 2, false); // 5 dB over, under the bar: counts as 1.5 dB
    expect(level.db).toBeCloseTo(-30 + (2 / 32) * 1.5, 6);
    const before = level.db ?? NaN;
    level.update(-18, 3, true);
    expect((level.db ?? NaN) - before).toBeLessThan(0.1);
  });

  it('learns the level and the spread from the first words when nothing measured them', () => {
    const level = new OwnLevel(null, 0, CALM_LEVEL_TIMES);
    expect(level.db).toBeNull();
    const rng = mulberry32(9);
    for (let i = 0; i < 40; i++) level.update(-28 + 8 * (rng() - 0.5), 2, false);
    expect(level.db).toBeCloseTo(-28, 0);
    expect(level.spreadDb).toBeGreaterThan(1.5);
    expect(level.spreadDb).toBeLessThan(3.5);
  });
});
