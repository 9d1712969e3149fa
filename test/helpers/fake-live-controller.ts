/**
 * A scripted LiveController for the transports and the live window: no devices, no engine. `emit` pushes an
 * update by hand; a `script` plays timed updates after start (the e2e test). Actions behave the way the
 * real cue policy answers them (src/live/cue-policy.ts): a wrong cue comes back marked, a snooze or a mute
 * comes back as controls. stop() and recover() return the report given, with its `live` section made from
 * the cues shown, so the review sees what a real session would hand it.
 */
import type {
  LiveController,
  LiveDevice,
  LiveSessionResult,
  RecoverableSession,
} from '../../src/live/controller.js';
import type {
  CueControls,
  LiveAction,
  LiveCue,
  LiveStartRequest,
  LiveUpdate,
} from '../../src/live/protocol.js';
import type { Report } from '../../src/report/schema.js';

/** One update of a script, `atMs` after start() resolved. */
export interface ScriptStep {
  atMs: number;
  update: LiveUpdate;
}

export interface FakeLiveOptions {
  devices?: LiveDevice[];
  recoverable?: RecoverableSession[];
  /** The session's report (its `live` section is filled in here). */
  report: () => Report | Promise<Report>;
  /** The call's recording when the start asked for one (record: true), else none. */
  recordingPath?: string | null;
  script?: ScriptStep[];
  /** Levels a device test reports, dBFS, one every 100 ms (default: -30 then -24 then -40). */
  meter?: (device: string) => number[];
  sessionId?: string;
  /** Refuse start() with this message (a device that is missing, sox not installed). */
  startError?: string;
}

export const FAKE_DEVICES: LiveDevice[] = [
  {
    name: 'alsa_input.usb-Headset.mono',
    description: 'USB Headset Microphone',
    system: 'pulseaudio',
    kind: 'microphone',
    guess: 'agent',
    isDefault: true,
  },
  {
    name: 'alsa_output.pci-Speakers.monitor',
    description: 'Monitor of Built-in Speakers',
    system: 'pulseaudio',
    kind: 'monitor',
    guess: 'call',
    isDefault: false,
  },
  {
    name: 'alsa_input.pci-Mic.analog',
    description: 'Built-in Microphone',
    system: 'pulseaudio',
    kind: 'microphone',
    guess: null,
    isDefault: false,
  },
];

export class FakeLiveController implements LiveController {
  readonly starts: LiveStartRequest[] = [];
  readonly actions: LiveAction[] = [];
  readonly tests: { device: string; seconds: number }[] = [];
  readonly recovered: string[] = [];
  closed = false;
  private listeners = new Set<(u: LiveUpdate) => void>();
  private timers: ReturnType<typeof setTimeout>[] = [];
  /** Every cue as it stands now, by id. */
  private readonly cues = new Map<number, LiveCue>();
  private controls: CueControls = { snoozedUntilSec: null, muted: [], heldBack: 0 };
  private lastSec = 0;
  private session: { id: string; startedAt: string; request: LiveStartRequest } | null = null;

  constructor(private readonly options: FakeLiveOptions) {}

  get running(): boolean {
    return this.session !== null;
  }

  async devices(): Promise<LiveDevice[]> {
    return this.options.devices ?? FAKE_DEVICES;
  }

  async testDevice(
    name: string,
    seconds: number,
    onLevel: (db: number) => void,
  ): Promise<{ peakDb: number }> {
    this.tests.push({ device: name, seconds });
    const levels = this.options.meter?.(name) ?? [-30, -24, -40];
    for (const db of levels) {
      await new Promise((r) => setTimeout(r, 100));
      onLevel(db);
    }
    return { peakDb: levels.length === 0 ? -Infinity : Math.max(...levels) };
  }

  async start(request: LiveStartRequest): Promise<{ sessionId: string }> {
    if (this.options.startError !== undefined) throw new Error(this.options.startError);
    if (this.session) throw new Error('A live call is already running.');
    const id = this.options.sessionId ?? `fake-${this.starts.length + 1}`;
    this.starts.push(request);
    this.session = { id, startedAt: new Date().toISOString(), request };
    this.cues.clear();
    this.controls = { snoozedUntilSec: null, muted: [], heldBack: 0 };
    this.lastSec = 0;
    this.emit({
      type: 'started',
      sessionId: id,
      agentDevice: request.agentDevice,
      callDevice: request.callDevice,
      recording: request.record,
    });
    for (const step of this.options.script ?? [])
      this.timers.push(setTimeout(() => this.session && this.emit(step.update), step.atMs));
    return { sessionId: id };
  }

  /** Sends an update to every subscriber, keeping the cues and the call time it carries. */
  emit(u: LiveUpdate): void {
    if (u.type === 'cue') this.cues.set(u.cue.id, { ...u.cue });
    if (u.type === 'points') this.lastSec = Math.max(this.lastSec, ...u.points.map((p) => p.t));
    if (u.type === 'controls') this.controls = { ...u.controls };
    for (const listener of this.listeners) listener(u);
  }

  action(a: LiveAction): void {
    if (!this.session) throw new Error('No live call is running.');
    this.actions.push(a);
    const c = this.controls;
    if (a.type === 'wrongCue') {
      const cue = this.cues.get(a.id);
      if (cue) this.emit({ type: 'cue', cue: { ...cue, wrong: true } });
      return;
    }
    if (a.type === 'snooze') c.snoozedUntilSec = this.lastSec + 120;
    if (a.type === 'unsnooze') c.snoozedUntilSec = null;
    if (a.type === 'mute' && !c.muted.includes(a.kind)) c.muted = [...c.muted, a.kind];
    if (a.type === 'unmute') c.muted = c.muted.filter((k) => k !== a.kind);
    this.emit({ type: 'controls', controls: { ...c } });
  }

  async stop(): Promise<LiveSessionResult> {
    const session = this.session;
    if (!session) throw new Error('No live call is running.');
    this.clearTimers();
    for (const cue of this.cues.values()) {
      if (cue.outcome === null)
        this.emit({ type: 'cue', cue: { ...cue, outcome: 'callEnded', endedSec: this.lastSec } });
    }
    this.session = null;
    this.emit({ type: 'ended', sessionId: session.id });
    return this.result(session.id, session.startedAt, session.request, false);
  }

  subscribe(listener: (u: LiveUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  async recoverable(): Promise<RecoverableSession[]> {
    return (this.options.recoverable ?? []).filter((s) => !this.recovered.includes(s.sessionId));
  }

  async recover(sessionId: string): Promise<LiveSessionResult> {
    const found = (this.options.recoverable ?? []).find((s) => s.sessionId === sessionId);
    if (!found || this.recovered.includes(sessionId)) throw new Error('That session cannot be recovered.');
    this.recovered.push(sessionId);
    const request = { agentDevice: 'agent-mic', callDevice: 'call-monitor', record: false };
    return this.result(sessionId, found.startedAt, request, true);
  }

  async close(): Promise<void> {
    this.clearTimers();
    this.session = null;
    this.closed = true;
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  private async result(
    sessionId: string,
    startedAt: string,
    request: LiveStartRequest,
    recovered: boolean,
  ): Promise<LiveSessionResult> {
    const report = structuredClone(await this.options.report());
    const recordingPath = request.record ? (this.options.recordingPath ?? null) : null;
    report.live = {
      sessionId,
      startedAt,
      agent: request.agent ?? null,
      agentDevice: request.agentDevice,
      callDevice: request.callDevice,
      recordingPath,
      cues: [...this.cues.values()].sort((a, b) => a.id - b.id),
      heldBack: this.controls.heldBack,
      incidents: [],
      recovered,
    };
    return { sessionId, report, recordingPath, problems: [] };
  }
}
