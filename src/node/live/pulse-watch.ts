/**
 * Notices a PulseAudio source going away while sox records from it. PulseAudio does not end such a
 * recording: it moves the stream to the default source (stream rescue, in the server's core since 14),
 * and sox goes on recording the wrong device without a word (measured with PulseAudio 16.1: a null
 * sink unloaded under sox, sox kept running on the default source). So capture watches
 * `pactl subscribe` and ends sox itself when its source is removed.
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

  /** Ends the subscription. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.child?.kill();
    this.child = null;
  }

  private subscribe(): void {
    const child = spawn('pactl', ['subscribe'], {
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.child = child;
    child.on('error', () => {
      this.closed = true; // no pactl: nothing to watch (and ALSA has no stream rescue)
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const e = parseSubscribeLine(line);
      if (e?.event === 'remove' && e.facility === 'source') this.onRemoved(e.index);
    });
    child.on('close', () => {
      if (this.closed || this.child !== child) return;
      this.timer = setTimeout(() => this.subscribe(), RESUBSCRIBE_MS);
      this.timer.unref();
    });
  }
}
