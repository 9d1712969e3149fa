/**
 * Where live sessions are kept, and which of them a killed process left unfinished (the next start
 * offers to open those in the review). A session is `<sessionId>.jsonl` in the sessions folder (with
 * `<sessionId>.wav` when recording was on); it is finished when its last line is the end line.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { ENGINE_RATE_HZ } from '../../engine/speech-tracker.js';
import { parseJournalText } from './journal-file.js';

/** Enough for a journal's start line (settings and devices: a few KiB), bytes. */
const HEAD_BYTES = 256 * 1024;
/** Enough for the last lines of a journal (timeline points and events: well under 1 KiB each), bytes. */
const TAIL_BYTES = 64 * 1024;

/**
 * The app's data folder: env SOFTSPOKEN_DATA_DIR when set (tests); else `$XDG_STATE_HOME/softspoken`
 * or `~/.local/state/softspoken` on Linux (XDG: state that outlives a restart but is not a document),
 * `~/Library/Application Support/SoftSpoken` on macOS, `%APPDATA%\SoftSpoken` on Windows.
 */
export function dataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const set = (name: string): string | null => (env[name] ? (env[name] as string) : null);
  const override = set('SOFTSPOKEN_DATA_DIR');
  if (override !== null) return path.resolve(override);
  if (platform === 'win32') {
    return path.win32.join(set('APPDATA') ?? path.win32.join(home, 'AppData', 'Roaming'), 'SoftSpoken');
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'SoftSpoken');
  const state = set('XDG_STATE_HOME');
  // the XDG spec ignores a relative path
  return path.posix.join(
    state?.startsWith('/') ? state : path.posix.join(home, '.local', 'state'),
    'softspoken',
  );
}

/** The sessions folder inside {@link dataDir}. */
export function sessionsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  return (platform === 'win32' ? path.win32 : path.posix).join(dataDir(env, platform, home), 'sessions');
}

/** A session whose journal does not end with the end line: its process stopped mid-call. */
export interface UnfinishedSession {
  sessionId: string;
  /** The journal file. */
  path: string;
  /** From the start line, when readable. */
  startedAt: string | null;
  agent: string | null;
  /** Seconds of call in the journal (its last timeline point or timed line). */
  seconds: number;
  /** When the journal was last written. */
  modifiedAt: Date;
}

/** The complete lines among `length` bytes read at `position` of `fd`. */
function linesAt(fd: number, position: number, length: number): unknown[] {
  const bytes = new Uint8Array(length);
  const n = readSync(fd, bytes, 0, length, position);
  let text = Buffer.from(bytes.buffer, 0, n).toString('utf8');
  if (position > 0) text = text.slice(text.indexOf('\n') + 1); // a line cut by the window's start
  return parseJournalText(text).lines;
}

/** The first line of the journal at `fd`, parsed from its first `length` bytes; null if unreadable. */
function firstLine(fd: number, length: number): unknown {
  const bytes = new Uint8Array(length);
  const text = Buffer.from(bytes.buffer, 0, readSync(fd, bytes, 0, length, 0)).toString('utf8');
  return parseJournalText(text.slice(0, text.indexOf('\n') + 1 || undefined)).lines[0] ?? null;
}

/** The start line of the journal at `file` (an object), or null when it cannot be read. */
export function journalStart(file: string): Record<string, unknown> | null {
  let fd: number | null = null;
  try {
    if (!statSync(file).isFile()) return null; // (a FIFO would block the open)
    fd = openSync(file, 'r');
    const line = firstLine(fd, Math.min(fstatSync(fd).size, HEAD_BYTES));
    return typeof line === 'object' && line !== null && !Array.isArray(line)
      ? (line as Record<string, unknown>)
      : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

const record = (x: unknown): Record<string, unknown> =>
  typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {};

/** The time in the call a journal line stands for, s: a timeline point's sample, or an atSec; else null. */
function lineSeconds(line: unknown): number | null {
  const l = record(line);
  const p = l['p'];
  if (l['type'] === 'point' && Array.isArray(p) && typeof p[0] === 'number') return p[0] / ENGINE_RATE_HZ;
  return typeof l['atSec'] === 'number' ? l['atSec'] : null;
}

/** What the head and tail of one journal say; null when it ended normally or cannot be read. */
function unfinished(file: string, sessionId: string): UnfinishedSession | null {
  let fd: number | null = null;
  try {
    if (!statSync(file).isFile()) return null; // a folder or a FIFO is no journal (and would block the open)
    fd = openSync(file, 'r');
    const { size, mtime } = fstatSync(fd);
    const tail = linesAt(fd, Math.max(0, size - TAIL_BYTES), Math.min(size, TAIL_BYTES));
    if (record(tail.at(-1))['type'] === 'end') return null;
    const start = record(firstLine(fd, Math.min(size, HEAD_BYTES)));
    const seconds =
      tail
        .map(lineSeconds)
        .filter((s) => s !== null)
        .at(-1) ?? 0;
    return {
      sessionId,
      path: file,
      startedAt: typeof start['startedAt'] === 'string' ? start['startedAt'] : null,
      agent: typeof start['agent'] === 'string' ? start['agent'] : null,
      seconds,
      modifiedAt: mtime,
    };
  } catch {
    return null; // unreadable (removed meanwhile, no permission): nothing to offer
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The unfinished sessions in `dir`, most recently written first; none when the folder does not exist. */
export function findUnfinishedSessions(dir: string): UnfinishedSession[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => unfinished(path.join(dir, name), name.slice(0, -'.jsonl'.length)))
    .filter((s): s is UnfinishedSession => s !== null)
    .sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime());
}
