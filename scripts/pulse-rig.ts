/**
 * A PulseAudio rig for live-capture tests and the live benchmark: the daemon (started when no server answers), null sinks to
 * play into, their monitors to capture from, and paplay. Tests that need it fail, not skip, when it
 * cannot be had: CI runs them (.ci/run starts the daemon); DEVELOPERS.md says how to run them locally.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
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

/**
 * Plays two mono 16 kHz PCM16 buffers into two sinks at once through pacat (20 ms buffers), paced by
 * this process's clock in 10 ms chunks: the sample at t s of the call is written at `startMs + t` (its
 * playing starts within pacat's 20 ms after that). `onStart` gets `startMs`; resolves once
 * all is written and both players have finished.
 */
export async function playPaced(
  sinks: [string, string],
  pcm: [Buffer, Buffer],
  onStart: (startMs: number) => void,
): Promise<void> {
  const players = sinks.map((sink) =>
    spawn(
      'pacat',
      [
        '--playback',
        `--device=${sink}`,
        '--format=s16le',
        '--rate=16000',
        '--channels=1',
        '--latency-msec=20',
        '--raw',
      ],
      {
        stdio: ['pipe', 'ignore', 'ignore'],
      },
    ),
  );
  const CHUNK = 320; // bytes: 10 ms at 16 kHz, 16-bit
  const lead = Buffer.alloc(16000); // 0.5 s of silence: both streams running before the call starts
  for (const p of players) p.stdin.write(lead);
  const startMs = performance.now() + 500;
  onStart(startMs);
  const total = Math.max(pcm[0].length, pcm[1].length);
  for (let at = 0; at < total; at += CHUNK) {
    const due = startMs + (at / 32000) * 1000 - 20; // keep pacat's buffer fed 20 ms ahead
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    players.forEach((p, i) => p.stdin.write((pcm[i] as Buffer).subarray(at, at + CHUNK)));
  }
  await Promise.all(players.map((p) => new Promise((r) => (p.stdin.end(), p.on('close', r)))));
}

/** One channel (0-based) of a call file as 16 kHz mono PCM16 (what playPaced plays), by sox. */
export function channelPcm(file: string, channel: number): Buffer {
  return execFileSync(
    'sox',
    [file, '-t', 'raw', '-e', 'signed', '-b', '16', '-r', '16000', '-', 'remix', String(channel + 1)],
    { maxBuffer: 1 << 28 },
  );
}
