/**
 * Audio playback of the call (an <audio> element on a blob URL, or on a URL of the app's own origin: a live
 * call's recording) with a smooth time signal for the playhead, a speed (pitch kept) and a loop over a span
 * (listen.ts decides the span). Without audio (a live call not recorded) it only moves the playhead: `seek`
 * works, `play` does nothing.
 */
import { loopBack, seekKeepsLoop, type LoopSpan } from './listen.js';
import type { Scope } from './scope.js';

/** Speeds the element is asked for, at most (Chrome plays 1/16x to 16x; the review offers 1x to 2x). */
const MIN_RATE = 0.25;
const MAX_RATE = 4;

export class Playback {
  readonly audio: HTMLAudioElement;
  /** False when there is nothing to play. */
  readonly hasAudio: boolean;
  /** The object URL made for a Blob (revoked with the scope), or ''. */
  private readonly url: string;
  private frame = 0;
  /** The playhead without audio, s. */
  private silentSec = 0;
  private span: LoopSpan | null = null;

  /** `onLoop` hears every change of the loop: set, or ended (null) by `setLoop(null)` or a seek outside it. */
  constructor(
    source: Blob | string | null,
    scope: Scope,
    private readonly onTime: (tSec: number) => void,
    private readonly onState: (playing: boolean) => void,
    private readonly onLoop: (loop: LoopSpan | null) => void = () => undefined,
  ) {
    this.hasAudio = source !== null;
    this.url = source instanceof Blob ? URL.createObjectURL(source) : '';
    this.audio = new Audio();
    if (source === null) return;
    const ownUrl = this.url;
    this.audio.preload = 'auto';
    this.audio.src = typeof source === 'string' ? source : this.url;
    this.audio.id = 'call-audio';
    this.audio.preservesPitch = true;
    const tick = () => {
      this.keepLooping();
      this.onTime(this.audio.currentTime);
      if (!this.audio.paused) this.frame = requestAnimationFrame(tick);
    };
    const onPlay = () => {
      this.onState(true);
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(tick);
    };
    const onPause = () => {
      this.onState(false);
      this.onTime(this.audio.currentTime);
    };
    const onEnded = () => {
      // a loop that runs to the end of the call starts again instead of stopping
      if (this.keepLooping(true)) this.play();
      else onPause();
    };
    const onSeeked = () => this.onTime(this.audio.currentTime);
    // animation frames stop in a hidden tab; the element's own time updates (about 4 a second) keep the loop
    const onTimeUpdate = () => void this.keepLooping();
    this.audio.addEventListener('play', onPlay);
    this.audio.addEventListener('pause', onPause);
    this.audio.addEventListener('ended', onEnded);
    this.audio.addEventListener('seeked', onSeeked);
    this.audio.addEventListener('timeupdate', onTimeUpdate);
    scope.add(() => {
      cancelAnimationFrame(this.frame);
      this.audio.pause();
      this.audio.removeAttribute('src');
      this.audio.load();
      if (ownUrl !== '') URL.revokeObjectURL(ownUrl);
    });
  }

  get currentTime(): number {
    return this.hasAudio ? this.audio.currentTime : this.silentSec;
  }

  get playing(): boolean {
    return this.hasAudio && !this.audio.paused;
  }

  /** Playback speed (1 = as recorded), pitch kept; `MIN_RATE` to `MAX_RATE`, else a RangeError. */
  get rate(): number {
    return this.audio.playbackRate;
  }

  set rate(rate: number) {
    if (!Number.isFinite(rate) || rate < MIN_RATE || rate > MAX_RATE)
      throw new RangeError(`rate must be ${MIN_RATE} to ${MAX_RATE}, got ${rate}`);
    this.audio.defaultPlaybackRate = rate; // kept when the element reloads its source
    this.audio.playbackRate = rate;
  }

  /** The span being looped, or null. */
  get loop(): LoopSpan | null {
    return this.span;
  }

  /**
   * Plays `span` over and over: once the playhead reaches its end, it goes back to its start. Null stops
   * looping; so does a `seek` outside the span. Does not move the playhead (seek to the start to hear it).
   */
  setLoop(span: LoopSpan | null): void {
    if (span !== null && !(span.endSec > span.startSec))
      throw new RangeError(`loop must end after it starts, got ${span.startSec} to ${span.endSec}`);
    if (span === this.span) return;
    this.span = span === null ? null : { startSec: span.startSec, endSec: span.endSec };
    this.onLoop(this.span);
  }

  /** Sends the playhead back to the loop's start when it reached the end; true when it did. */
  private keepLooping(ended = false): boolean {
    const back = loopBack(this.span, this.audio.currentTime, ended);
    if (back === null) return false;
    this.audio.currentTime = back;
    return true;
  }

  seek(tSec: number): void {
    if (this.span !== null && !seekKeepsLoop(this.span, tSec)) this.setLoop(null);
    if (!this.hasAudio) {
      this.silentSec = Math.max(0, tSec);
      this.onTime(this.silentSec);
      return;
    }
    const duration = Number.isFinite(this.audio.duration) ? this.audio.duration : Infinity;
    this.audio.currentTime = Math.max(0, Math.min(tSec, duration));
    this.onTime(this.audio.currentTime);
  }

  play(): void {
    if (!this.hasAudio) return;
    this.audio.play().catch(() => this.onState(false));
  }

  pause(): void {
    this.audio.pause();
  }

  toggle(): void {
    if (this.audio.paused) this.play();
    else this.pause();
  }
}
