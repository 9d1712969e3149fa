/**
 * sox as the capture program: is it installed, how one sox process is started and watched, and the
 * environment it is started with. node-record-lpcm16 spawns `sox --default-device ... -` with
 * `{ ...process.env, AUDIODEV: device }`, so everything else sox and libpulse read must be in
 * process.env when `record()` is called; {@link withEnvironment} puts it there for that synchronous
 * call only and restores process.env after it.
 *
 * - AUDIODRIVER: the device list's system ('pulseaudio' or 'alsa'); the device name means nothing to
 *   another driver. Left as it is (sox's default driver) when the system is not known.
 * - PULSE_LATENCY_MSEC=20: libpulse asks the server for 20 ms fragments instead of its default (up to 2 s).
 * - SOX_OPTS=--buffer 640: sox moves audio in 640-byte (20 ms) buffers; its default 8 KiB is 256 ms at
 *   16 kHz mono.
 * - LD_PRELOAD=libstdbuf.so with _STDBUF_O=0 (what `stdbuf -o0` does), where coreutils has the library:
 *   sox writes to the pipe through C stdio, which buffers 4 KiB (128 ms) whatever --buffer says;
 *   unbuffered, audio arrives every ~30 ms. Measured on Debian bookworm with PulseAudio 16.1.
 *
 * Each is set only when absent, so a user's own value wins (AUDIODRIVER excepted, see above).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import lpcm16 from 'node-record-lpcm16';
import { CaptureError, SOX_MISSING } from './capture-error.js';
import { runCommand } from './commands.js';
import type { CaptureSystem } from './devices.js';
import { Pcm16Decoder } from './pcm.js';

const PULSE_LATENCY_MSEC = '20';
const SOX_BUFFER_OPTS = '--buffer 640';
/** Where coreutils installs libstdbuf (Debian/Ubuntu, Fedora/Arch, lib64 systems, a local build). */
const STDBUF_LIBRARIES = [
  '/usr/libexec/coreutils/libstdbuf.so',
  '/usr/lib/coreutils/libstdbuf.so',
  '/usr/lib64/coreutils/libstdbuf.so',
  '/usr/local/libexec/coreutils/libstdbuf.so',
];

/** The variables to set for one sox start, given the current environment; pure but for `exists`. */
export function soxEnvironment(
  system: CaptureSystem | undefined,
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): Record<string, string> {
  const vars: Record<string, string> = {};
  if (system !== undefined) vars['AUDIODRIVER'] = system;
  if (env['PULSE_LATENCY_MSEC'] === undefined) vars['PULSE_LATENCY_MSEC'] = PULSE_LATENCY_MSEC;
  if (env['SOX_OPTS'] === undefined) vars['SOX_OPTS'] = SOX_BUFFER_OPTS;
  const stdbuf = process.platform === 'linux' ? STDBUF_LIBRARIES.find((p) => exists(p)) : undefined;
  if (stdbuf !== undefined && env['_STDBUF_O'] === undefined) {
    const preload = env['LD_PRELOAD'];
    vars['_STDBUF_O'] = '0';
    vars['LD_PRELOAD'] = preload ? `${preload}:${stdbuf}` : stdbuf;
  }
  return vars;
}

/** Checks that sox can be started; rejects with the CaptureError saying how to install it. */
export async function checkSox(): Promise<void> {
  const version = await runCommand('sox', ['--version']);
  if (version.missing) throw new CaptureError(SOX_MISSING);
}

/** The line of sox's stderr that says why it stopped (its FAIL line when there is one), whitespace tidied. */
export function soxReason(stderr: string): string | null {
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '');
  return lines.find((l) => l.startsWith('sox FAIL')) ?? lines.at(-1) ?? null;
}

/** What one sox process reports. */
export interface SoxHandlers {
  /** Samples of one chunk and its arrival time (`performance.now()`, ms). */
  data(samples: Float32Array, arrivalMs: number): void;
  /** sox has exited; `reason` says why in a few words (its FAIL line, or why we ended it). */
  exit(reason: string, ranMs: number, soxMissing: boolean): void;
}

/** One sox process recording a device. */
export interface SoxRun {
  /** Ends sox (SIGTERM, SIGKILL after `graceMs`); `reason` is what exit() will say. */
  end(reason: string, graceMs: number): Promise<void>;
}

/**
 * Starts sox on `device` through node-record-lpcm16 (16-bit mono raw at `rateHz`). Every event of the
 * child is handled here: the library leaves its 'error' (ENOENT when sox is missing) unhandled, and
 * emits a string as 'error' on the stream when sox exits non-zero.
 */
export function startSox(
  device: string,
  system: CaptureSystem | undefined,
  rateHz: number,
  on: SoxHandlers,
): SoxRun {
  const recording = withEnvironment(soxEnvironment(system), () =>
    lpcm16.record({ recorder: 'sox', device, sampleRate: rateHz, channels: 1, audioType: 'raw' }),
  );
  const proc: ChildProcess = recording.process;
  const startedMs = performance.now();
  const decoder = new Pcm16Decoder();
  let stderr = '';
  let missing = false;
  let endedBecause: string | null = null;
  let closed: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (closed = resolve));
  proc.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') missing = true;
  });
  recording.stream().on('error', () => undefined); // the exit is reported from 'close' below
  proc.stderr?.on('data', (text: Buffer) => {
    if (stderr.length < 4096) stderr += text.toString('utf8');
  });
  recording.stream().on('data', (chunk: Buffer) => {
    const arrivalMs = performance.now();
    const samples = decoder.push(chunk);
    if (samples.length > 0) on.data(samples, arrivalMs);
  });
  proc.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
    closed();
    const reason =
      endedBecause ??
      soxReason(stderr) ??
      (signal !== null ? `sox was ended by ${signal}` : `sox exited with code ${code ?? 'none'}`);
    on.exit(reason, performance.now() - startedMs, missing);
  });
  return {
    async end(reason, graceMs) {
      endedBecause ??= reason;
      const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      proc.kill();
      await done;
      clearTimeout(kill);
    },
  };
}

/** Calls `fn` with `vars` set in process.env, then puts process.env back as it was. */
export function withEnvironment<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = new Map(Object.keys(vars).map((k) => [k, process.env[k]] as const));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
  }
}
