/**
 * The contract between the review UI and its analysis worker: messages (structured-clone data only) and
 * where a call's bytes come from. Types only, like the IPC contract.
 */
import type { Settings } from '../engine/settings.js';
import type { Report } from '../report/schema.js';

/** Where one file's bytes come from: a File the user gave the page, or a URL of the app's own origin. */
export type ByteSource =
  { name: string; sizeBytes: number; blob: Blob } | { name: string; sizeBytes: number; url: string };

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
  | {
      type: 'progress';
      /** 'levels': the first pass, measuring each party's own level; 'analysis': the analysis itself. */
      phase: 'levels' | 'analysis';
      secondsDone: number;
      secondsTotal: number | null;
    }
  | {
      type: 'done';
      report: Report;
      /** Something an <audio> element can play: the original file when it can, else a 16-bit stereo WAV. */
      playback: Blob;
      guess: SideGuess;
    }
  | { type: 'error'; message: string };
