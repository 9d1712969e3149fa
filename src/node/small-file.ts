/**
 * Reading a small text file a command is given (a settings file, an agent profile): a regular file of at
 * most a set size, or a one-line reason why not. `--settings /dev/zero` would otherwise be read until memory
 * runs out, and a FIFO would block the command until someone writes to it.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fsReason } from './fs-reason.js';

/** The file could not be read as a small text file; `reason` says why in plain words, `missing` when it is not there. */
export class SmallFileError extends Error {
  constructor(
    readonly reason: string,
    readonly missing = false,
  ) {
    super(reason);
  }
}

/** The largest settings file or agent profile read, bytes: each is a few hundred bytes of JSON. */
export const MAX_SMALL_FILE_BYTES = 1024 * 1024;

/**
 * The UTF-8 text of `path`, a regular file of at most `maxBytes`. Opened without waiting (a FIFO does not
 * block), checked to be a regular file, and read no further than `maxBytes` + 1 (a file growing meanwhile).
 */
export function readSmallFile(path: string, maxBytes = MAX_SMALL_FILE_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO opens at once instead of waiting for a writer (the flag is 0 where it does not exist)
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SmallFileError(fsReason(error) ?? code ?? (error as Error).message, code === 'ENOENT');
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new SmallFileError('it is a folder');
    if (!stats.isFile()) throw new SmallFileError('not a regular file (a device, FIFO or socket)');
    if (stats.size > maxBytes)
      throw new SmallFileError(`too large (${stats.size} bytes; at most ${maxBytes})`);
    const buffer = Buffer.alloc(maxBytes + 1);
    let have = 0;
    for (;;) {
      const n = readSync(fd, buffer, have, buffer.length - have, null);
      if (n === 0) break;
      have += n;
      if (have > maxBytes) throw new SmallFileError(`too large (more than ${maxBytes} bytes)`);
    }
    return buffer.subarray(0, have).toString('utf8');
  } catch (error) {
    if (error instanceof SmallFileError) throw error;
    throw new SmallFileError(fsReason(error) ?? (error as Error).message);
  } finally {
    closeSync(fd);
  }
}
