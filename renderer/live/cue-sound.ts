/**
 * Plays a cue kind's tone (cue-tones.ts) with WebAudio: a sine per note with a short fade in and out (no
 * click). The AudioContext is made when the agent turns sound on (`prime`, in that click, so the browser
 * lets the page play audio) and closed with the view.
 */
import type { LiveCueKind } from '../../src/live/protocol.js';
import type { Scope } from '../scope.js';
import { CUE_TONES } from './cue-tones.js';

/** Fade in and out of each note, s. */
const RAMP_SEC = 0.01;

export class CueSound {
  private context: AudioContext | null = null;

  constructor(scope: Scope) {
    scope.add(() => void this.context?.close());
  }

  /** Makes the audio context now (call it in the click that turns sound on). */
  prime(): void {
    this.context ??= new AudioContext();
    if (this.context.state === 'suspended') void this.context.resume();
  }

  play(kind: LiveCueKind): void {
    const tone = CUE_TONES[kind];
    this.context ??= new AudioContext();
    const ctx = this.context;
    if (ctx.state === 'suspended') void ctx.resume();
    let at = ctx.currentTime + 0.01;
    const noteSec = tone.noteMs / 1000;
    for (const hz of tone.notesHz) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(tone.gain, at + RAMP_SEC);
      gain.gain.setValueAtTime(tone.gain, at + noteSec - RAMP_SEC);
      gain.gain.linearRampToValueAtTime(0, at + noteSec);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + noteSec);
      at += noteSec;
    }
  }
}
