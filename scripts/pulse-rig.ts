/**
 * A PulseAudio rig for live-capture tests and the live benchmark: the daemon (started when no server
 * answers); pipe sources, one per party, that a call is written into, paced by one clock, and that live
 * mode captures as it captures a headset; null sinks to play into with paplay, whose monitors are what
 * live mode captures of a softphone's output. Tests that need it fail, not skip, when it cannot be had:
 * CI runs them (.ci/run starts the daemon); DEVELOPERS.md says how to run them locally.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The message a pulse test fails with when there is no PulseAudio. */
export const PULSE_HELP =
  'PulseAudio is not running and could not be started: install it (apt-get install pulseaudio ' +
  'pulseaudio-utils sox) and start it with `pulseaudio -D --exit-idle-time=-1 --disallow-exit` ' +
  '(as root) or `pulseaudio --start`; see DEVELOPERS.md';

async function answers(): Promise<boolean> {
  try {
    await run('pactl', ['info'], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** Whether a PulseAudio server answers, starting the daemon first when none does. */
export async function ensurePulse(): Promise<boolean> {
  if (await answers()) return true;
  try {
    await run('pulseaudio', ['-D', '--exit-idle-time=-1', '--disallow-exit'], { timeout: 10_000 });
  } catch {
    // already starting, or not installed: the poll below tells
  }
  for (let i = 0; i < 50; i++) {
    if (await answers()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** A null sink loaded for a test. */
export interface NullSink {
  /** The sink name, what paplay plays into. */
  sink: string;
  /** Its monitor source, what capture records. */
  monitor: string;
  /** Unloads the sink (its monitor goes with it). */
  unload(): Promise<void>;
}

/**
 * How long to let a null sink's monitor settle between opening a capture and playing into it: when
 * playback starts sooner, the monitor can lag it by 1-2 s and keep that lag (DEVELOPERS.md), ms.
 */
export const SETTLE_MS = 3000;

/** Loads a null sink named `name` (make it unique: tests run in parallel and others may use pulse too). */
export async function nullSink(name: string): Promise<NullSink> {
  // mono at the capture rate: the sound server passes the audio through without resampling it
  const { stdout } = await run('pactl', [
    'load-module',
    'module-null-sink',
    `sink_name=${name}`,
    'rate=16000',
    'channels=1',
  ]);
  const module = stdout.trim();
  let loaded = true;
  return {
    sink: name,
    monitor: `${name}.monitor`,
    async unload() {
      if (!loaded) return;
      loaded = false;
      await run('pactl', ['unload-module', module]);
    },
  };
}

/** A paplay process and its end. */
export interface Playback {
  process: ChildProcess;
  /** Resolves when paplay has exited (killed or done). */
  finished: Promise<void>;
}

/** Plays a WAV file into `sink` with paplay, in real time. */
export function playInto(sink: string, wavPath: string): Playback {
  const process = spawn('paplay', [`--device=${sink}`, wavPath], { stdio: 'ignore' });
  const finished = new Promise<void>((resolve, reject) => {
    process.on('error', reject);
    process.on('close', () => resolve());
  });
  return { process, finished };
}

/** A PulseAudio pipe source loaded for a test: what is written into its FIFO is what a capture of it records. */
export interface PipeSource {
  /** The source's name: the device live mode captures. */
  source: string;
  /** The FIFO the sound server reads it from. */
  fifo: string;
  /** Unloads the source (the server removes its FIFO). */
  unload(): Promise<void>;
}

/**
 * Loads a pipe source named `name` at 16 kHz mono (the capture rate: nothing is resampled). It delivers
 * exactly what is written, when it is written, and nothing while nothing is (as an idle monitor), so a
 * capture of it hears the call to the sample however late the writer is. Make the name unique.
 */
export async function pipeSource(name: string): Promise<PipeSource> {
  const fifo = join(tmpdir(), `${name}.fifo`);
  const { stdout } = await run('pactl', [
    'load-module',
    'module-pipe-source',
    `source_name=${name}`,
    `file=${fifo}`,
    'format=s16le',
    'rate=16000',
    'channels=1',
  ]);
  const module = stdout.trim();
  let loaded = true;
  return {
    source: name,
    fifo,
    async unload() {
      if (!loaded) return;
      loaded = false;
      await run('pactl', ['unload-module', module]);
    },
  };
}

/** How well the writer kept to its clock: how late each write was against when it was due, ms. */
export interface Pacing {
  /** Wall time from the first sample due to the last written, s. */
  wallSec: number;
  /** Bytes of each party dropped because its source was not read (no capture of it). */
  droppedBytes: number[];
  /** The call's length, s. */
  callSec: number;
  lateP50Ms: number;
  lateP95Ms: number;
  lateMaxMs: number;
}

/** Bytes of one step: 10 ms at 16 kHz, 16-bit mono. */
const STEP_BYTES = 320;
/**
 * A party's bytes due but not yet taken by its FIFO are kept up to this much (2 s) and written as soon as
 * the FIFO takes them; beyond it nobody is reading that source (no capture of it: the sound server then
 * suspends it and stops reading), and they are dropped, so the writer never blocks, bytes.
 */
const MAX_BACKLOG_BYTES = 2 * 32000;

/** One party's FIFO, written without ever blocking: what it does not take now waits for the next pass. */
class FifoFeed {
  private backlog: Buffer = Buffer.alloc(0);
  private gone = false;
  /** Bytes dropped because nobody read them. */
  dropped = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async open(fifo: string): Promise<FifoFeed> {
    // the sound server holds the FIFO open for reading, so opening it to write does not wait
    return new FifoFeed(await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  }

  get pending(): number {
    return this.backlog.length;
  }

  /** Queues `bytes` after what is waiting and writes what the FIFO takes now. */
  async feed(bytes: Buffer): Promise<void> {
    if (this.gone) return;
    this.backlog = this.backlog.length === 0 ? bytes : Buffer.concat([this.backlog, bytes]);
    while (this.backlog.length > 0) {
      let n: number;
      try {
        n = (await this.handle.write(this.backlog)).bytesWritten;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          this.gone = true; // the source was unloaded: nobody will read this FIFO again
          this.dropped += this.backlog.length;
          this.backlog = Buffer.alloc(0);
          return;
        }
        if (code !== 'EAGAIN') throw error;
        n = 0;
      }
      this.backlog = this.backlog.subarray(n);
      if (n === 0) break;
    }
    if (this.backlog.length > MAX_BACKLOG_BYTES) {
      this.dropped += this.backlog.length;
      this.backlog = Buffer.alloc(0);
    }
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
const STEP_MS = 10;
/** The first sample is due this long after the FIFOs are open, ms. */
const LEAD_MS = 100;

/**
 * Writes a call's parties, mono 16 kHz PCM16, one per pipe source, paced by one clock: step k (10 ms of
 * every party) is due at `startMs + 10 k`, and each pass writes every step due by now to every party at
 * once. After a stall (a busy machine) it catches up at once, the parties together, instead of drifting:
 * however late a write, the parties stay aligned to the sample and the call's time to the clock (what
 * was late arrives in a burst, as from a capture device that was held up). `onStart` gets `startMs`
 * (performance.now() time) when the first sample is due.
 */
export async function playPaced(
  sources: readonly Pick<PipeSource, 'fifo'>[],
  pcm: readonly Buffer[],
  onStart: (startMs: number) => void,
): Promise<Pacing> {
  if (sources.length !== pcm.length) throw new RangeError('playPaced: one buffer per source');
  const bytes = Math.max(...pcm.map((b) => b.length));
  // every party as long as the longest (silence after its end), whole steps
  const total = Math.ceil(bytes / STEP_BYTES);
  const parties = pcm.map((b) => {
    const padded = Buffer.alloc(total * STEP_BYTES);
    b.copy(padded);
    return padded;
  });
  const feeds: FifoFeed[] = [];
  try {
    for (const s of sources) feeds.push(await FifoFeed.open(s.fifo));
    const startMs = performance.now() + LEAD_MS;
    onStart(startMs);
    const late: number[] = [];
    for (let step = 0; step < total;) {
      const wait = startMs + step * STEP_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const now = performance.now();
      late.push(now - (startMs + step * STEP_MS));
      const due = Math.min(total, Math.floor((now - startMs) / STEP_MS) + 1);
      await Promise.all(
        feeds.map((f, i) => f.feed((parties[i] as Buffer).subarray(step * STEP_BYTES, due * STEP_BYTES))),
      );
      step = due;
    }
    // what a FIFO has not taken yet, it gets while it reads (for a while at most)
    for (let i = 0; i < 100 && feeds.some((f) => f.pending > 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, STEP_MS));
      await Promise.all(feeds.map((f) => f.feed(Buffer.alloc(0))));
    }
    const sorted = late.sort((a, b) => a - b);
    const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    return {
      wallSec: (performance.now() - startMs) / 1000,
      callSec: (total * STEP_MS) / 1000,
      droppedBytes: feeds.map((f) => f.dropped + f.pending),
      lateP50Ms: at(0.5),
      lateP95Ms: at(0.95),
      lateMaxMs: sorted.at(-1) ?? 0,
    };
  } finally {
    await Promise.all(feeds.map((f) => f.close()));
  }
}

/** One channel (0-based) of a call file as 16 kHz mono PCM16 (what playPaced plays), by sox. */
export function channelPcm(file: string, channel: number): Buffer {
  return execFileSync(
    'sox',
    [file, '-t', 'raw', '-e', 'signed', '-b', '16', '-r', '16000', '-', 'remix', String(channel + 1)],
    { maxBuffer: 1 << 28 },
  );
}
