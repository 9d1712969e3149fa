/**
 * One short tone per cue kind, for agents who turn sound on (off by default): distinct by pitch and shape,
 * so the kind is heard without looking, and short (at most a quarter second) so it does not talk over the
 * customer in the agent's ear. The correction cues fall, the positive one rises.
 */
import type { LiveCueKind } from '../../src/live/protocol.js';

export interface Tone {
  /** Frequencies played one after the other, Hz. */
  notesHz: readonly number[];
  /** Each note's length, ms. */
  noteMs: number;
  /** Peak gain, 0-1: quiet, under the call's audio. */
  gain: number;
}

export const CUE_TONES: Readonly<Record<LiveCueKind, Tone>> = Object.freeze({
  talkingOver: { notesHz: [880, 660], noteMs: 90, gain: 0.12 },
  customerVenting: { notesHz: [523], noteMs: 180, gain: 0.1 },
  louderThanNormal: { notesHz: [660, 440], noteMs: 110, gain: 0.12 },
  waitedForPause: { notesHz: [523, 784], noteMs: 90, gain: 0.08 },
  peakMissed: { notesHz: [392], noteMs: 160, gain: 0.1 },
});

/** A tone's whole length, ms. */
export function toneMs(tone: Tone): number {
  return tone.notesHz.length * tone.noteMs;
}
