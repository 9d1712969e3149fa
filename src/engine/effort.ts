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
 * What a sentence's effort adds to its level above the person's own, dB: the larger of what its pitch rise
 * (semitones over their ordinary pitch: effortDbPerSemitone beyond pitchSlackSt, up to maxPitchRiseSt) and
 * its brightness rise (spectral centroid over their ordinary brightness: effortDbPer100Hz beyond
 * brightnessSlackHz) are worth, at most maxEffortDb; 0 where neither is known or the sentence is not yet
 * effortMinBarShare of the way to the loud bar.
 */
export function effortDb(
  aboveDb: number,
  barDb: number,
  pitchRiseSt: number | null,
  brightnessRiseHz: number | null = null,
): number {
  if (aboveDb < RULES.effortMinBarShare * barDb) return 0;
  const pitch =
    pitchRiseSt === null || !Number.isFinite(pitchRiseSt)
      ? 0
      : RULES.effortDbPerSemitone *
        Math.min(RULES.maxPitchRiseSt, Math.max(0, pitchRiseSt - RULES.pitchSlackSt));
  const brightness =
    brightnessRiseHz === null || !Number.isFinite(brightnessRiseHz)
      ? 0
      : (RULES.effortDbPer100Hz / 100) * Math.max(0, brightnessRiseHz - RULES.brightnessSlackHz);
  return Math.min(RULES.maxEffortDb, Math.max(pitch, brightness));
}

/**
 * A person's ordinary value of a voice feature (pitch, semitones; brightness, Hz): the running mean over
 * their ordinary (not loud) sentences, pitchTimeSec of speech.
 */
export class OrdinaryMean {
  private value: number | null;
  private weightSec: number;

  /** From a value measured on the whole call (worth pitchTimeSec of speech), or from the first sentence. */
  constructor(seed: number | null = null) {
    this.value = seed;
    this.weightSec = seed === null ? 0 : RULES.pitchTimeSec;
  }

  get mean(): number | null {
    return this.value;
  }

  /**
   * How far a sentence's value lies above the ordinary one; null while either is unknown, or while the
   * ordinary one rests on less than effortReferenceSec of speech.
   */
  rise(x: number): number | null {
    if (this.value === null || this.weightSec < RULES.effortReferenceSec || !Number.isFinite(x)) return null;
    return x - this.value;
  }

  /** An ordinary sentence's value (NaN: not measured, ignored). */
  update(x: number, durationSec: number): void {
    if (!Number.isFinite(x)) return;
    if (this.value === null) {
      this.value = x;
      this.weightSec = durationSec;
      return;
    }
    const w = durationSec / (Math.min(this.weightSec, RULES.pitchTimeSec) + durationSec);
    this.value += w * (x - this.value);
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
