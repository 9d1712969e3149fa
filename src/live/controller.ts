/**
 * What a host of the live window (Electron's main process, the web-mode server) asks of live capture.
 * One implementation, in Node (src/node/live/live-controller.ts): it lists and tests devices, runs one
 * live session at a time and keeps its journal; the hosts only carry these calls and the updates.
 */
import type { Report } from '../report/schema.js';
import type { LiveAction, LiveStartRequest, LiveUpdate } from './protocol.js';

/** A capture device as `softspoken devices` lists it. */
export interface LiveDevice {
  /** What to pass as a device (on PulseAudio, a source name such as `alsa_output....monitor`). */
  name: string;
  description: string;
  system: 'pulseaudio' | 'alsa';
  kind: 'monitor' | 'microphone';
  /** Looks like the agent's headset microphone, or the call audio (a monitor of an output). */
  guess: 'agent' | 'call' | null;
  isDefault: boolean;
}

/** A session found unfinished (the process stopped mid-call): it can be opened in the review. */
export interface RecoverableSession {
  sessionId: string;
  startedAt: string;
  agent: string | null;
  /** Seconds of call in its journal. */
  seconds: number;
}

export interface LiveSessionResult {
  sessionId: string;
  report: Report;
  /** The two-channel WAV of the call when recording was on, else null. */
  recordingPath: string | null;
  /**
   * What could not be written of the session's own files (its journal, its recording, the agent's
   * profile: a full disk, say), one line each, also among the report's warnings; the report itself is
   * whole. Empty when all went well.
   */
  problems: string[];
}

export interface LiveController {
  devices(): Promise<LiveDevice[]>;
  /** Captures `seconds` from a device, calling `onLevel` with its level (dBFS) about 10 times a second. */
  testDevice(name: string, seconds: number, onLevel: (db: number) => void): Promise<{ peakDb: number }>;
  /** Starts a live call (one at a time). Rejects with a message naming the problem. */
  start(request: LiveStartRequest): Promise<{ sessionId: string }>;
  action(a: LiveAction): void;
  /** Ends the call: its report (the same as `analyze` writes), journal closed. */
  stop(): Promise<LiveSessionResult>;
  /** Every update of the session under way; returns the unsubscribe. */
  subscribe(listener: (u: LiveUpdate) => void): () => void;
  readonly running: boolean;
  /** Sessions whose process stopped mid-call, newest first. */
  recoverable(): Promise<RecoverableSession[]>;
  /** The report of an unfinished session, from its journal; it is then no longer offered. */
  recover(sessionId: string): Promise<LiveSessionResult>;
  /** Stops any capture (the host is closing). */
  close(): Promise<void>;
}
