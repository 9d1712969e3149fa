/**
 * What the review UI needs from whatever hosts it: the Electron app (through the preload bridge) or a
 * browser tab in web mode (browser APIs only). The views talk to this interface and never to either directly.
 */
import type { ExportKind, RecentCall, RecentFolder } from '../../src/ipc/contract.js';
import type {
  LiveDevice,
  LiveMessage,
  LiveOpened,
  LiveStatus,
  RecoverableSession,
} from '../../src/ipc/live.js';
import type { ByteSource } from '../../src/ipc/worker-protocol.js';
import type { LiveAction, LiveStartRequest } from '../../src/live/protocol.js';

export type { ByteSource };

/** A call ready to analyze. */
export interface CallInput {
  /** Stable key for recents and the remembered agent side. */
  key: string;
  /** Display name. */
  name: string;
  /** One two-channel file, or two mono files. */
  parts: ByteSource[];
  /**
   * Which side is the agent, as the user chose it for this call earlier: the channel of a two-channel file,
   * or the file (0 = first) of two mono files. Null when never chosen.
   */
  rememberedAgentSide: 0 | 1 | null;
}

export interface Host {
  readonly mode: 'electron' | 'web';
  /** The open dialog (one two-channel file, or two mono files); null when cancelled. */
  pickCall(): Promise<CallInput | null>;
  /** Files dropped on the window (one two-channel file, or two mono files). */
  openDropped(files: readonly File[]): Promise<CallInput>;
  /**
   * A folder of calls for the queue (Electron: the folder dialog; web mode: a folder picker): each audio
   * file one two-channel call, in name order; null when cancelled. Not added to the recent calls.
   */
  pickFolder(): Promise<CallInput[] | null>;
  /** Many files at once (more than two dropped): each audio file one two-channel call, as `pickFolder`. */
  openMany(files: readonly File[]): Promise<CallInput[]>;
  recent(): Promise<RecentCall[]>;
  openRecent(key: string): Promise<CallInput>;
  forgetRecent(key: string): Promise<void>;
  /** Folders (or many files dropped together) opened lately as a queue, newest first. */
  recentFolders(): Promise<RecentFolder[]>;
  /** A recent folder's calls, as a queue again (Electron reads the folder again; web mode kept the files). */
  openRecentFolder(key: string): Promise<CallInput[]>;
  forgetRecentFolder(key: string): Promise<void>;
  rememberAgentSide(key: string, side: 0 | 1): Promise<void>;
  /** Saves an export; resolves to where it went (a path, or a download's file name), or null when cancelled. */
  save(suggestedName: string, kind: ExportKind, content: string): Promise<string | null>;
  /** Live calls: capture runs in Electron's main process or in web mode's server, never in the page. */
  readonly live: LiveHost;
}

/**
 * The live window's way to live capture (src/live/controller.ts, carried by IPC or by web mode's routes).
 * Every method rejects with a one-line message for the user; `status` says first whether live calls can be
 * made here at all, and why not.
 */
export interface LiveHost {
  status(): Promise<LiveStatus>;
  devices(): Promise<LiveDevice[]>;
  /** Captures `seconds` from a device; its level arrives meanwhile as `meter` messages. */
  testDevice(device: string, seconds: number): Promise<{ peakDb: number }>;
  start(request: LiveStartRequest): Promise<{ sessionId: string }>;
  action(action: LiveAction): Promise<void>;
  stop(): Promise<LiveOpened>;
  recoverable(): Promise<RecoverableSession[]>;
  recover(sessionId: string): Promise<LiveOpened>;
  /** Every live message from now on (updates of the call, device meters); returns the unsubscribe. */
  subscribe(listener: (message: LiveMessage) => void): () => void;
}
