/**
 * Writing a file whole or not at all: the text goes to a temporary file beside it, which is then renamed
 * over it, so a reader (or a crash) never sees half a report. The temporary name is the file's own plus the
 * process id (`NAME.PID.tmp`), shortened to fit the file system's 255-byte name limit; a temporary file that
 * a killed run left for the same file (its process gone) is removed by the next write of that file. Nothing
 * but a regular file is ever replaced: a FIFO or a device at the path is refused, not renamed over.
 */
import { lstatSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsReason } from './fs-reason.js';

/** A file could not be written; `reason` says why in plain words ('permission denied', …). */
export class FileWriteError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The longest file name, in bytes, on the file systems reports go to (NAME_MAX on Linux, macOS and Windows). */
export const MAX_NAME_BYTES = 255;
const TEMP_SUFFIX = '.tmp';

/** What a path that exists but is not a regular file or a folder is, in plain words; null for a regular file. */
export function specialFileKind(path: string): string | null {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return null;
  }
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The start of every temporary name of `name`: the name itself, cut (on a character) so that any PID fits. */
function tempStem(name: string): string {
  // room for '.', the longest PID (7 digits on Linux, 10 for a 32-bit id) and the suffix
  const room = MAX_NAME_BYTES - 1 - 10 - TEMP_SUFFIX.length;
  if (Buffer.byteLength(name) <= room) return name;
  let cut = '';
  for (const char of name) {
    if (Buffer.byteLength(cut + char) > room - 1) break;
    cut += char;
  }
  return `${cut}~`; // a cut name is marked, and differs from a whole name of the same start
}

/** The temporary file's name for `name` written by process `pid`. */
export function tempName(name: string, pid: number): string {
  return `${tempStem(name)}.${pid}${TEMP_SUFFIX}`;
}

/** Whether process `pid` runs on this machine (one we may not signal runs too). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of `name` in `folder` whose process is gone (killed while writing). Files of
 * other names, and of processes still running, are left alone; a failure to list or remove is ignored.
 */
function removeStaleTemps(folder: string, name: string): void {
  const stem = `${tempStem(name)}.`;
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(stem) || !entry.endsWith(TEMP_SUFFIX)) continue;
    const pid = entry.slice(stem.length, -TEMP_SUFFIX.length);
    if (!/^[1-9]\d*$/.test(pid) || Number(pid) === process.pid || running(Number(pid))) continue;
    try {
      if (lstatSync(join(folder, entry)).isFile()) rmSync(join(folder, entry), { force: true });
    } catch {
      // gone meanwhile, or not ours to remove: it stays
    }
  }
}

/** Why writing (or making a folder for) a file failed, in plain words. */
export function writeReason(error: unknown): string {
  if (error instanceof FileWriteError) return error.reason;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR') return 'a part of its folder path is a file, not a folder';
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'ENAMETOOLONG') return `the name is too long (at most ${MAX_NAME_BYTES} bytes)`;
  return fsReason(error) ?? code ?? (error as Error).message;
}

/**
 * Writes `text` to `path` whole (a temporary file, then a rename). Throws a FileWriteError saying why when
 * it cannot; the temporary file is then removed (a failure to remove it is not thrown).
 */
export function writeFileAtomic(path: string, text: string): void {
  const folder = dirname(path);
  const name = basename(path);
  const temp = join(folder, tempName(name, process.pid));
  try {
    if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
      throw new FileWriteError(
        `the name is too long (${Buffer.byteLength(name)} bytes; at most ${MAX_NAME_BYTES})`,
      );
    }
    const kind = specialFileKind(path);
    if (kind !== null) throw new FileWriteError(`it is ${kind}, not a regular file`);
    removeStaleTemps(folder, name);
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // the temporary file could not be removed (or its name not even made): the next write of this file removes it
    }
    throw new FileWriteError(writeReason(error));
  }
}
