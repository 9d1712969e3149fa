/**
 * A queue of calls analysed in the background: a few workers at once (one per core, 1 to 4), each call's
 * progress, the cache first (report-cache.ts), the agent side decided as for one call (open-call.ts), and
 * the call the coach opens run at once. Each row counts the call as corrected by the coach (`counted`).
 * One owner: `close()` cancels every analysis and ends the workers.
 */
import type { ByteSource, CallInput } from '../host/host.js';
import type { SideGuess, WorkerMessage } from '../../src/ipc/worker-protocol.js';
import type { Report } from '../../src/report/schema.js';
import { firstLine } from '../../src/source/errors.js';
import { PLAYABLE_MIME, reportNames, sniffAudio } from '../../src/source/formats.js';
import type { SummaryRow } from '../../src/report/csv.js';
import { analyzeForSide, namedAgentFile, sideUnsure } from '../open-call.js';
import { summarizeReport, type QueueRow, type QueueStatus } from './queue-model.js';
import { cacheKey, contentDigest } from '../../src/report/report-key.js';
import type { ReportCache } from './report-cache.js';

/** The share of a call's progress for the first pass (each side's level), as the progress screen shows it. */
const LEVELS_SHARE = 0.15;
/** At most this many workers, whatever the cores: each holds the model and a call's buffers. */
export const MAX_WORKERS = 4;

/** A progress message of an analysis (analysis-client.ts's Progress; here without the DOM's Worker types). */
export type Progress = Omit<Extract<WorkerMessage, { type: 'progress' }>, 'type'>;
type AnalysisResult = Extract<WorkerMessage, { type: 'done' }>;

/** A running analysis (analysis-client.ts's RunningAnalysis): its result, or cancel it. */
export interface RunningAnalysis {
  result: Promise<AnalysisResult>;
  cancel(): void;
}

/** One worker's way to analyse (an AnalysisService). */
export interface Analyzer {
  analyze(parts: ByteSource[], agentSide: 0 | 1, onProgress: (p: Progress) => void): RunningAnalysis;
  close(): void;
}

export interface QueueResult {
  report: Report;
  guess: SideGuess;
  side: 0 | 1;
  /** The names of two mono files decided the side (open-call.ts's SideInfo.byName): not a guess. */
  byName: boolean;
  /** What plays: the worker's playback, the file itself (cached), or null: analyse again to play. */
  playback: Blob | string | null;
}

export interface QueueEntry {
  id: string;
  input: CallInput;
  status: QueueStatus;
  /** The last progress message of its analysis (for a progress screen); null before any. */
  progress: Progress | null;
  result: QueueResult | null;
}

export interface CallQueueDeps {
  newAnalyzer(): Analyzer;
  cache: ReportCache;
  /** The resolved settings the worker analyses with (part of the cache key). */
  settings: object;
  version: string;
  /** Workers to run at once (clamped to 1-4). */
  workers: number;
  /** A part's bytes (a File, or the app's URL fetched). */
  blobOf?: (part: ByteSource) => Promise<Blob>;
  /** An analysis that sends no progress for this long (ms) is stopped and fails (default STALL_MS). */
  stallMs?: number;
  /** The report a call is counted by (its coach's corrections applied); by default the analysis's own. */
  counted?: (input: CallInput, report: Report) => Report;
}

/**
 * A worker reports progress about five times a second: one silent this long has stopped (seen twice under
 * load, with no error from the worker). Its call fails with a reason, so the coach is never left waiting.
 */
export const STALL_MS = 120_000;

/** The number of workers for `cores` (navigator.hardwareConcurrency): one per core, at least 1, at most 4. */
export function workerCount(cores: number | undefined): number {
  return Math.max(1, Math.min(MAX_WORKERS, Math.floor(cores ?? 1) || 1));
}

/** The percent a progress message stands for, on one bar for both passes; null before the length is known. */
export function progressPercent(p: Progress): number | null {
  if (p.secondsTotal === null || p.secondsTotal <= 0) return null;
  const done = Math.min(1, p.secondsDone / p.secondsTotal);
  const share = p.phase === 'levels' ? LEVELS_SHARE * done : LEVELS_SHARE + (1 - LEVELS_SHARE) * done;
  return Math.min(100, Math.round(share * 100));
}

async function defaultBlobOf(part: ByteSource): Promise<Blob> {
  if ('blob' in part) return part.blob;
  const response = await fetch(part.url);
  if (!response.ok) throw new Error(`${part.name} could not be read (${response.status})`);
  return response.blob();
}

/** The file as the browser can play it (typed by its bytes), or null when it cannot (AMR, not audio). */
export async function playableFile(blob: Blob): Promise<Blob | null> {
  let want = 64;
  for (;;) {
    const head = new Uint8Array(await blob.slice(0, want).arrayBuffer());
    const sniffed = sniffAudio(head, head.length >= blob.size);
    if ('needBytes' in sniffed && sniffed.needBytes > want && head.length < blob.size) {
      want = sniffed.needBytes;
      continue;
    }
    if (!('kind' in sniffed)) return null;
    const mime = PLAYABLE_MIME[sniffed.kind];
    return mime === null ? null : blob.slice(0, blob.size, mime);
  }
}

export class CallQueue {
  readonly entries: QueueEntry[];
  /** Analyses run by this queue (a cached call runs none). */
  analysesRun = 0;
  private readonly pending: string[];
  private readonly idle: Analyzer[] = [];
  private readonly all: Analyzer[] = [];
  private readonly running = new Map<string, RunningAnalysis>();
  private readonly listeners = new Set<() => void>();
  private readonly settledWaiters = new Map<string, (() => void)[]>();
  private readonly blobOf: (part: ByteSource) => Promise<Blob>;
  private readonly max: number;
  private readonly stallMs: number;
  private active = 0;
  private closed = false;

  constructor(
    inputs: readonly CallInput[],
    private readonly deps: CallQueueDeps,
  ) {
    this.entries = inputs.map((input, i) => ({
      id: `q${i}`,
      input,
      status: { state: 'queued' },
      progress: null,
      result: null,
    }));
    this.pending = this.entries.map((e) => e.id);
    this.blobOf = deps.blobOf ?? defaultBlobOf;
    this.stallMs = deps.stallMs ?? STALL_MS;
    this.max = workerCount(deps.workers);
  }

  /** Starts the workers. */
  start(): void {
    this.pump();
  }

  rows(): QueueRow[] {
    return this.entries.map((e) => ({
      id: e.id,
      name: e.input.name,
      status: e.status,
      summary: e.result ? summarizeReport(this.counted(e) ?? e.result.report) : null,
      sideUnsure:
        e.result !== null &&
        sideUnsure({
          chosen: e.input.rememberedAgentSide !== null,
          byName: e.result.byName,
          guess: e.result.guess,
        }),
    }));
  }

  /**
   * The queue's calls as summary.csv rows (the command line's columns), each as corrected by the coach,
   * under the report name the command line gives the same files (reportNames); calls not scored yet left out.
   */
  summaryRows(): SummaryRow[] {
    const names = reportNames(this.entries.map((e) => e.input.name.split('/').pop() ?? e.input.name));
    return this.entries.flatMap((entry, i): SummaryRow[] => {
      const file = entry.input.name;
      const reportName = names[i] as string;
      if (entry.status.state === 'failed')
        return [{ file, reportName, report: null, error: entry.status.reason }];
      const report = this.counted(entry);
      return report === null ? [] : [{ file, reportName, report }];
    });
  }

  /** The report the call of `entry` is counted by (with the coach's corrections); null before it is analysed. */
  counted(entry: QueueEntry): Report | null {
    if (entry.result === null) return null;
    return this.deps.counted ? this.deps.counted(entry.input, entry.result.report) : entry.result.report;
  }

  /** Something a row shows changed outside the queue (a coach's edits of a call): the listeners hear it. */
  refresh(): void {
    this.changed();
  }

  entry(id: string): QueueEntry | null {
    return this.entries.find((e) => e.id === id) ?? null;
  }

  /** Calls `listener` on every change of a status; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Analyses `id` now if it is still waiting (beyond the worker limit: the coach is waiting for it). */
  runNow(id: string): void {
    const at = this.pending.indexOf(id);
    if (at < 0 || this.closed) return;
    this.pending.splice(at, 1);
    void this.run(id);
  }

  /** Resolves when `id` is done or failed. */
  settled(id: string): Promise<QueueEntry> {
    const entry = this.entry(id);
    if (entry === null) return Promise.reject(new Error(`no call ${id} in the queue`));
    if (entry.status.state === 'done' || entry.status.state === 'failed') return Promise.resolve(entry);
    return new Promise((resolve) => {
      const waiting = this.settledWaiters.get(id) ?? [];
      waiting.push(() => resolve(entry));
      this.settledWaiters.set(id, waiting);
    });
  }

  /** A result replaced from outside (the call analysed again to play it, or with the sides swapped). */
  setResult(id: string, result: QueueResult): void {
    const entry = this.entry(id);
    if (entry === null) return;
    entry.result = result;
    this.changed();
  }

  close(): void {
    this.closed = true;
    for (const run of this.running.values()) run.cancel();
    for (const analyzer of this.all) analyzer.close();
    this.listeners.clear();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private setStatus(entry: QueueEntry, status: QueueStatus): void {
    entry.status = status;
    this.changed();
    if (status.state === 'done' || status.state === 'failed') {
      for (const wake of this.settledWaiters.get(entry.id) ?? []) wake();
      this.settledWaiters.delete(entry.id);
    }
  }

  private pump(): void {
    while (!this.closed && this.active < this.max && this.pending.length > 0) {
      const id = this.pending.shift();
      if (id !== undefined) void this.run(id);
    }
  }

  private analyzer(): Analyzer {
    const free = this.idle.pop();
    if (free) return free;
    const made = this.deps.newAnalyzer();
    this.all.push(made);
    return made;
  }

  private async run(id: string): Promise<void> {
    const entry = this.entry(id);
    if (entry === null) return;
    this.active += 1;
    const analyzer = this.analyzer();
    this.setStatus(entry, { state: 'analyzing', percent: null, again: false });
    try {
      const key = await this.keyOf(entry);
      const cached = key === null ? null : await this.deps.cache.get(key).catch(() => null);
      const remembered = entry.input.rememberedAgentSide;
      if (
        cached !== null &&
        cached.report.analyzer.version === this.deps.version &&
        (remembered === null || remembered === cached.side)
      ) {
        // as analyzeForSide decides it (only one-file calls are cached today: no names to go by)
        const byName = remembered === null && namedAgentFile(entry.input) !== null;
        entry.result = { ...cached, byName, playback: null };
        this.setStatus(entry, { state: 'done', cached: true });
        return;
      }
      const result = await this.analyze(entry, analyzer);
      if (this.closed) return;
      entry.result = result;
      if (key !== null) {
        const { report, guess, side } = result;
        await this.deps.cache.put(key, { report, guess, side }).catch((error: unknown) => {
          console.warn(`SoftSpoken: ${entry.input.name} could not be cached (${firstLine(error)})`);
        });
      }
      this.setStatus(entry, { state: 'done', cached: false });
    } catch (error) {
      if (!this.closed) this.setStatus(entry, { state: 'failed', reason: reasonOf(entry, error) });
    } finally {
      this.active -= 1;
      this.idle.push(analyzer);
      this.pump();
      // all analysed: the workers (each holding the model) are let go
      if (this.active === 0 && this.pending.length === 0) {
        for (const done of this.idle.splice(0)) done.close();
      }
    }
  }

  /** The cache key of a one-file call; null when it cannot be read (the analysis then says why). */
  private async keyOf(entry: QueueEntry): Promise<string | null> {
    const [part] = entry.input.parts;
    if (part === undefined || entry.input.parts.length !== 1) return null;
    try {
      const digest = await contentDigest(await this.blobOf(part));
      return await cacheKey(digest, this.deps.settings, this.deps.version);
    } catch {
      return null;
    }
  }

  private async analyze(entry: QueueEntry, analyzer: Analyzer): Promise<QueueResult> {
    const watchdogs = new Map<string, () => void>();
    const once = async (side: 0 | 1, again: boolean) => {
      this.analysesRun += 1;
      const running = analyzer.analyze(entry.input.parts, side, (p) => {
        watchdogs.get(entry.id)?.();
        entry.progress = p;
        this.setStatus(entry, { state: 'analyzing', percent: progressPercent(p), again });
      });
      this.running.set(entry.id, running);
      let quiet: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<never>((_, reject) => {
        const arm = (): void => {
          clearTimeout(quiet);
          quiet = setTimeout(() => {
            const seconds = Math.round(this.stallMs / 1000);
            reject(
              new Error(`the analysis stopped: no progress for ${seconds} s (open the call to try again)`),
            );
            running.cancel(); // after: the race has taken the reason above
          }, this.stallMs);
        };
        arm();
        watchdogs.set(entry.id, arm);
      });
      try {
        return await Promise.race([running.result, stalled]);
      } finally {
        clearTimeout(quiet);
        watchdogs.delete(entry.id);
        this.running.delete(entry.id);
      }
    };
    const analysed = await analyzeForSide(entry.input, once);
    if (analysed === null) throw new Error('the analysis was cancelled'); // `once` never gives null
    const { result, side } = analysed;
    return {
      report: result.report,
      guess: result.guess,
      side: side.side,
      byName: side.byName,
      playback: result.playback,
    };
  }
}

/** Why a call failed, in one line (a table cell), without the file name its row already shows. */
function reasonOf(entry: QueueEntry, error: unknown): string {
  const line = firstLine(error);
  const name = entry.input.parts[0]?.name;
  const own = name === undefined ? '' : `${name}: `;
  return own !== '' && line.startsWith(own) && line.length > own.length ? line.slice(own.length) : line;
}
