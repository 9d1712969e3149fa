/**
 * Which files make a call: checks paths that came from the renderer or a dialog (at most two, each an
 * existing regular file with an audio extension) and puts two mono files agent first by their names (src/ipc/file-pair.ts).
 */
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, normalize } from 'node:path';
import { orderAgentFirst } from '../src/ipc/file-pair.js';
import { isAudioFileName, READABLE } from '../src/source/formats.js';
import { UserFacingError } from './ipc-envelope.js';

/** What checking a path needs of the file system. */
export interface CallFs {
  /** Whether `path` is a regular file and its size; rejects (ENOENT, EACCES) when it cannot be read. */
  stat(path: string): Promise<{ isFile: boolean; sizeBytes: number }>;
}

export const nodeCallFs: CallFs = {
  async stat(path) {
    const stats = await stat(path);
    return { isFile: stats.isFile(), sizeBytes: stats.size };
  },
};

export interface CallFile {
  /** Absolute, normalized. */
  path: string;
  /** File name without its folder. */
  name: string;
  sizeBytes: number;
}

const COUNT_RULE = 'Open one two-channel recording, or two mono recordings of the same call';

/**
 * The files of a call from `paths` (anything the renderer sent): one or two absolute paths of existing
 * regular files with an audio extension (the renderer can ask for no other file), not the same file twice. Throws a UserFacingError saying what is wrong.
 */
export async function checkCallPaths(paths: unknown, fs: CallFs = nodeCallFs): Promise<CallFile[]> {
  if (!Array.isArray(paths) || paths.length === 0) throw new UserFacingError(`${COUNT_RULE}.`);
  if (paths.length > 2) throw new UserFacingError(`${COUNT_RULE} (${paths.length} files were given).`);
  const files: CallFile[] = [];
  for (const raw of paths as unknown[]) {
    if (typeof raw !== 'string' || raw === '' || raw.includes('\0') || !isAbsolute(raw)) {
      throw new UserFacingError('A file could not be located on disk: open it with the Open dialog instead.');
    }
    const path = normalize(raw);
    const name = basename(path);
    if (!isAudioFileName(name)) {
      throw new UserFacingError(`${name} is not an audio file: SoftSpoken reads ${READABLE}.`);
    }
    let info: { isFile: boolean; sizeBytes: number };
    try {
      info = await fs.stat(path);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new UserFacingError(`${name} was not found: was it moved or deleted? (${path})`);
      }
      if (code === 'EACCES' || code === 'EPERM')
        throw new UserFacingError(`${name} cannot be read: permission denied.`);
      throw error;
    }
    if (!info.isFile) throw new UserFacingError(`${name} is not a file.`);
    if (files.some((f) => f.path === path)) throw new UserFacingError(`${name} was given twice.`);
    files.push({ path, name, sizeBytes: info.sizeBytes });
  }
  return files;
}

/** A call's files in call order: one file as it is; two files agent first by their names, else as chosen. */
export function orderCallFiles(files: readonly CallFile[]): CallFile[] {
  const [first, second] = files;
  if (first === undefined || second === undefined) return [...files];
  return orderAgentFirst(first, second, (f) => f.name).files;
}

/** A call's stable key (for recents and the remembered agent side): its paths in call order. */
export function callKey(files: readonly { path: string }[]): string {
  return files.map((f) => f.path).join('\n');
}

/** At most this many calls in one queue (a folder of a day's or a week's calls is far fewer). */
export const MAX_QUEUE_FILES = 500;

/**
 * The calls of a queue from `paths` (a folder's entries, or dropped files): each path with an audio
 * extension that checks as a call file (checkCallPaths) is one two-channel call; the others (sub-folders,
 * unreadable or other files) are left out. In name order, at most MAX_QUEUE_FILES; throws a
 * UserFacingError when none is left.
 */
export async function queueCallFiles(paths: unknown, fs: CallFs = nodeCallFs): Promise<CallFile[]> {
  if (!Array.isArray(paths)) throw new UserFacingError('Invalid request: no files were given.');
  const files: CallFile[] = [];
  for (const raw of paths as unknown[]) {
    if (typeof raw !== 'string' || !isAudioFileName(basename(raw))) continue;
    try {
      const [file] = await checkCallPaths([raw], fs);
      if (file !== undefined && !files.some((f) => f.path === file.path)) files.push(file);
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
    }
  }
  if (files.length === 0)
    throw new UserFacingError(`No audio files were found: SoftSpoken reads ${READABLE}.`);
  files.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  return files.slice(0, MAX_QUEUE_FILES);
}
