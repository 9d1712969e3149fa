/**
 * A PulseAudio rig for live-capture tests and the live benchmark: the daemon (started when no server answers), null sinks to
 * play into, their monitors to capture from, and paplay. Tests that need it fail, not skip, when it
 * cannot be had: CI runs them (.ci/run starts the daemon); DEVELOPERS.md says how to run them locally.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
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

/** Loads a null sink named `name` (make it unique: tests run in parallel and others may use pulse too). */
export async function nullSink(name: string): Promise<NullSink> {
  const { stdout } = await run('pactl', ['load-module', 'module-null-sink', `sink_name=${name}`]);
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
