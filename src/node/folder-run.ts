/**
 * `softspoken analyze FOLDER`: every call of a folder analysed on every core, re-runnable.
 *
 * - **Jobs**: `jobs` worker processes (folder-worker.ts), each loading the voice model once and taking the
 *   next call as it finishes one, while the calls after it are still being checked; one job runs in this
 *   process. A worker that dies fails its call (the others go on) and the next call gets a new one; no
 *   worker is started when every report is current.
 * - **Current reports are skipped**: a call whose reports were written from the same content, settings,
 *   agent channel, first pass and version (the key of src/report/report-key.ts, as the app's cache) and are
 *   all still there is not analysed again; its row of summary.csv is read back from its JSON report. The
 *   keys are recorded as calls finish (at most every 2 s, and at the end or on Ctrl+C) in the data folder
 *   (`folder-runs/`), never among the reports, so a folder can be run again after new calls arrive or
 *   after a crash, and only what is missing is analysed.
 * - **Progress** on stderr, one line redrawn in place, only when stderr is a terminal.
 * - Each call's summary is printed in the folder's order whatever order the jobs finish in, so a run's
 *   output is the same for any number of jobs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openAsBlob, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Settings } from '../engine/settings.js';
import type { SummaryRow } from '../report/csv.js';
import { formatTime } from '../report/format.js';
import { cacheKey, contentDigest } from '../report/report-key.js';
import type { Report } from '../report/schema.js';
import { writeFileAtomic, writeReason } from './atomic-file.js';
import { runHere, runSlot, WorkQueue, workerModule, type PoolEvents } from './folder-pool.js';
import { outcomeOf, type CallOutcome, type FolderTask, type TaskResult } from './folder-task.js';
import { dataDir } from './live/session-files.js';
import type { ReportOutputs } from './report-files.js';

/** One call of the folder, with where its reports go. */
export interface FolderCall {
  /** The file's name in the folder. */
  file: string;
  path: string;
  /** NAME of NAME.json, … (report-files.ts `reportNames`). */
  reportName: string;
  outputs: ReportOutputs;
}

/** The agent's profile across the calls (--agent-profile): read before each call, updated after it. */
export interface ProfileHooks {
  levelDb(): number | null;
  update(outcome: CallOutcome): void;
}

export interface FolderRunOptions {
  calls: readonly FolderCall[];
  outDir: string;
  /** Calls analysed at once (1: in this process). */
  jobs: number;
  settings: Settings;
  agentChannel: 0 | 1;
  firstPass: boolean;
  version: string;
  /** With a profile the calls run one at a time, in order (each reads the profile the one before left). */
  profile?: ProfileHooks;
  /** Print each call's summary (not with --quiet). */
  summaries: boolean;
  /** Where the progress line goes: stderr when it is a terminal, else null (no progress). */
  progress: NodeJS.WriteStream | null;
  /** The data folder the run record is kept in (default: the app's, `dataDir()`). */
  dataDir?: string;
  out?: (text: string) => void;
  err?: (line: string) => void;
}

export interface FolderRunResult {
  /** summary.csv's rows, in the folder's order. */
  rows: SummaryRow[];
  analysed: number;
  /** Calls whose reports were current. */
  skipped: number;
  failed: number;
  /** A call failed for a reason that is not its input's (a bug): the run exits 70. */
  internal: boolean;
}

/** How often the run record is written while calls finish, ms (a crash loses at most this much). */
const RECORD_INTERVAL_MS = 2000;
/** How often the progress line is redrawn, ms. */
const PROGRESS_INTERVAL_MS = 200;
const RECORD_SCHEMA = 'softspoken.folder-run/1';

/** The record of a folder's run: each report name's key, for the calls whose reports were written. */
interface RunRecord {
  schema: typeof RECORD_SCHEMA;
  outDir: string;
  /** By report name (a Map: names come from files, and `__proto__` must stay an ordinary name). */
  calls: Map<string, { file: string; key: string }>;
}

/** Where the run record of `outDir` lives: one file per output folder, named by its absolute path. */
export function runRecordPath(outDir: string, dir = dataDir()): string {
  const id = createHash('sha256').update(resolve(outDir)).digest('hex').slice(0, 32);
  return join(dir, 'folder-runs', `${id}.json`);
}

function readRecord(path: string, outDir: string): RunRecord {
  const record: RunRecord = { schema: RECORD_SCHEMA, outDir: resolve(outDir), calls: new Map() };
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { schema?: unknown; calls?: unknown };
    if (data.schema !== RECORD_SCHEMA || !Array.isArray(data.calls)) return record;
    for (const c of data.calls as { name?: unknown; file?: unknown; key?: unknown }[]) {
      if (typeof c.name === 'string' && typeof c.file === 'string' && typeof c.key === 'string')
        record.calls.set(c.name, { file: c.file, key: c.key });
    }
  } catch {
    // no record yet (or unreadable): every call is analysed
  }
  return record;
}

function recordText(record: RunRecord): string {
  const calls = [...record.calls].map(([name, c]) => ({ name, ...c }));
  return JSON.stringify({ schema: record.schema, outDir: record.outDir, calls });
}

/** The key a call's reports are current for (report-key.ts): its content and what it is analysed with. */
async function keyOf(call: FolderCall, o: FolderRunOptions): Promise<string | null> {
  try {
    const digest = await contentDigest(await openAsBlob(call.path));
    const analysis = { settings: o.settings, agentChannel: o.agentChannel, firstPass: o.firstPass };
    return await cacheKey(digest, analysis, o.version);
  } catch {
    return null; // unreadable: analysed, and its analysis says why
  }
}

/** The outcome kept in a call's current JSON report, or null when its reports are not all there and sound. */
function currentOutcome(call: FolderCall, version: string): CallOutcome | null {
  const paths = [
    call.outputs.json,
    call.outputs.csv,
    call.outputs.html,
    call.outputs.labels,
    call.outputs.rttm,
  ];
  if (paths.some((p) => p !== undefined && !existsSync(p)) || call.outputs.json === undefined) return null;
  try {
    const report = JSON.parse(readFileSync(call.outputs.json, 'utf8')) as Report;
    return report.analyzer.version === version && typeof report.summary === 'object'
      ? outcomeOf(report)
      : null;
  } catch {
    return null;
  }
}

/** The progress line's words: "12 of 200 calls · 3 current · 1 failed · analysing a.wav 0:42 · 1:10, about 4:20 left". */
export function progressLine(p: {
  total: number;
  finished: number;
  skipped: number;
  failed: number;
  running: readonly { file: string; secondsDone: number }[];
  elapsedSec: number;
  /** Share of the work (by bytes) done, 0 to 1; null before any call has finished. */
  share: number | null;
}): string {
  const parts = [`${p.finished} of ${p.total} calls`];
  if (p.skipped > 0) parts.push(`${p.skipped} current, skipped`);
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  if (p.running.length > 0) {
    const shown = p.running
      .slice(0, 2)
      .map((r) => `${r.file} ${formatTime(r.secondsDone, { tenths: false })}`);
    const more = p.running.length > 2 ? ` +${p.running.length - 2}` : '';
    parts.push(`analysing ${shown.join(', ')}${more}`);
  }
  let time = formatTime(p.elapsedSec, { tenths: false });
  if (p.share !== null && p.share > 0 && p.share < 1) {
    time += `, about ${formatTime((p.elapsedSec * (1 - p.share)) / p.share, { tenths: false })} left`;
  }
  parts.push(time);
  return `softspoken: ${parts.join(' · ')}`;
}

/** Runs every call of a folder; summary.csv is the caller's to write from the rows. */
export async function runFolder(o: FolderRunOptions): Promise<FolderRunResult> {
  const out = o.out ?? ((text: string) => void process.stdout.write(text));
  const errLine = o.err ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const started = performance.now();
  const calls = o.calls;
  const recordPath = runRecordPath(o.outDir, o.dataDir);
  const record = readRecord(recordPath, o.outDir);
  const outcomes: (CallOutcome | null)[] = calls.map(() => null);
  const errors: (string | null)[] = calls.map(() => null);
  const texts: (string | null)[] = calls.map(() => null);
  const settled: boolean[] = calls.map(() => false);
  const keys: (string | null)[] = calls.map(() => null);
  const bytes = calls.map((c) => {
    try {
      return statSync(c.path).size;
    } catch {
      return 0;
    }
  });
  let skipped = 0;
  let failed = 0;
  let internal = false;
  let bytesDone = 0;
  let bytesToDo = 0;
  const running = new Map<number, number>(); // call index → seconds of audio done

  // the progress line: drawn in place, cleared before anything else is printed
  let shownAt = 0;
  let lineShown = false;
  const clearLine = (): void => {
    if (lineShown) o.progress?.write('\r\x1b[K');
    lineShown = false;
  };
  const drawProgress = (force = false): void => {
    if (o.progress === null) return;
    const now = performance.now();
    if (!force && now - shownAt < PROGRESS_INTERVAL_MS) return;
    shownAt = now;
    const line = progressLine({
      total: calls.length,
      finished: settled.filter(Boolean).length,
      skipped,
      failed,
      running: [...running].map(([i, secondsDone]) => ({ file: calls[i]?.file ?? '', secondsDone })),
      elapsedSec: (now - started) / 1000,
      share: bytesToDo > 0 && bytesDone > 0 ? bytesDone / bytesToDo : null,
    });
    const width = o.progress.columns > 10 ? o.progress.columns - 1 : 200;
    o.progress.write(`\r\x1b[K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    lineShown = true;
  };
  const say = (line: string): void => {
    clearLine();
    errLine(line);
    drawProgress(true);
  };

  // each call's summary in the folder's order, as soon as the calls before it are settled
  let printed = 0;
  const printInOrder = (): void => {
    while (printed < calls.length && settled[printed]) {
      const text = texts[printed];
      if (o.summaries && text !== null) {
        clearLine();
        out(`${text}\n\n`);
      }
      printed += 1;
    }
    drawProgress(true);
  };

  // the run record: written at most every RECORD_INTERVAL_MS, and at the end
  let recordDirty = false;
  let recordAt = 0;
  let recordFailed = false;
  const writeRecord = (force = false): void => {
    if (!recordDirty || recordFailed) return;
    const now = performance.now();
    if (!force && now - recordAt < RECORD_INTERVAL_MS) return;
    recordAt = now;
    recordDirty = false;
    try {
      mkdirSync(join(recordPath, '..'), { recursive: true });
      writeFileAtomic(recordPath, recordText(record));
    } catch (error) {
      recordFailed = true;
      say(
        `softspoken: warning: the run record ${recordPath} cannot be written (${writeReason(error)}): ` +
          'a run of this folder again will analyse every call',
      );
    }
  };
  const onInterrupt = (): void => {
    recordAt = 0;
    writeRecord(true);
    clearLine();
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);

  const finish = (index: number, result: TaskResult): void => {
    const call = calls[index] as FolderCall;
    running.delete(index);
    bytesDone += bytes[index] ?? 0;
    if (result.type === 'done') {
      outcomes[index] = result.outcome;
      texts[index] = result.text;
      for (const w of result.warnings) say(w);
      const key = keys[index];
      if (key) {
        record.calls.set(call.reportName, { file: call.file, key });
        recordDirty = true;
      }
      o.profile?.update(result.outcome);
    } else {
      failed += 1;
      if (result.internal) internal = true;
      errors[index] = result.message;
      record.calls.delete(call.reportName);
      recordDirty = true;
      say(`softspoken: error: ${result.internal ? `${call.file}: internal error: ` : ''}${result.message}`);
    }
    settled[index] = true;
    writeRecord();
    printInOrder();
  };

  try {
    const task = (i: number): FolderTask => ({
      index: i,
      path: (calls[i] as FolderCall).path,
      outputs: (calls[i] as FolderCall).outputs,
      settings: o.settings,
      agentChannel: o.agentChannel,
      firstPass: o.firstPass,
      agentProfileDb: o.profile?.levelDb() ?? null,
    });
    const events: PoolEvents = {
      started: (i) => {
        running.set(i, 0);
        drawProgress(true);
      },
      progress: (p) => {
        running.set(p.index, p.secondsDone);
        drawProgress();
      },
      finished: (result) => finish(result.index, result),
    };
    // the jobs take the calls to analyse while the rest are still being checked (their keys hashed in order)
    const queue = new WorkQueue();
    const jobs = o.profile ? 1 : Math.max(1, o.jobs);
    const working =
      jobs === 1
        ? runHere(queue, task, events)
        : Promise.all(Array.from({ length: jobs }, () => runSlot(queue, task, events, workerModule())));
    try {
      for (const [i, call] of calls.entries()) {
        const key = await keyOf(call, o);
        keys[i] = key;
        const recorded = record.calls.get(call.reportName);
        const outcome = key !== null && recorded?.key === key ? currentOutcome(call, o.version) : null;
        if (outcome !== null) {
          outcomes[i] = outcome;
          settled[i] = true;
          skipped += 1;
          printInOrder();
        } else {
          bytesToDo += bytes[i] ?? 0;
          queue.push(i);
        }
        drawProgress();
      }
    } finally {
      queue.close();
    }
    await working;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    recordAt = 0;
    writeRecord(true);
    clearLine();
  }

  const rows: SummaryRow[] = calls.map((call, i) => {
    const error = errors[i];
    return error !== null && error !== undefined
      ? { file: call.file, reportName: call.reportName, report: null, error }
      : { file: call.file, reportName: call.reportName, report: outcomes[i] ?? null };
  });
  return { rows, analysed: calls.length - skipped - failed, skipped, failed, internal };
}
