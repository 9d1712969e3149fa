/**
 * The live session journal on disk: JSON lines, append-only, written and fsync'ed every second (and on
 * close), so a process killed mid-call loses at most the last second or two. A kill may tear the last
 * line; the reader skips what it cannot parse and says so. The lines themselves are src/live/journal.ts's.
 */
import {
  appendFileSync,
  closeSync,
  fstatSync,
  fsync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  write,
} from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { journalEntries, type JournalEntry } from '../../live/journal.js';
import { fsReason } from '../fs-reason.js';

const writeAsync = promisify(write);
const fsyncAsync = promisify(fsync);

const EMPTY = Buffer.alloc(0);
/** Buffered lines are written this often at the latest, ms: well inside the promised 2 s. */
const FLUSH_EVERY_MS = 1000;
/**
 * A journal larger than this is not one (a 60-minute call writes about 3 MB; this is over 100 hours),
 * and is not read into memory, bytes.
 */
const MAX_JOURNAL_BYTES = 512 * 1024 * 1024;

/** A journal could not be written or read; the message names the file and the reason. */
export class JournalFileError extends Error {
  override name = 'JournalFileError';
}

function problem(doing: string, path: string, error: unknown): JournalFileError {
  const reason = fsReason(error) ?? (error instanceof Error ? error.message : String(error));
  return new JournalFileError(`cannot ${doing} the session journal ${path}: ${reason}`);
}

/** Whether the file at `fd` is empty or ends with a newline (else a killed writer tore its last line). */
function endsCleanly(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const last = new Uint8Array(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

export interface JournalWriterOptions {
  /** Called once per run of failed writes (a full disk, say); the session goes on, writes are retried. */
  onError?: (error: JournalFileError) => void;
}

/** Appends JSON lines to one journal; see the file comment. */
export class JournalWriter {
  private text = '';
  /** Bytes of a failed write that did not reach the file. */
  private carry: Buffer = EMPTY;
  private chain: Promise<void> = Promise.resolve();
  private failure: JournalFileError | null = null;
  private closed = false;
  private readonly timer: ReturnType<typeof setInterval>;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly options: JournalWriterOptions,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), FLUSH_EVERY_MS);
    this.timer.unref(); // the journal does not keep the process alive; close() writes the rest
  }

  /**
   * Opens `path` for appending (creating it and its folder); a torn last line left by a killed writer
   * is ended first, so the next line starts on its own. Throws a JournalFileError when it cannot.
   */
  static open(path: string, options: JournalWriterOptions = {}): JournalWriter {
    try {
      mkdirSync(dirname(path), { recursive: true });
      const fd = openSync(path, 'a+');
      const writer = new JournalWriter(path, fd, options);
      if (!endsCleanly(fd)) writer.text = '\n';
      return writer;
    } catch (error) {
      throw problem('open', path, error);
    }
  }

  /** Queues one line (serialized now); it reaches the disk within about a second. */
  append(line: object): void {
    if (this.closed) throw new Error(`JournalWriter: append() after close() (${this.path})`);
    this.text += `${JSON.stringify(line)}\n`;
  }

  /** Writes and fsyncs what is queued; rejects with a JournalFileError when the disk refuses. */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.writeOut());
    return this.chain;
  }

  /** Writes the rest and closes the file; rejects when lines could not be written. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return this.chain;
    this.closed = true;
    clearInterval(this.timer);
    try {
      await this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  private async writeOut(): Promise<void> {
    if (this.text === '' && this.carry.length === 0) return;
    const bytes = Buffer.concat([this.carry, Buffer.from(this.text, 'utf8')]);
    this.text = '';
    let done = 0;
    try {
      while (done < bytes.length)
        done += (await writeAsync(this.fd, bytes, done, bytes.length - done)).bytesWritten;
      await fsyncAsync(this.fd);
      this.carry = EMPTY;
      this.failure = null;
    } catch (error) {
      // the file is opened for appending: what did not reach it is written first next time
      this.carry = bytes.subarray(done);
      const failed = problem('write', this.path, error);
      if (!this.failure) this.options.onError?.(failed);
      this.failure = failed;
      throw failed;
    }
  }
}

/** The lines of a journal that were read back, and whether some line was lost. */
export interface JournalContents {
  /** The lines that parsed, in order. */
  lines: unknown[];
  /** Every non-empty line with its number, parsed or not (src/live/journal.ts recoverJournal reads these). */
  entries: JournalEntry[];
  /** A line could not be parsed: the last one, torn by a process killed mid-write, is the usual case. */
  truncated: boolean;
}

/** Parses JSON-lines text; lines that do not parse are left out of `lines` and make it `truncated`. */
export function parseJournalText(text: string): JournalContents {
  const entries = journalEntries(text);
  return {
    lines: entries.filter((e) => e.json).map((e) => e.value),
    entries,
    truncated: entries.some((e) => !e.json),
  };
}

/**
 * Reads a whole journal; throws a JournalFileError when the file cannot be read, is not a regular file
 * (a folder, a device) or is far larger than any journal.
 */
export function readJournal(path: string): JournalContents {
  let text: string;
  try {
    const info = statSync(path);
    if (info.isDirectory()) throw new JournalFileError(`the session journal ${path} is a folder, not a file`);
    if (!info.isFile()) throw new JournalFileError(`the session journal ${path} is not a regular file`);
    if (info.size > MAX_JOURNAL_BYTES) {
      throw new JournalFileError(
        `the session journal ${path} holds ${(info.size / 2 ** 30).toFixed(1)} GB: far more than any call writes`,
      );
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof JournalFileError) throw error;
    throw problem('read', path, error);
  }
  return parseJournalText(text);
}

/** Appends one line at once and fsyncs it (e.g. the end line of a recovered session). */
export function appendJournalLine(path: string, line: object): void {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'a+');
    appendFileSync(fd, `${endsCleanly(fd) ? '' : '\n'}${JSON.stringify(line)}\n`);
    fsyncSync(fd);
  } catch (error) {
    throw problem('write', path, error);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
