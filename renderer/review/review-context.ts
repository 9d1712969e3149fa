/**
 * What a review is opened with (review-view.ts): the call, its analysis (or a live session's report), its
 * agent side and the app's hooks. The review's bar and view both read it.
 */
import type { Report } from '../../src/report/schema.js';
import type { CallInput, Host } from '../host/host.js';
import type { SideInfo } from '../open-call.js';

/** What the review shows: an analysis's report and audio, or a live session's (maybe without audio). */
export interface ReviewData {
  report: Report;
  /** The call's audio (a Blob, or a URL of the app's own origin), or null: a live call not recorded. */
  playback: Blob | string | null;
}

export interface ReviewContext {
  input: CallInput;
  result: ReviewData;
  /** The agent side of a recording; null for a live call (its sides are its devices). */
  side: SideInfo | null;
  host: Host;
  swap(): void;
  /** "◂ Start" in the call's bar; null in a queue's review (its bar has "☰ Queue"). */
  back: (() => void) | null;
  toast(text: string): void;
  /** The coach's edits changed (the call is counted as corrected wherever it is counted). */
  edited?(): void;
}
