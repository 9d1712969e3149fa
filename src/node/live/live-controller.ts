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
import { reportFromJournal, JournalError } from '../../live/journal.js';
import type { LiveAction, LiveStartRequest, LiveUpdate } from '../../live/protocol.js';
import { profileAfterCall, readAgentProfile, writeAgentProfile } from '../agent-profile.js';
import { createNodeSileroInfer } from '../onnx-vad.js';
import { CaptureError } from './capture-error.js';
import { DeviceCapture, testDevice } from './capture.js';
import { listCaptureDevices } from './devices.js';
import { appendJournalLine, readJournal } from './journal-file.js';
import { findUnfinishedSessions, sessionsDir } from './session-files.js';
import { LIVE_RATE_HZ, LiveRun, newSessionId, type AudioInput } from './live-run.js';

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

export interface NodeLiveController extends LiveController {
  start(request: NodeLiveStart): Promise<{ sessionId: string }>;
}

/** A device to open: as listed, or (macOS, Windows: nothing to list it) the name sox knows it by. */
export type DeviceToOpen = Pick<LiveDevice, 'name'> & { system?: LiveDevice['system'] };

/** A sox capture of a device as an AudioInput. */
export function soxInput(device: DeviceToOpen): AudioInput {
  const capture = new DeviceCapture(device.name, {
    sampleRateHz: LIVE_RATE_HZ,
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
  const input = options.input ?? soxInput;
  const listDevices = options.listDevices ?? listCaptureDevices;
  const listeners = new Set<(u: LiveUpdate) => void>();
  const broadcast = (u: LiveUpdate): void => {
    for (const l of listeners) l(u);
  };
  let infer: Promise<SileroInfer> | null = options.infer ? Promise.resolve(options.infer) : null;
  let run: LiveRun | null = null;
  let agent: string | null = null;

  const profilePath = (name: string): string => profileFile(dir, name);

  return {
    get running() {
      return run !== null;
    },

    devices: (): Promise<LiveDevice[]> => listDevices(),

    async testDevice(name, seconds, onLevel) {
      const device = findDevice(await listDevices(), name, 'test');
      const { peakDb } = await testDevice(name, seconds, onLevel, { system: device.system });
      return { peakDb };
    },

    async start(request) {
      if (run) throw new CaptureError('a live call is already running: end it first');
      if (request.agentDevice === request.callDevice) {
        throw new CaptureError('the agent and the call must be two devices: each party on their own');
      }
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
      if (agent) {
        const path = profilePath(agent);
        const next = profileAfterCall(readAgentProfile(path), report);
        if ('profile' in next) {
          mkdirSync(join(dir, 'agents'), { recursive: true });
          writeAgentProfile(path, { ...next.profile, agent });
        }
      }
      return { sessionId: current.sessionId, report, recordingPath: current.recordingPath };
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

    async recover(sessionId: string): Promise<LiveSessionResult> {
      if (!/^[\w.-]+$/.test(sessionId)) throw new CaptureError(`no live call '${sessionId}'`);
      const path = join(dir, `${sessionId}.jsonl`);
      if (!existsSync(path)) throw new CaptureError(`no live call '${sessionId}' in ${dir}`);
      let report;
      try {
        report = reportFromJournal(readJournal(path).lines);
      } catch (error) {
        if (error instanceof JournalError) throw new CaptureError(`${path}: ${error.message}`);
        throw error;
      }
      if (report.live?.recovered) {
        // offered once: the journal now ends, marked as recovered
        appendJournalLine(path, { type: 'end', atSec: report.source.durationSec, recovered: true });
      }
      const wav = join(dir, `${sessionId}.wav`);
      return {
        sessionId,
        report,
        recordingPath: report.live?.recordingPath ?? (existsSync(wav) ? wav : null),
      };
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
