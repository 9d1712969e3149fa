/**
 * Vocal effort beyond level: a voice raised in anger rises in pitch as well as in level (real actors' angry
 * speech against their calm speech: +2 to +22 semitones shouted, -4 to +9 raised; calm sentences stray -3
 * to +4; docs/algorithms.md, "Vocal effort"). Pitch does not depend on the recording's gain or line, so a
 * pitch rise adds to how loud a sentence is judged, for sentences already well above the person's own
 * level. Synthetic voices made louder by a gain keep their pitch: for them nothing changes. (A pitch that
 * does not rise is no evidence against venting: some real voices shout at their calm pitch, and
 * synthetic ones always do.)
 */

import { weightedQuantile } from './own-level.js';
import { RULES } from './rules.js';

/** A pitch in the unit every pitch here is in: semitones above 100 Hz. */
export function pitchSemitones(f0Hz: number): number {
  return 12 * Math.log2(f0Hz / 100);
}

/**
 * What a sentence's pitch rise over the person's calm pitch adds to its level above their own, dB (0 when
 * unknown): effortDbPerSemitone for each semitone beyond pitchSlackSt, up to maxPitchRiseSt, for speech at
 * least effortMinBarShare of the way to the loud bar.
 */
export function effortDb(aboveDb: number, barDb: number, pitchRiseSt: number | null): number {
  if (pitchRiseSt === null || !Number.isFinite(pitchRiseSt) || aboveDb < RULES.effortMinBarShare * barDb)
    return 0;
  return (
    RULES.effortDbPerSemitone * Math.min(RULES.maxPitchRiseSt, Math.max(0, pitchRiseSt - RULES.pitchSlackSt))
  );
}

/** A person's ordinary pitch: the running mean of their ordinary (not loud) sentences' pitch, semitones. */
export class PitchReference {
  private valueSt: number | null;
  private weightSec: number;

  /** From a pitch measured on the whole call (worth pitchTimeSec of speech), or from the first sentence. */
  constructor(seedSt: number | null = null) {
    this.valueSt = seedSt;
    this.weightSec = seedSt === null ? 0 : RULES.pitchTimeSec;
  }

  get st(): number | null {
    return this.valueSt;
  }

  /** How far a sentence's pitch lies above the ordinary pitch, semitones; null while either is unknown. */
  riseSt(pitchSt: number): number | null {
    return this.valueSt === null || !Number.isFinite(pitchSt) ? null : pitchSt - this.valueSt;
  }

  /** An ordinary sentence's pitch (NaN: unvoiced or not measured, ignored). */
  update(pitchSt: number, durationSec: number): void {
    if (!Number.isFinite(pitchSt)) return;
    if (this.valueSt === null) {
      this.valueSt = pitchSt;
      this.weightSec = durationSec;
      return;
    }
    const w = durationSec / (Math.min(this.weightSec, RULES.pitchTimeSec) + durationSec);
    this.valueSt += w * (pitchSt - this.valueSt);
    this.weightSec += durationSec;
  }
}

/**
 * A person's ordinary pitch over a whole call (the first pass): the duration-weighted median pitch of their
 * ordinary stretches (under `ownDb + barDb`; a median, so a colleague's few sentences do not move it),
 * semitones above 100 Hz; null where none was voiced.
 */
export function calmPitchSt(
  stretches: readonly { levelDb: number; sec: number; pitchSt: number }[],
  ownDb: number,
  barDb: number,
): number | null {
  const voiced = stretches.filter((p) => p.levelDb < ownDb + barDb && Number.isFinite(p.pitchSt));
  return weightedQuantile(
    voiced.map((p) => ({ levelDb: p.pitchSt, sec: p.sec })),
    0.5,
  );
}
