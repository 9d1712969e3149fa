/** Messages between the review UI and its analysis worker (structured-clone data only). */
import type { Settings } from '../../src/engine/settings.js';
import type { Report } from '../../src/report/schema.js';
import type { ByteSource } from '../host/host.js';

export interface AnalyzeRequest {
  type: 'analyze';
  /** One two-channel file, or two mono files. */
  parts: ByteSource[];
  /** Channel (two-channel file) or file (two mono files) that holds the agent. */
  agentSide: 0 | 1;
  /** Overrides of the default settings. */
  settings?: Partial<Settings>;
}

/** The worker's guess of which side is the agent, with how sure it is, in words for the UI. */
export interface SideGuess {
  agentSide: 0 | 1;
  confidence: 'high' | 'medium' | 'low';
  /** One short sentence per piece of evidence, e.g. "the right channel speaks first". */
  reasons: string[];
}

export type WorkerMessage =
  | { type: 'progress'; secondsDone: number; secondsTotal: number | null }
  | {
      type: 'done';
      report: Report;
      /** Something an <audio> element can play: the original file when it can, else a 16-bit stereo WAV. */
      playback: Blob;
      guess: SideGuess;
    }
  | { type: 'error'; message: string };
