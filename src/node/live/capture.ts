/**
 * One capture device as a stream of float blocks: sox records mono 16 kHz, and a capture process that
 * ends while the session runs is started again with a growing delay (0.5 s, 1 s, 2 s, 4 s, then every
 * 5 s) for as long as the session runs; meanwhile the caller fills silence. Blocks carry their arrival
 * time, since a device may deliver nothing for a while (the monitor of an idle output sends no data).
 * Also the app's device test, a few seconds of capture with a level meter.
 */
import { EventEmitter } from 'node:events';
import { dbfs } from '../../../dsp/loudness.js';
import type { CaptureState } from '../../live/protocol.js';
import { CaptureError, SOX_MISSING } from './capture-error.js';
import type { CaptureSystem } from './devices.js';
import { pulseSourceIndex, SourceRemovalWatch } from './pulse-watch.js';
import { checkSox, startSox, type SoxRun } from './sox.js';

/** The capture rate, Hz, unless the caller asks for another (the live engine resamples to 8 kHz). */
export const CAPTURE_RATE_HZ = 16000;
/** First retry delay, ms; doubled after each failed attempt up to MAX_RETRY_MS. */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;
/** A run this long was a working device: the next failure starts the delays from the first again, ms. */
const STABLE_RUN_MS = 5000;
/** sox alive this long without failing counts as running, even if no data came (an idle monitor), ms. */
const RUNNING_AFTER_MS = 500;
/** A sox that does not end within this time after SIGTERM is killed, ms. */
const STOP_GRACE_MS = 2000;
/** How often the device test reports the level, ms (a meter's refresh). */
const LEVEL_EVERY_MS = 100;

export interface CaptureOptions {
  /** The system the device belongs to (sox's driver), as listed. Omitted: sox's default driver. */
  system?: CaptureSystem;
  /** Default CAPTURE_RATE_HZ. */
  sampleRateHz?: number;
  /**
   * The caller has just checked that sox starts (checkSox, once for both devices of a call): start()
   * does not run `sox --version` again. A sox that cannot be spawned all the same still fails the capture.
   */
  soxChecked?: boolean;
}

/**
 * The events of a capture: 'data' with the samples of one chunk and their arrival time
 * (`performance.now()`, ms); 'status' on each change, with a message for 'retrying' and 'failed' and
 * the error on 'failed'.
 */
export interface CaptureEvents {
  data: [samples: Float32Array, arrivalMs: number];
  status: [state: CaptureState, message: string | null, error: CaptureError | null];
}

/** The delay before attempt `failures + 1`: 0.5 s, 1 s, 2 s, 4 s, then 5 s. */
export function retryDelayMs(failures: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** failures, MAX_RETRY_MS);
}

/** Captures one device from start() to stop(); see the file comment. */
export class DeviceCapture extends EventEmitter<CaptureEvents> {
  private run: SoxRun | null = null;
  private runSource: number | null = null;
  private state: CaptureState | null = null;
  private stopped = false;
  private failures = 0;
  private everRan = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private runningTimer: ReturnType<typeof setTimeout> | null = null;
  private watch: SourceRemovalWatch | null = null;
  private failure: CaptureError | null = null;

  constructor(
    readonly device: string,
    private readonly options: CaptureOptions = {},
  ) {
    super();
  }

  /**
   * Starts capturing; resolves once sox is started (status 'starting'); 'running' follows, or 'retrying'
   * while the device cannot be opened. Rejects with a CaptureError (status 'failed') when sox is missing
   * or cannot be started at all.
   */
  async start(): Promise<void> {
    if (this.state !== null) throw new Error('DeviceCapture: start() called twice');
    this.status('starting', null);
    try {
      if (this.options.soxChecked !== true) await checkSox();
    } catch (error) {
      this.fail(error as CaptureError);
      throw error;
    }
    if (this.options.system === 'pulseaudio') {
      this.watch = new SourceRemovalWatch((index) => {
        if (index === this.runSource) void this.run?.end('the device was removed', STOP_GRACE_MS);
      });
    }
    await this.attempt();
    if (this.failure) throw this.failure;
  }

  /** Ends capture: no more events; resolves when sox has exited. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    this.watch?.close();
    await this.run?.end('stopped', STOP_GRACE_MS);
  }

  /** Starts one sox; a failure to spawn it at all (not sox's own exit) ends capture. */
  private async attempt(): Promise<void> {
    try {
      await this.spawn();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.fail(new CaptureError(`cannot start sox for '${this.device}': ${why}`));
    }
  }

  private async spawn(): Promise<void> {
    const { system } = this.options;
    // PulseAudio would move the recording elsewhere when the source goes: note which one it is
    this.runSource = system === 'pulseaudio' ? await pulseSourceIndex(this.device) : null;
    if (this.stopped) return;
    const run = startSox(this.device, system, this.options.sampleRateHz ?? CAPTURE_RATE_HZ, {
      data: (samples, arrivalMs) => {
        if (this.stopped || this.run !== run) return;
        this.running();
        this.emit('data', samples, arrivalMs);
      },
      exit: (reason, ranMs, soxMissing) => {
        if (this.stopped || this.run !== run) return;
        this.run = null;
        this.clearTimers();
        if (soxMissing) this.fail(new CaptureError(SOX_MISSING));
        else this.retryLater(reason, ranMs);
      },
    });
    this.run = run;
    this.runningTimer = setTimeout(() => this.running(), RUNNING_AFTER_MS);
  }

  private running(): void {
    if (this.state === 'running') return;
    this.everRan = true;
    this.status('running', null);
  }

  private retryLater(reason: string, ranMs: number): void {
    if (ranMs >= STABLE_RUN_MS) this.failures = 0;
    const delay = retryDelayMs(this.failures++);
    const what = this.everRan ? `capture of '${this.device}' stopped` : `cannot open '${this.device}'`;
    this.status('retrying', `${what}: ${reason} (trying again in ${(delay / 1000).toFixed(1)} s)`);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.attempt();
    }, delay);
  }

  private fail(error: CaptureError): void {
    this.failure = error;
    this.stopped = true;
    this.clearTimers();
    this.watch?.close();
    this.status('failed', error.message, error);
  }

  private clearTimers(): void {
    if (this.retry) clearTimeout(this.retry);
    if (this.runningTimer) clearTimeout(this.runningTimer);
    this.retry = this.runningTimer = null;
  }

  private status(state: CaptureState, message: string | null, error: CaptureError | null = null): void {
    this.state = state;
    this.emit('status', state, message, error);
  }
}

/** What a device test measured; levels in dB re full scale (a full-scale sine reads -3 dB, silence -120). */
export interface DeviceTestResult {
  /** The loudest sample, dB. */
  peakDb: number;
  /** The RMS level over the whole test, dB. */
  rmsDb: number;
  /** Samples received: 0 when the device delivered nothing (the monitor of an output playing nothing). */
  samples: number;
}

/**
 * The app's device test: captures `name` for `seconds`, calling `onLevel` with the RMS level (dB) of
 * what arrived in each ~100 ms (-120 when nothing did); resolves with the peak and overall level.
 * Rejects with a CaptureError when sox is missing or the device cannot be opened (or goes away).
 */
export async function testDevice(
  name: string,
  seconds: number,
  onLevel: (db: number) => void,
  options: CaptureOptions = {},
): Promise<DeviceTestResult> {
  if (!(seconds > 0)) throw new RangeError(`testDevice: seconds must be positive, got ${seconds}`);
  const capture = new DeviceCapture(name, options);
  const total = { sum: 0, n: 0, peak: 0 };
  const window = { sum: 0, n: 0 };
  capture.on('data', (block) => {
    for (const x of block) {
      window.sum += x * x;
      total.peak = Math.max(total.peak, Math.abs(x));
    }
    window.n += block.length;
  });
  const meter = setInterval(() => {
    onLevel(dbfs(window.n > 0 ? window.sum / window.n : 0));
    total.sum += window.sum;
    total.n += window.n;
    window.sum = window.n = 0;
  }, LEVEL_EVERY_MS);
  try {
    const failed = new Promise<never>((_, reject) =>
      capture.on('status', (state, message, error) => {
        if (state === 'retrying') reject(new CaptureError(message ?? `cannot open '${name}'`));
        if (state === 'failed') reject(error ?? new CaptureError(message ?? `cannot open '${name}'`));
      }),
    );
    failed.catch(() => undefined); // raced below; a late rejection after the test is not an error
    await Promise.race([capture.start(), failed]);
    await Promise.race([new Promise((resolve) => setTimeout(resolve, seconds * 1000)), failed]);
  } finally {
    clearInterval(meter);
    await capture.stop();
  }
  total.sum += window.sum;
  total.n += window.n;
  const rmsDb = dbfs(total.n > 0 ? total.sum / total.n : 0);
  return { peakDb: dbfs(total.peak * total.peak), rmsDb, samples: total.n };
}
