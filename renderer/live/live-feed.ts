/**
 * One subscription to the host's live messages for as long as the live screens are up (setup, then the live
 * window), applied to one LiveModel. It outlives each view, so nothing said between a view closing and the
 * next opening is lost (the call's first updates come right after Start); the view showing attaches to
 * hear each change.
 */
import type { LiveMessage } from '../../src/ipc/live.js';
import type { LiveHost } from '../host/host.js';
import { LiveModel, type LiveChange } from './live-model.js';

export type FeedListener = (change: LiveChange, message: LiveMessage) => void;

export class LiveFeed {
  readonly model = new LiveModel();
  private listener: FeedListener | null = null;
  private readonly unsubscribe: () => void;

  constructor(live: LiveHost) {
    this.unsubscribe = live.subscribe((message) => {
      const change = this.model.apply(message);
      this.listener?.(change, message);
    });
  }

  /** The view showing hears every change from now on (one view at a time); returns the detach. */
  attach(listener: FeedListener): () => void {
    this.listener = listener;
    return () => {
      if (this.listener === listener) this.listener = null;
    };
  }

  close(): void {
    this.listener = null;
    this.unsubscribe();
  }
}
