/**
 * The one typed contract between the Electron main process, the preload bridge and the renderer:
 * channel names and the request/response type of each. Types only: no Electron, no Node, no DOM.
 * A channel missing from a handler map or the bridge fails to compile (see `IpcHandlers`).
 * Live mode's channels (`live:*`) carry the LiveController's calls (src/live/controller.ts); its updates come
 * the other way on one push channel (src/ipc/live.ts `LIVE_PUSH_CHANNEL`), which the bridge's `onLive` hears.
 */
import type { LiveAction, LiveStartRequest } from '../live/protocol.js';
import type { LiveDevice, LiveMessage, LiveOpened, LiveStatus, RecoverableSession } from './live.js';

/** One file of a call, readable by the renderer at `url` (the app's own protocol; never a file path). */
export interface CallPart {
  /** File name for display (no directory). */
  name: string;
  /** Full path, for display in the recent list and the report's `source.files`. */
  path: string;
  sizeBytes: number;
  /** `app://softspoken/call/<token>`: served by main only while the call is open. */
  url: string;
}

/** A call the user opened: one two-channel file, or two mono files (agent first). */
export interface OpenedCall {
  /** Stable key of the call (its path or paths) for recents and per-file preferences. */
  key: string;
  /** Display name. */
  name: string;
  parts: CallPart[];
  /** The agent side the user chose earlier: channel of a two-channel file, or file (0 = first) of two. */
  rememberedAgentSide: 0 | 1 | null;
}

export interface RecentCall {
  key: string;
  name: string;
  paths: string[];
  /** ISO 8601. */
  openedAt: string;
  agentSide: 0 | 1 | null;
}

/** A folder (or a set of many files) opened lately as a queue of calls. */
export interface RecentFolder {
  key: string;
  /** The folder's name, or "12 files" for files dropped together. */
  name: string;
  /** Where it is (the folder's path, or the files' folder), for display; '' when unknown (web mode). */
  path: string;
  /** Calls it held when it was opened. */
  calls: number;
  /** ISO 8601. */
  openedAt: string;
}

export type ExportKind = 'json' | 'csv' | 'html' | 'labels' | 'rttm' | 'truth' | 'summary';

/** The exports of one call, in the order the review offers them. */
export const REVIEW_EXPORT_KINDS = ['json', 'csv', 'html', 'labels', 'rttm', 'truth'] as const;

/** Every export kind: the review's, and a queue's `summary.csv` (one row per call, as the CLI's). */
export const EXPORT_KINDS: readonly ExportKind[] = [...REVIEW_EXPORT_KINDS, 'summary'];

/**
 * The file name extension each export is saved with (an Audacity label track is plain text; a labelled
 * truth file, ../shared/eval/TRUTH.md, is JSON named `NAME.truth.json`).
 */
export const EXPORT_EXTENSIONS: Record<ExportKind, string> = {
  json: 'json',
  csv: 'csv',
  html: 'html',
  labels: 'txt',
  rttm: 'rttm',
  truth: 'truth.json',
  summary: 'csv',
};

export interface IpcContract {
  /** Shows the open dialog (one stereo recording, or two mono recordings); null when cancelled. */
  'call:openDialog': { request: null; response: OpenedCall | null };
  /** Opens dropped files, by the paths the preload read off the File objects. */
  'call:openPaths': { request: { paths: string[] }; response: OpenedCall };
  /**
   * The queue: a folder dialog; each audio file in the folder one two-channel call (name order), served
   * together; null when cancelled. Not added to the recent list.
   */
  'call:openFolder': { request: null; response: OpenedCall[] | null };
  /** The queue from dropped files (more than two): each audio file one call, as `call:openFolder`. */
  'call:openMany': { request: { paths: string[] }; response: OpenedCall[] };
  'recent:list': { request: null; response: RecentCall[] };
  'recent:open': { request: { key: string }; response: OpenedCall };
  'recent:forget': { request: { key: string }; response: null };
  /** Folders opened lately as a queue (call:openFolder, call:openMany), newest first. */
  'recent:folders': { request: null; response: RecentFolder[] };
  /** A recent folder opened again as a queue: the folder read again (or the files checked again). */
  'recent:openFolder': { request: { key: string }; response: OpenedCall[] };
  'recent:forgetFolder': { request: { key: string }; response: null };
  'prefs:setAgentSide': { request: { key: string; agentSide: 0 | 1 }; response: null };
  /** Shows a save dialog and writes `content`; the path written, or null when cancelled. */
  'export:save': {
    request: { suggestedName: string; kind: ExportKind; content: string };
    response: { path: string } | null;
  };
  /** Whether live calls can be made here (the capture code loads), and whether one is running. */
  'live:status': { request: null; response: LiveStatus };
  'live:devices': { request: null; response: LiveDevice[] };
  /** Captures `seconds` from a device; its level comes as `meter` messages on the push channel meanwhile. */
  'live:testDevice': { request: { device: string; seconds: number }; response: { peakDb: number } };
  /** Starts a live call; the window turns compact and stays on top, without taking focus. */
  'live:start': { request: LiveStartRequest; response: { sessionId: string } };
  'live:action': { request: LiveAction; response: null };
  /** Ends the call: its report and recording; the window gets its size and place back. */
  'live:stop': { request: null; response: LiveOpened };
  'live:recoverable': { request: null; response: RecoverableSession[] };
  'live:recover': { request: { sessionId: string }; response: LiveOpened };
}

export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['request'];
export type IpcResponse<C extends IpcChannel> = IpcContract[C]['response'];

/** What main registers: one handler per channel, or it does not compile. */
export type IpcHandlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcResponse<C>> };

/** Live mode's channels (electron/live-handlers.ts) and the rest (electron/ipc-handlers.ts). */
export type LiveChannel = Extract<IpcChannel, `live:${string}`>;
export type LiveHandlers = Pick<IpcHandlers, LiveChannel>;
export type CallHandlers = Omit<IpcHandlers, LiveChannel>;

/** Every channel name, for the preload's allow-list and main's registration loop. */
export const IPC_CHANNELS: readonly IpcChannel[] = [
  'call:openDialog',
  'call:openPaths',
  'call:openFolder',
  'call:openMany',
  'recent:list',
  'recent:open',
  'recent:forget',
  'recent:folders',
  'recent:openFolder',
  'recent:forgetFolder',
  'prefs:setAgentSide',
  'export:save',
  'live:status',
  'live:devices',
  'live:testDevice',
  'live:start',
  'live:action',
  'live:stop',
  'live:recoverable',
  'live:recover',
];

/** Errors cross IPC as this shape: `message` is one line for the user. */
export interface IpcError {
  message: string;
}

/**
 * The bridge the preload exposes as `window.softspoken`: `invoke` for every channel, plus what only the
 * preload can do: read a dropped File's path (via webUtils) and listen to main's live messages.
 */
export interface SoftspokenBridge {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>>;
  pathForFile(file: unknown): string;
  /** Every live message main pushes from now on (the message only, never Electron's event); returns the unsubscribe. */
  onLive(listener: (message: LiveMessage) => void): () => void;
}
