/**
 * Notices a PulseAudio source going away while sox records from it. PulseAudio does not end such a
 * recording: it moves the stream to the default source (stream rescue, in the server's core since 14),
 * and sox goes on recording the wrong device without a word (measured with PulseAudio 16.1: a null
 * sink unloaded under sox, sox kept running on the default source). So capture watches
 * `pactl subscribe` and ends sox itself when its source is removed.
 *
 * `pactl subscribe` writes only when something happens on the server, so a pactl whose parent died (a
 * kill -9) would not notice for as long as nothing happens: it runs under a small shell watchdog that
 * reads a pipe from this process and ends pactl when the pipe closes, which the kernel does when this
 * process ends, however it ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { runCommand, type CommandRunner } from './commands.js';

/** One line of `pactl subscribe`. */
export interface PulseEvent {
  event: 'new' | 'change' | 'remove';
  /** 'source', 'sink', 'source-output', 'server', ... */
  facility: string;
  index: number;
}

/** A subscription that ends (the server restarted) is started again after this long, ms. */
const RESUBSCRIBE_MS = 1000;

/**
 * `pactl subscribe` with a watchdog (POSIX sh): fd 3 is our stdin, a pipe from this process; when it
 * reads end-of-file (this process closed it, or ended) pactl is ended; when pactl ends by itself, the
 * watchdog goes too and the shell exits, as pactl would have. The `exit 127` says pactl is missing.
 */
const WATCHED_SUBSCRIBE = [
  'command -v pactl >/dev/null 2>&1 || exit 127',
  'exec 3<&0',
  'pactl subscribe </dev/null 3<&- &',
  'p=$!',
  '{ while read -r _ <&3; do :; done; kill "$p" 2>/dev/null; } &',
  'w=$!',
  'wait "$p"',
  'kill "$w" 2>/dev/null',
].join('\n');

/** Parses `Event 'remove' on source #17`; null for anything else. */
export function parseSubscribeLine(line: string): PulseEvent | null {
  const m = /^Event '(new|change|remove)' on ([\w-]+) #(\d+)\s*$/.exec(line);
  if (!m) return null;
  return { event: m[1] as PulseEvent['event'], facility: m[2] as string, index: Number(m[3]) };
}

/** Source indexes by name from `pactl list short sources` (index, name, driver, ... separated by tabs). */
export function parseShortSources(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [index, name] = line.split('\t');
    if (name !== undefined && /^\d+$/.test(index ?? '')) out.set(name, Number(index));
  }
  return out;
}

/** The index of the source named `name` now; null when there is none (or pactl cannot tell). */
export async function pulseSourceIndex(
  name: string,
  run: CommandRunner = runCommand,
): Promise<number | null> {
  const list = await run('pactl', ['list', 'short', 'sources']);
  return list.code === 0 ? (parseShortSources(list.stdout).get(name) ?? null) : null;
}

/** Runs `pactl subscribe` and calls `onRemoved` with the index of every source removed. */
export class SourceRemovalWatch {
  private child: ChildProcess | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly onRemoved: (index: number) => void) {
    this.subscribe();
  }

  /** Ends the subscription (closing the watchdog's pipe ends pactl, then its shell). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.child?.stdin?.end();
    this.child = null;
  }

  private subscribe(): void {
    const child = spawn('sh', ['-c', WATCHED_SUBSCRIBE], {
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.child = child;
    child.stdin.on('error', () => undefined); // the shell gone first: nothing left to tell
    child.on('error', () => {
      this.closed = true; // no shell: nothing to watch
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const e = parseSubscribeLine(line);
      if (e?.event === 'remove' && e.facility === 'source') this.onRemoved(e.index);
    });
    child.on('close', (code) => {
      if (code === 127) this.closed = true; // no pactl: nothing to watch (and ALSA has no stream rescue)
      if (this.closed || this.child !== child) return;
      this.timer = setTimeout(() => this.subscribe(), RESUBSCRIBE_MS);
      this.timer.unref();
    });
  }
}
