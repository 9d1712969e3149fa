import type { ActiveUtterance, Utterance } from './speech-tracker.js';

/**
 * Questions the turn-taking rules ask of one party's recent utterances: `finished` in time order,
 * plus the one under way (confirmed), if any. Pure functions over the lists; samples throughout.
 */

/** The utterance in which `sample` falls (`toleranceSamples` past its start), if any. */
export function utteranceAt(
  finished: readonly Utterance[],
  active: ActiveUtterance | null,
  sample: number,
  toleranceSamples: number,
): { start: number; end: number; finished: boolean } | null {
  const t = sample + toleranceSamples;
  for (let i = finished.length - 1; i >= 0; i--) {
    const u = finished[i] as Utterance;
    if (u.startSample <= t && u.endSample > t)
      return { start: u.startSample, end: u.endSample, finished: true };
    if (u.endSample <= t) break;
  }
  if (active && active.startSample <= t && active.lastSpeechSample > t) {
    return { start: active.startSample, end: active.lastSpeechSample, finished: false };
  }
  return null;
}

/** The finished utterance that started at `start`, if any. */
export function utteranceStartingAt(finished: readonly Utterance[], start: number): Utterance | undefined {
  for (let i = finished.length - 1; i >= 0; i--) {
    const u = finished[i] as Utterance;
    if (u.startSample === start) return u;
    if (u.startSample < start) break;
  }
  return undefined;
}

/** The last finished utterance that ended by `sample` (plus tolerance). */
export function lastEndingBy(
  finished: readonly Utterance[],
  sample: number,
  toleranceSamples: number,
): Utterance | undefined {
  for (let i = finished.length - 1; i >= 0; i--) {
    const u = finished[i] as Utterance;
    if (u.endSample <= sample + toleranceSamples) return u;
  }
  return undefined;
}

/** Start of an utterance (finished or under way) beginning in (from, to], or null. */
export function startingIn(
  finished: readonly Utterance[],
  active: ActiveUtterance | null,
  from: number,
  to: number,
): number | null {
  for (let i = finished.length - 1; i >= 0; i--) {
    const u = finished[i] as Utterance;
    if (u.startSample > from && u.startSample <= to) return u.startSample;
    if (u.endSample <= from) break;
  }
  return active !== null && active.startSample > from && active.startSample <= to ? active.startSample : null;
}
