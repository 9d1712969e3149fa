/**
 * One live call in Node: two audio inputs → DeviceAligner → LiveSession, with the journal written as it
 * runs and, only when asked, a two-channel recording. Used by `softspoken live`, Electron's main process
 * and the web-mode server (through LiveController). The inputs are injected: sox captures in use, a file
 * played at any speed in tests and the benchmark.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SileroInfer } from '../../../dsp/silero.js';
import { SileroStreams } from '../../../dsp/silero.js';
import type { Party } from '../../engine/events.js';
import type { Settings } from '../../engine/settings.js';
import type { CuePolicySettings } from '../../live/cue-policy.js';
import { DeviceAligner, type AlignerStats } from '../../live/aligner.js';
import type { CaptureState, LiveAction, LiveUpdate } from '../../live/protocol.js';
import { LiveSession } from '../../live/session.js';
import type { Report } from '../../report/schema.js';
import { JournalFileError, JournalWriter } from './journal-file.js';
import { RecordingError, WavRecorder } from './wav-recorder.js';

/** The capture rate: both devices are captured at it, and the recording is written at it, Hz. */
export const LIVE_RATE_HZ = 16000;
/** Samples per aligned block: one engine frame (32 ms). */
const BLOCK_SAMPLES = 512;
/** How often a stalled device is checked for (and filled with silence), ms. */
const TICK_MS = 100;

/** Where the call's recording goes: a WavRecorder, or in tests one that fails when told to. */
export type Recording = Pick<WavRecorder, 'write' | 'close'>;

/** m:ss of call time. */
const callClock = (sec: number): string =>
  `${Math.floor(sec / 60)}:${String(Math.floor(sec % 60)).padStart(2, '0')}`;

/** One party's audio: a capture device, or a file played in tests. */
export interface AudioInput {
  /** Starts delivering samples at LIVE_RATE_HZ; rejects when the device cannot be used at all (sox missing). */
  start(
    onData: (samples: Float32Array, atMs: number) => void,
    onStatus: (state: CaptureState, message: string | null) => void,
  ): Promise<void>;
  stop(): Promise<void>;
}

export interface LiveRunOptions {
  agentDevice: string;
  callDevice: string;
  inputs: { agent: AudioInput; customer: AudioInput };
  agent: string | null;
  /** Names the journal, `<sessionsDir>/<sessionId>.jsonl`. */
  sessionId: string;
  sessionsDir: string;
  /** Where to keep a two-channel WAV of the call; null: nothing is recorded (the default). */
  recordingPath: string | null;
  settings: Settings;
  infer: SileroInfer;
  version: string;
  /** The agent's normal level from their profile, dB. */
  agentProfileDb: number | null;
  /** The customers' calm level on this agent's line from their profile (a prior), dB. */
  customerPriorDb?: number | null;
  cuePolicy?: CuePolicySettings;
  onUpdate: (u: LiveUpdate) => void;
  /** The clock, ms (tests and the benchmark run faster than real time). */
  now?: () => number;
  /** Opens the recording (default: a WavRecorder); throws a RecordingError when it cannot. */
  openRecording?: (path: string, rateHz: number) => Recording;
}

export class LiveRun {
  readonly sessionId: string;
  readonly journalPath: string;
  readonly recordingPath: string | null;
  private readonly session: LiveSession;
  private readonly aligner: DeviceAligner;
  /** null when it could not even be opened (the call goes on in memory). */
  private readonly journal: JournalWriter | null;
  private recorder: Recording | null;
  /** What went wrong with the session's files, one line each (said once, when it happened). */
  private readonly fileProblems = new Map<'journal' | 'recording', string>();
  private readonly timer: ReturnType<typeof setInterval>;
  private pump: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly now: () => number;
  private stopped = false;

  private constructor(private readonly options: LiveRunOptions) {
    this.now = options.now ?? (() => performance.now());
    const started = new Date();
    this.sessionId = options.sessionId;
    this.journalPath = join(options.sessionsDir, `${this.sessionId}.jsonl`);
    this.recordingPath = options.recordingPath;
    const open = options.openRecording ?? ((path, rate) => new WavRecorder(path, rate));
    // a recording that cannot be created is refused before the call starts (the user asked for it there)
    this.recorder = this.recordingPath ? open(this.recordingPath, LIVE_RATE_HZ) : null;
    let journal: JournalWriter | null = null;
    let openFailed: JournalFileError | null = null;
    try {
      journal = JournalWriter.open(this.journalPath, {
        onError: (e) => this.fileTrouble('journal', e.message),
      });
    } catch (error) {
      if (!(error instanceof JournalFileError)) throw error;
      openFailed = error; // the call goes on in memory, and says so once it has started
    }
    this.journal = journal;
    this.session = new LiveSession(
      {
        sessionId: this.sessionId,
        startedAt: started.toISOString(),
        agentDevice: options.agentDevice,
        callDevice: options.callDevice,
        agent: options.agent,
        recordingPath: this.recordingPath,
        settings: options.settings,
        vad: new SileroStreams(options.infer, 8000, 2),
        rateHz: LIVE_RATE_HZ,
        seeds: {
          agentNormalDb: null,
          customerCalmDb: null,
          agentProfileDb: options.agentProfileDb,
          customerPriorDb: options.customerPriorDb ?? null,
        },
        version: options.version,
        ...(options.cuePolicy && { cuePolicy: options.cuePolicy }),
      },
      { update: options.onUpdate, journal: (line) => this.journal?.append(line) },
    );
    if (openFailed) this.fileTrouble('journal', openFailed.message);
    this.aligner = new DeviceAligner(
      { rateHz: LIVE_RATE_HZ, blockSamples: BLOCK_SAMPLES },
      this.now(),
      (a, c) => this.analyze(a, c),
    );
    this.timer = setInterval(() => this.aligner.tick(this.now()), TICK_MS);
    this.timer.unref();
  }

  /** Starts both inputs; rejects (and cleans up) when either cannot start. */
  static async start(options: LiveRunOptions): Promise<LiveRun> {
    const run = new LiveRun(options);
    try {
      await Promise.all([
        run.startInput(0, options.inputs.agent),
        run.startInput(1, options.inputs.customer),
      ]);
    } catch (error) {
      await run.abort();
      throw error;
    }
    return run;
  }

  get secondsIn(): number {
    return this.session.secondsIn;
  }

  get alignment(): AlignerStats {
    return this.aligner.statistics;
  }

  /** Resolves when every block aligned so far has been analysed (the benchmark and tests pace by it). */
  async whenIdle(): Promise<void> {
    let pump;
    do {
      pump = this.pump;
      await pump;
    } while (pump !== this.pump);
  }

  action(a: LiveAction): void {
    this.session.action(a);
  }

  /**
   * What went wrong with the session's files (the journal or the recording could not be written, a
   * full disk say): one line each; the report says the same among its warnings. Empty when all is well.
   */
  get problems(): string[] {
    return [...this.fileProblems.values()];
  }

  /**
   * Ends the call: inputs stopped, everything queued analysed, the report built, files closed. The
   * report is built from memory: a journal or recording that could not be written does not stop it
   * (`problems` then says what was lost).
   */
  async stop(): Promise<Report> {
    if (this.stopped) throw new Error('the live call has already ended');
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.all([this.options.inputs.agent.stop(), this.options.inputs.customer.stop()]);
    await this.pump;
    if (this.failure) throw this.failure;
    this.closeRecording();
    const report = await this.session.finish(this.warnings());
    let journalWhole = this.journal !== null;
    try {
      await this.journal?.close();
    } catch (error) {
      if (!(error instanceof JournalFileError)) throw error;
      journalWhole = false;
      this.fileTrouble('journal', error.message);
    }
    // a journal that caught up once the disk had room again holds the whole call after all
    if (journalWhole) this.fileProblems.delete('journal');
    report.warnings.push(...this.problems);
    return report;
  }

  /** Flushes and closes the recording; a failure is a problem of the session, not an error. */
  private closeRecording(): void {
    try {
      this.recorder?.close();
    } catch (error) {
      if (!(error instanceof RecordingError)) throw error;
      this.fileTrouble('recording', error.message);
    }
    this.recorder = null;
  }

  /**
   * A file of the session could not be written (said at its first failure; the call goes on, kept in
   * memory, and its report is built all the same): on screen now, among the report's warnings at the end.
   */
  private fileTrouble(kind: 'journal' | 'recording', reason: string): void {
    if (this.fileProblems.has(kind)) return;
    const at = callClock(this.session.secondsIn);
    const line =
      kind === 'journal'
        ? `${reason} (at ${at} of the call): the call goes on in memory and its report is written at the end, ` +
          'but until the disk has room it cannot be recovered if this program stops'
        : `${reason} (at ${at} of the call): the recording stops there; the call and its analysis go on`;
    this.fileProblems.set(kind, line);
    this.options.onUpdate({ type: 'warning', message: line });
  }

  private async startInput(device: 0 | 1, input: AudioInput): Promise<void> {
    const party: Party = device === 0 ? 'agent' : 'customer';
    let starting = true;
    try {
      await input.start(
        (samples, atMs) => {
          if (!this.stopped) this.aligner.write(device, samples, atMs);
        },
        (state, message) => {
          // a device that fails to start is said once, by the rejection of start()
          if (this.stopped || (starting && state === 'failed')) return;
          this.session.device(party, state, message);
        },
      );
    } finally {
      starting = false;
    }
  }

  private analyze(agent: Float32Array, customer: Float32Array): void {
    try {
      this.recorder?.write(agent, customer);
    } catch (error) {
      if (!(error instanceof RecordingError)) throw error;
      this.recorder = null; // it keeps nothing after a failed write: the rest of the call is not recorded
      this.fileTrouble('recording', error.message);
    }
    this.pump = this.pump.then(async () => {
      if (this.failure) return;
      try {
        await this.session.push(agent, customer);
      } catch (error) {
        this.failure = error;
        this.options.onUpdate({
          type: 'error',
          message: `the analysis stopped: ${(error as Error).message}`,
        });
      }
    });
  }

  private warnings(): string[] {
    const s = this.aligner.statistics;
    const out: string[] = [];
    const names = ['agent', 'call'] as const;
    for (const d of [0, 1] as const) {
      const filled = s.filledSamples[d] / LIVE_RATE_HZ;
      if (filled >= 1) {
        out.push(
          `the ${names[d]} device delivered nothing for ${filled.toFixed(1)} s in all: silence was put there`,
        );
      }
    }
    return out;
  }

  private async abort(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled([this.options.inputs.agent.stop(), this.options.inputs.customer.stop()]);
    try {
      this.recorder?.close();
      await this.journal?.close();
    } catch {
      // a call that never started: its files are removed below
    }
    // a call that never started leaves nothing to recover
    rmSync(this.journalPath, { force: true });
    if (this.recordingPath) rmSync(this.recordingPath, { force: true });
  }
}

/** A new session's id: its start time (sortable, safe in a file name) and a few random letters. */
export function newSessionId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}
