/**
 * One live call: aligned blocks in, the engine's stream read three ways. The report builder (inside
 * CallAnalysis, so Ctrl+C writes the very report `analyze` writes for the same audio), the cue policy
 * (what the agent sees) and the journal (the session on disk as it runs, to recover after a crash).
 * Portable: the CLI, Electron's main process and the web-mode server run it in Node with onnxruntime-node.
 */
import type { SileroStreams } from '../../dsp/silero.js';
import { CallAnalysis } from '../analysis.js';
import type { TimelinePoint } from '../engine/engine.js';
import type { CallEvent, Party } from '../engine/events.js';
import type { Settings } from '../engine/settings.js';
import { ENGINE_RATE_HZ } from '../engine/speech-tracker.js';
import type { LevelSeeds } from '../engine/survey.js';
import type { LiveReport, Report, SourceInfoReport } from '../report/schema.js';
import { CuePolicy, DEFAULT_CUE_POLICY, type CuePolicySettings } from './cue-policy.js';
import { compactPoint, JOURNAL_SCHEMA } from './journal.js';
import type { JournalLine } from './journal-line.js';
import type { CaptureState, LiveAction, LivePoint, LiveTally, LiveUpdate } from './protocol.js';
import { LiveTallyCounter } from './tally.js';

export interface LiveSessionOptions {
  sessionId: string;
  /** When the call started, ISO 8601. */
  startedAt: string;
  agentDevice: string;
  callDevice: string;
  /** The agent's name, when known (their profile seeds the agent's level). */
  agent: string | null;
  /** Where the call audio is being recorded, or null (the default: nothing is kept). */
  recordingPath: string | null;
  settings: Settings;
  /** Fresh VAD streams (8 kHz, 2 streams). */
  vad: SileroStreams;
  /** The capture rate of the aligned blocks, Hz. */
  rateHz: number;
  /** Known levels: the agent's profile; a live call has no first pass, so the rest is learned. */
  seeds?: LevelSeeds;
  cuePolicy?: CuePolicySettings;
  version: string;
}

export interface LiveSessionSink {
  update(u: LiveUpdate): void;
  /** Lines to append to the session journal (src/live/journal.ts). */
  journal?(line: JournalLine): void;
}

export class LiveSession {
  private readonly analysis: CallAnalysis;
  private readonly cues: CuePolicy;
  private readonly tally = new LiveTallyCounter();
  private readonly incidents: LiveReport['incidents'] = [];
  private readonly troubled = new Set<Party>();
  private lastTallySec = -1;

  constructor(
    private readonly options: LiveSessionOptions,
    private readonly sink: LiveSessionSink,
  ) {
    const source: Omit<SourceInfoReport, 'durationSec'> = {
      files: [options.agentDevice, options.callDevice],
      codec: 'live capture, PCM 16-bit',
      sampleRateHz: options.rateHz,
      channels: 2,
      agentChannel: 0,
    };
    this.cues = new CuePolicy(
      ENGINE_RATE_HZ,
      options.settings,
      {
        cue: (cue) => {
          sink.update({ type: 'cue', cue });
          sink.journal?.({ type: 'cue', cue });
        },
        controls: (controls) => {
          sink.update({ type: 'controls', controls });
          sink.journal?.({ type: 'controls', controls });
        },
      },
      options.cuePolicy ?? DEFAULT_CUE_POLICY,
    );
    this.analysis = new CallAnalysis(
      options.settings,
      options.vad,
      source,
      {
        cue: (c) => this.cues.engineCue(c),
        event: (e) => this.event(e),
        timeline: (p) => this.point(p),
      },
      options.seeds,
    );
    sink.journal?.({
      type: 'start',
      schema: JOURNAL_SCHEMA,
      sessionId: options.sessionId,
      startedAt: options.startedAt,
      version: options.version,
      settings: options.settings,
      source,
      agent: options.agent,
      agentDevice: options.agentDevice,
      callDevice: options.callDevice,
      recordingPath: options.recordingPath,
    });
    sink.update({
      type: 'started',
      sessionId: options.sessionId,
      agentDevice: options.agentDevice,
      callDevice: options.callDevice,
      recording: options.recordingPath !== null,
    });
  }

  /** Seconds of call taken in so far. */
  get secondsIn(): number {
    return this.analysis.secondsIn;
  }

  /** Aligned blocks of both parties at the capture rate. Await each before the next. */
  async push(agent: Float32Array, customer: Float32Array): Promise<void> {
    await this.analysis.push(agent, customer);
  }

  /** The agent snoozed, muted, or marked a cue wrong. */
  action(a: LiveAction): void {
    this.cues.action(a);
  }

  /** A capture device changed state (retrying, running again): said on screen and kept in the report. */
  device(party: Party, state: CaptureState, message: string | null): void {
    // an incident is trouble and the way back from it; a device starting as it should is not one
    const trouble = state === 'retrying' || state === 'failed';
    const incident = trouble || (state === 'running' && this.troubled.delete(party));
    if (trouble) this.troubled.add(party);
    this.sink.update({ type: 'device', party, state, message, incident });
    if (!incident) return;
    const atSec = round(this.secondsIn);
    this.incidents.push({ party, state, message, atSec });
    this.sink.journal?.({ type: 'device', party, state, message, atSec });
  }

  /** End of the call: everything still open is decided, and the report is built. */
  async finish(warnings: readonly string[] = []): Promise<Report> {
    const report = await this.analysis.finish(this.options.version, warnings);
    this.cues.finish();
    report.live = this.liveReport(false);
    this.sink.journal?.({ type: 'baselines', baselines: this.analysis.baselines });
    this.sink.journal?.({ type: 'end', atSec: round(this.secondsIn) });
    this.sink.update({ type: 'tally', tally: this.currentTally() });
    this.sink.update({ type: 'ended', sessionId: this.options.sessionId });
    return report;
  }

  private liveReport(recovered: boolean): LiveReport {
    const o = this.options;
    return {
      sessionId: o.sessionId,
      startedAt: o.startedAt,
      agent: o.agent,
      agentDevice: o.agentDevice,
      callDevice: o.callDevice,
      recordingPath: o.recordingPath,
      cues: this.cues.history.map((c) => ({ ...c })),
      heldBack: this.cues.controls.heldBack,
      incidents: [...this.incidents],
      recovered,
    };
  }

  private event(e: CallEvent): void {
    this.cues.event(e);
    this.sink.journal?.({ type: 'event', e });
    if (this.tally.event(e, ENGINE_RATE_HZ)) this.sink.update({ type: 'tally', tally: this.currentTally() });
  }

  private point(p: TimelinePoint): void {
    this.cues.point(p);
    this.sink.journal?.({ type: 'point', p: compactPoint(p) });
    const live: LivePoint = {
      t: round(p.sample / ENGINE_RATE_HZ),
      agentDb: round1(p.agentDb),
      customerDb: round1(p.customerDb),
      agentRelDb: p.agentRelDb === null ? null : round1(p.agentRelDb),
      customerRelDb: p.customerRelDb === null ? null : round1(p.customerRelDb),
      agentSpeaking: p.agentSpeaking,
      customerSpeaking: p.customerSpeaking,
    };
    this.sink.update({ type: 'points', points: [live] });
    const whole = Math.floor(live.t);
    if (whole !== this.lastTallySec) {
      // once a second: the call's length and each party's level as known now
      this.lastTallySec = whole;
      this.sink.update({ type: 'tally', tally: this.currentTally() });
      if (whole % 5 === 0) this.sink.journal?.({ type: 'baselines', baselines: this.analysis.baselines });
    }
  }

  private currentTally(): LiveTally {
    return this.tally.snapshot(this.secondsIn, this.analysis.baselines);
  }
}

const round = (s: number): number => Math.round(s * 1000) / 1000;
const round1 = (x: number): number => Math.round(x * 10) / 10;
