/**
 * Writes report files (JSON, events CSV, HTML, Audacity labels, RTTM) for `analyze` and `live` alike, each
 * whole (atomic-file.ts); checks, before anything is analyzed, that every output can be written (a regular
 * file or none yet, in a folder that is there and writable, a name that fits) and that none would overwrite
 * an input or another output; names the reports of a folder's calls so that no two calls share a name.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { eventsCsv } from '../report/csv.js';
import { renderHtmlReport } from '../report/html.js';
import { labelTrack } from '../report/labels.js';
import { rttm } from '../report/rttm.js';
import type { Report } from '../report/schema.js';
import {
  FileWriteError,
  MAX_NAME_BYTES,
  specialFileKind,
  writeFileAtomic,
  writeReason,
} from './atomic-file.js';
import { UsageError } from './cli-args.js';
import { fsReason } from './fs-reason.js';

/** A report file could not be written: the message names the file and why. */
export class ReportWriteError extends Error {}

export interface ReportOutputs {
  json?: string;
  csv?: string;
  html?: string;
  /** Audacity label track (labels.ts). */
  labels?: string;
  /** NIST RTTM of both parties' turns (rttm.ts). */
  rttm?: string;
  /** The RTTM file id; by default the call's file name without extension (rttm.ts `defaultFileId`). */
  rttmFileId?: string;
}

/** The report files one call can be written to, each an option of `analyze` and `live` (`--json`, …). */
export const REPORT_KINDS = ['json', 'csv', 'html', 'labels', 'rttm'] as const;

/** Writes `text` to `path` whole (a temporary file beside it, then a rename): a crash never leaves half a file. */
export function writeTextFile(path: string, text: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (error) {
    if (!(error instanceof FileWriteError)) throw error;
    throw new ReportWriteError(`cannot write ${path}: ${error.reason}`);
  }
}

/** Each asked-for output of `report`, written whole (writeTextFile). Returns the paths written. */
export function writeReports(report: Report, outputs: ReportOutputs): string[] {
  const jobs: [string | undefined, () => string][] = [
    [outputs.json, () => JSON.stringify(report)],
    [outputs.csv, () => eventsCsv(report)],
    [outputs.html, () => renderHtmlReport(report)],
    [outputs.labels, () => labelTrack(report)],
    [outputs.rttm, () => rttm(report, outputs.rttmFileId)],
  ];
  const written: string[] = [];
  for (const [path, text] of jobs) {
    if (path === undefined) continue;
    writeTextFile(path, text());
    written.push(path);
  }
  return written;
}

/** A path the command reads or writes, and how it was named: `--json`, `the input`, … */
export interface NamedPath {
  /** As the user will recognise it: an option (`--json`) or a role (`the input`). */
  what: string;
  path: string;
  /** An output whose folder the command makes when it is missing (--out-dir, --agent-profile). */
  makesFolder?: boolean;
}

/** The files of `outputs`, named for checkOutputPaths: by their option (`--json`) unless `what` says otherwise. */
export function namedOutputs(
  outputs: ReportOutputs,
  what: (kind: (typeof REPORT_KINDS)[number]) => string = (kind) => `--${kind}`,
): NamedPath[] {
  return REPORT_KINDS.flatMap((kind) => {
    const path = outputs[kind];
    return path === undefined ? [] : [{ what: what(kind), path }];
  });
}

/** How a path is recognised as the same file as another. */
interface PathIdentity {
  /** Absolute, `.` and `..` resolved. */
  absolute: string;
  /** `dev:ino` of the file when it exists (a hard link, a symbolic link, another spelling of it). */
  file: string | null;
  /** The folder's identity (or absolute path) and the name folded to lower case: one file where names ignore case. */
  folded: string;
}

function fileKey(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function identify(path: string): PathIdentity {
  const absolute = resolve(path);
  const folder = dirname(absolute);
  const name = basename(absolute).normalize('NFC').toLowerCase();
  return { absolute, file: fileKey(absolute), folded: `${fileKey(folder) ?? folder}/${name}` };
}

/** How `a` and `b` are one file: 'same' (a path, or a file's identity), 'case' (names that differ only in case), or null. */
function sameFile(a: PathIdentity, b: PathIdentity): 'same' | 'case' | null {
  if (a.absolute === b.absolute || (a.file !== null && a.file === b.file)) return 'same';
  return a.folded === b.folded ? 'case' : null;
}

const CASE_NOTE = ' (names that differ only in case are one file on Windows and macOS)';

/**
 * Refuses, before anything is read or written, an output that is one of the inputs or another output:
 * the same path however spelled (`./call.wav`, a `..` detour), the same file under another name (a hard
 * or symbolic link), or a name that differs only in case. Throws a UsageError naming both.
 */
export function checkOutputPaths(inputs: readonly NamedPath[], outputs: readonly NamedPath[]): void {
  const ins = inputs.map((p) => ({ ...p, id: identify(p.path) }));
  const outs = outputs.map((p) => ({ ...p, id: identify(p.path) }));
  outs.forEach((out, i) => {
    if (isFolder(out.id.absolute)) throw new UsageError(`${out.what} ${out.path} is a folder, not a file`);
    checkWritable(out);
    for (const input of ins) {
      const same = sameFile(out.id, input.id);
      if (same !== null)
        throw new UsageError(
          `${out.what} ${out.path} would overwrite ${input.what} ${input.path}${same === 'case' ? CASE_NOTE : ''}`,
        );
    }
    for (const other of outs.slice(0, i)) {
      const same = sameFile(out.id, other.id);
      if (same !== null)
        throw new UsageError(
          `${other.what} ${other.path} and ${out.what} ${out.path} are the same file${same === 'case' ? CASE_NOTE : ''}: give each output its own path`,
        );
    }
  });
}

/**
 * Refuses an output that cannot be written, in plain words, before anything is read: a FIFO, a device or a
 * socket (reports replace regular files only), a name longer than the file system takes, a folder that is
 * missing (unless the command makes it), is a file, or cannot be written in.
 */
function checkWritable(out: NamedPath): void {
  const kind = specialFileKind(out.path);
  if (kind !== null) {
    throw new UsageError(
      `${out.what} ${out.path} is ${kind}, not a regular file: outputs are written to regular files only`,
    );
  }
  const nameBytes = Buffer.byteLength(basename(out.path));
  if (nameBytes > MAX_NAME_BYTES) {
    throw new UsageError(
      `${out.what} ${out.path}: the file name is too long (${nameBytes} bytes; at most ${MAX_NAME_BYTES})`,
    );
  }
  // the folder the file goes in (as the user wrote it); for a folder the command makes, the nearest one there
  let folder = dirname(out.path);
  for (;;) {
    let stats;
    try {
      stats = statSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && out.makesFolder && dirname(folder) !== folder) {
        folder = dirname(folder);
        continue;
      }
      if (code === 'ENOENT')
        throw new UsageError(`${out.what} ${out.path}: the folder ${folder} does not exist`);
      if (code === 'ENOTDIR')
        throw new UsageError(`${out.what} ${out.path}: ${notAFolder(folder)} is a file, not a folder`);
      throw new UsageError(
        `${out.what} ${out.path}: cannot use the folder ${folder} (${writeReason(error)})`,
      );
    }
    if (!stats.isDirectory())
      throw new UsageError(`${out.what} ${out.path}: ${folder} is a file, not a folder`);
    break;
  }
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    const why = fsReason(error) ?? (error as NodeJS.ErrnoException).code ?? 'not writable';
    throw new UsageError(`${out.what} ${out.path}: cannot write in the folder ${folder} (${why})`);
  }
}

/** The part of `folder`'s path that is a file (what an ENOTDIR is about): the deepest part that is there. */
function notAFolder(folder: string): string {
  for (let at = folder; dirname(at) !== at; at = dirname(at)) {
    try {
      return statSync(at).isFile() ? at : folder;
    } catch {
      // inside a file, or missing: look further up
    }
  }
  return folder;
}

/**
 * Makes the output folder (and its parents) of a call or a folder of calls, before anything is read.
 * Throws a UsageError naming it and why when it cannot be made.
 */
export function makeOutDir(outDir: string): void {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot make --out-dir ${outDir}: ${writeReason(error)}`);
  }
  if (!isFolder(outDir)) throw new UsageError(`--out-dir ${outDir} is a file, not a folder`);
}
