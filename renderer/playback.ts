/**
 * Audio playback of the call (an <audio> element on a blob URL, or on a URL of the app's own origin: a live
 * call's recording) with a smooth time signal for the playhead. Without audio (a live call not recorded)
 * it only moves the playhead: `seek` works, `play` does nothing.
 */
import type { Scope } from './scope.js';

export class Playback {
  readonly audio: HTMLAudioElement;
  /** False when there is nothing to play. */
  readonly hasAudio: boolean;
  /** The object URL made for a Blob (revoked with the scope), or ''. */
  private readonly url: string;
  private frame = 0;
  /** The playhead without audio, s. */
  private silentSec = 0;

  constructor(
    source: Blob | string | null,
    scope: Scope,
    private readonly onTime: (tSec: number) => void,
    private readonly onState: (playing: boolean) => void,
  ) {
    this.hasAudio = source !== null;
    this.url = source instanceof Blob ? URL.createObjectURL(source) : '';
    this.audio = new Audio();
    if (source === null) return;
    const ownUrl = this.url;
    this.audio.preload = 'auto';
    this.audio.src = typeof source === 'string' ? source : this.url;
    this.audio.id = 'call-audio';
    const tick = () => {
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
    const onSeeked = () => this.onTime(this.audio.currentTime);
    this.audio.addEventListener('play', onPlay);
    this.audio.addEventListener('pause', onPause);
    this.audio.addEventListener('ended', onPause);
    this.audio.addEventListener('seeked', onSeeked);
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

  seek(tSec: number): void {
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
