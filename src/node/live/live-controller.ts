/**
 * Live capture for every host: the CLI, Electron's main process and the web-mode server all drive one of
 * these (the LiveController contract in src/live/controller.ts). It lists and tests devices, runs one
 * live call at a time over sox captures, keeps each call's journal in the sessions folder, reads and
 * updates the agent's level profile, and rebuilds the report of a call that was cut off.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SileroInfer } from '../../../dsp/silero.js';
import { DEFAULT_SETTINGS, type Settings } from '../../engine/settings.js';
import type {
  LiveController,
  LiveDevice,
  LiveSessionResult,
  RecoverableSession,
} from '../../live/controller.js';
import type { CuePolicySettings } from '../../live/cue-policy.js';
import { JournalError, recoverJournal, type JournalDamage } from '../../live/journal.js';
import type { LiveAction, LiveStartRequest, LiveUpdate } from '../../live/protocol.js';
import {
  AgentProfileError,
  profileAfterCall,
  readAgentProfile,
  writeAgentProfile,
} from '../agent-profile.js';
import { createNodeSileroInfer } from '../onnx-vad.js';
import { CaptureError } from './capture-error.js';
import { DeviceCapture, testDevice } from './capture.js';
import { checkSox } from './sox.js';
import { listCaptureDevices } from './devices.js';
import { appendJournalLine, readJournal } from './journal-file.js';
import { findUnfinishedSessions, journalStart, sessionsDir } from './session-files.js';
import { LIVE_RATE_HZ, LiveRun, newSessionId, type AudioInput } from './live-run.js';
import type { NamedPath } from '../report-files.js';

export interface LiveControllerOptions {
  version: string;
  settings?: Settings;
  /** The sessions folder (default: the app's data folder, see journal-file.ts). */
  dataDir?: string;
  /** A loaded model to share (loaded on the first call otherwise). */
  infer?: SileroInfer;
  cuePolicy?: CuePolicySettings;
  /** How a device becomes an input (default: a sox capture). Tests and the benchmark play files. */
  input?: (device: DeviceToOpen) => AudioInput;
  /** The devices there are (default: listCaptureDevices). */
  listDevices?: () => Promise<LiveDevice[]>;
}

/** Start a call, optionally with the recording written where the caller says (the CLI's --record FILE). */
export type NodeLiveStart = LiveStartRequest & { recordingPath?: string };

/** A cut-off session's report as its journal gave it, before the session is marked recovered. */
export interface LiveRecovery extends LiveSessionResult {
  journalPath: string;
  /** Damaged lines skipped (the report's warnings say how many). */
  damaged: JournalDamage[];
  /** Lines the report was rebuilt from. */
  linesRead: number;
  /** The report's warning about the damaged lines, or null. */
  damageWarning: string | null;
}

export interface NodeLiveController extends LiveController {
  start(request: NodeLiveStart): Promise<{ sessionId: string }>;
  /** The files that hold a session (its journal, its recording if there is one): no output may name one. */
  sessionFiles(sessionId: string): NamedPath[];
  /**
   * The report of a session from its journal, leaving the session as it is (it is still offered):
   * writes nothing, so it works with the data folder full. Throws a JournalError (or a
   * JournalFileError) when nothing can be recovered, naming the journal and why.
   */
  recoverReport(sessionId: string): Promise<LiveRecovery>;
  /**
   * Marks a recovered session so that it is no longer offered (its journal gets the end line); returns
   * a warning when that cannot be written (a full disk: it is offered again), else null.
   */
  markRecovered(sessionId: string, durationSec: number): string | null;
}

/** A device to open: as listed, or (macOS, Windows: nothing to list it) the name sox knows it by. */
export type DeviceToOpen = Pick<LiveDevice, 'name'> & { system?: LiveDevice['system'] };

/**
 * A sox capture of a device as an AudioInput. `soxChecked`: the caller has checked that sox starts (the
 * controller does, once per call, before both devices), so the capture does not check again.
 */
export function soxInput(device: DeviceToOpen, soxChecked = false): AudioInput {
  const capture = new DeviceCapture(device.name, {
    sampleRateHz: LIVE_RATE_HZ,
    soxChecked,
    ...(device.system && { system: device.system }),
  });
  return {
    async start(onData, onStatus) {
      capture.on('data', (samples, atMs) => onData(samples, atMs));
      capture.on('status', (state, message) => onStatus(state, message));
      await capture.start();
    },
    stop: () => capture.stop(),
  };
}

/** The listed device of that name; a name not listed is refused before anything starts. */
function findDevice(devices: readonly LiveDevice[], name: string, role: string): LiveDevice {
  const found = devices.find((d) => d.name === name);
  if (found) return found;
  const names = devices.map((d) => d.name).join(', ') || 'none';
  throw new CaptureError(
    `no capture device '${name}' for the ${role} (devices now: ${names}; 'softspoken devices' describes them)`,
  );
}

/** Agent names become file names: letters, digits, dot, dash and underscore only. */
function profileFile(dir: string, agent: string): string {
  const slug =
    agent
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'agent';
  return join(dir, 'agents', `${slug}.json`);
}

export function createLiveController(options: LiveControllerOptions): NodeLiveController {
  const dir = options.dataDir ?? sessionsDir();
  const settings = options.settings ?? DEFAULT_SETTINGS;
  /**
   * sox captures the devices (unless the caller brings its inputs): checked once, up front, for a call or a
   * device test (missing, it is said once), and not again by each device's capture.
   */
  const soxNeeded = options.input === undefined;
  const input = options.input ?? ((device: DeviceToOpen) => soxInput(device, true));
  const listDevices = options.listDevices ?? listCaptureDevices;
  const listeners = new Set<(u: LiveUpdate) => void>();
  const broadcast = (u: LiveUpdate): void => {
    for (const l of listeners) l(u);
  };
  let infer: Promise<SileroInfer> | null = options.infer ? Promise.resolve(options.infer) : null;
  let run: LiveRun | null = null;
  let agent: string | null = null;

  const profilePath = (name: string): string => profileFile(dir, name);

  /** A session's journal and the recording the data folder would hold; an id that cannot be one is refused. */
  const sessionPaths = (sessionId: string): { path: string; wav: string } => {
    if (!/^[\w.-]+$/.test(sessionId) || /^\.+$/.test(sessionId))
      throw new CaptureError(`no live call '${sessionId}'`);
    return { path: join(dir, `${sessionId}.jsonl`), wav: join(dir, `${sessionId}.wav`) };
  };

  const markRecovered = (sessionId: string, durationSec: number): string | null => {
    const { path } = sessionPaths(sessionId);
    try {
      // offered once: the journal now ends, marked as recovered
      appendJournalLine(path, { type: 'end', atSec: durationSec, recovered: true });
      return null;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return `the session could not be marked as recovered (${why}): it will be offered again`;
    }
  };

  const recoverReport = async (sessionId: string): Promise<LiveRecovery> => {
    const { path, wav } = sessionPaths(sessionId);
    if (!existsSync(path)) throw new CaptureError(`no live call '${sessionId}' in ${dir}`);
    let recovery;
    try {
      recovery = recoverJournal(readJournal(path).entries);
    } catch (error) {
      if (error instanceof JournalError)
        throw new JournalError(`the session journal ${path}: ${error.message}`);
      throw error;
    }
    const { report } = recovery;
    return {
      sessionId,
      report,
      recordingPath: report.live?.recordingPath ?? (existsSync(wav) ? wav : null),
      problems: [],
      journalPath: path,
      damaged: recovery.damaged,
      linesRead: recovery.linesRead,
      damageWarning: recovery.damageWarning,
    };
  };

  return {
    get running() {
      return run !== null;
    },

    devices: (): Promise<LiveDevice[]> => listDevices(),

    async testDevice(name, seconds, onLevel) {
      if (soxNeeded) await checkSox();
      const device = findDevice(await listDevices(), name, 'test');
      const { peakDb } = await testDevice(name, seconds, onLevel, {
        system: device.system,
        soxChecked: true,
      });
      return { peakDb };
    },

    async start(request) {
      if (run) throw new CaptureError('a live call is already running: end it first');
      if (request.agentDevice === request.callDevice) {
        throw new CaptureError('the agent and the call must be two devices: each party on their own');
      }
      if (soxNeeded) await checkSox();
      const devices = await listDevices().catch((error: unknown) => {
        // macOS and Windows have no device list here: sox opens the name it is given (README)
        if (error instanceof CaptureError && process.platform !== 'linux') return null;
        throw error;
      });
      const agentDevice = devices
        ? findDevice(devices, request.agentDevice, 'agent')
        : { name: request.agentDevice };
      const callDevice = devices
        ? findDevice(devices, request.callDevice, 'call audio')
        : { name: request.callDevice };
      mkdirSync(dir, { recursive: true });
      infer ??= createNodeSileroInfer();
      agent = request.agent?.trim() || null;
      const profile = agent ? readAgentProfile(profilePath(agent)) : null;
      const sessionId = newSessionId();
      const recordingPath = request.recordingPath ?? (request.record ? join(dir, `${sessionId}.wav`) : null);
      run = await LiveRun.start({
        sessionId,
        agentDevice: request.agentDevice,
        callDevice: request.callDevice,
        inputs: { agent: input(agentDevice), customer: input(callDevice) },
        agent,
        sessionsDir: dir,
        recordingPath,
        settings,
        infer: await infer,
        version: options.version,
        agentProfileDb: profile?.agentNormalDb ?? null,
        customerPriorDb: profile?.customerCalmDb ?? null,
        ...(options.cuePolicy && { cuePolicy: options.cuePolicy }),
        onUpdate: broadcast,
      }).catch((error: unknown) => {
        run = null;
        throw error;
      });
      return { sessionId: run.sessionId };
    },

    action(a: LiveAction) {
      run?.action(a);
    },

    async stop(): Promise<LiveSessionResult> {
      const current = run;
      if (!current) throw new CaptureError('no live call is running');
      run = null;
      const report = await current.stop();
      const problems = current.problems;
      if (agent) {
        try {
          const path = profilePath(agent);
          const next = profileAfterCall(readAgentProfile(path), report);
          if ('profile' in next) writeAgentProfile(path, { ...next.profile, agent });
        } catch (error) {
          // the report is whole all the same: the profile stays as it was
          if (!(error instanceof AgentProfileError)) throw error;
          const line = `${error.message}: the agent's profile stays as it was`;
          problems.push(line);
          report.warnings.push(line);
        }
      }
      return { sessionId: current.sessionId, report, recordingPath: current.recordingPath, problems };
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    async recoverable(): Promise<RecoverableSession[]> {
      if (!existsSync(dir)) return [];
      return findUnfinishedSessions(dir)
        .filter((s) => s.sessionId !== run?.sessionId)
        .map((s) => ({
          sessionId: s.sessionId,
          startedAt: s.startedAt ?? 'unknown',
          agent: s.agent,
          seconds: s.seconds,
        }));
    },

    sessionFiles(sessionId: string): NamedPath[] {
      const { path, wav } = sessionPaths(sessionId);
      const recording = journalStart(path)?.['recordingPath'];
      return [
        { what: 'the session journal', path },
        { what: 'the session recording', path: wav },
        ...(typeof recording === 'string' ? [{ what: 'the session recording', path: recording }] : []),
      ];
    },

    recoverReport,

    markRecovered,

    async recover(sessionId: string): Promise<LiveSessionResult> {
      const { report, recordingPath } = await recoverReport(sessionId);
      if (report.live?.recovered) {
        const warning = markRecovered(sessionId, report.source.durationSec);
        if (warning) report.warnings.push(warning);
      }
      return { sessionId, report, recordingPath, problems: [] };
    },

    async close() {
      if (run) {
        const current = run;
        run = null;
        await current.stop().catch(() => undefined);
      }
      listeners.clear();
    },
  };
}
