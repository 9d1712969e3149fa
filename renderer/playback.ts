/** Audio playback of the call (an <audio> element on a blob URL) with a smooth time signal for the playhead. */
import type { Scope } from './scope.js';

export class Playback {
  readonly audio: HTMLAudioElement;
  private readonly url: string;
  private frame = 0;

  constructor(
    blob: Blob,
    scope: Scope,
    private readonly onTime: (tSec: number) => void,
    private readonly onState: (playing: boolean) => void,
  ) {
    this.url = URL.createObjectURL(blob);
    this.audio = new Audio();
    this.audio.preload = 'auto';
    this.audio.src = this.url;
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
      URL.revokeObjectURL(this.url);
    });
  }

  get currentTime(): number {
    return this.audio.currentTime;
  }

  get playing(): boolean {
    return !this.audio.paused;
  }

  seek(tSec: number): void {
    const duration = Number.isFinite(this.audio.duration) ? this.audio.duration : Infinity;
    this.audio.currentTime = Math.max(0, Math.min(tSec, duration));
    this.onTime(this.audio.currentTime);
  }

  play(): void {
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
