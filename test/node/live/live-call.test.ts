/**
 * `softspoken live` for real: a known two-channel call is written in real time into two PulseAudio pipe
 * sources (one per party, both paced by one clock: scripts/pulse-rig.ts playPaced), the real command
 * captures them with sox, and its report is compared with the offline analysis of the same file judged
 * the same way (levels from the first words): the same events, onsets within 0.5 s. Also: a live process
 * killed mid-call (no helper process left) and its session recovered, a device removed mid-call and
 * brought back, and sox missing. Needs PulseAudio (.ci/run starts it). Passes with both cores busy: the
 * parties cannot drift apart (one writer, one clock, catching up after a stall), and no expectation
 * hangs on how fast the machine is.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOX_INSTALL, SOX_MISSING } from '../../../src/node/live/capture-error.js';
import type { Report, ReportEvent } from '../../../src/report/schema.js';
import { cli, ROOT } from '../../helpers/cli.js';
import {
  channelPcm,
  ensurePulse,
  pipeSource,
  playPaced,
  PULSE_HELP,
  type PipeSource,
} from '../../helpers/pulse.js';

const CALL = join(ROOT, 'test/fixtures/calls/e2e-call.wav'); // 20 s, the agent on the right channel
const BIN = join(ROOT, 'bin/softspoken.js');
const tag = `ss_live_${process.pid}`;
let dir: string;
let agentSource: PipeSource;
let callSource: PipeSource;
let offline: Report;
/** sox is running once the command says 'Live:'; this more lets both captures connect to their sources, ms. */
const CAPTURE_READY_MS = 1000;

/** The two pipe sources as the agent's and the call's devices. */
const onSources = (): string[] => ['--agent-device', agentSource.source, '--call-device', callSource.source];

/** The live command as a user runs it; `lines` collects its stdout lines as they come. */
function startLive(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, 'live', ...args], {
    cwd: ROOT,
    env: { ...process.env, SOFTSPOKEN_DATA_DIR: join(dir, 'data'), ...env },
  });
  const lines: string[] = [];
  let err = '';
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, ms = 20_000): Promise<void> => {
    const until = Date.now() + ms;
    while (!lines.some((l) => pattern.test(l))) {
      if (Date.now() > until)
        throw new Error(`no line matching ${pattern}; stdout: ${lines.join('\n')}; stderr: ${err}`);
      if (child.exitCode !== null) throw new Error(`live exited (${child.exitCode}): ${err}`);
      await sleep(50);
    }
  };
  return { child, lines, exited, waitFor, stderr: () => err };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every process under `pid` (children, theirs, …), from /proc via ps. */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  for (let frontier = [pid]; frontier.length > 0;) {
    frontier = table.filter(([, ppid]) => frontier.includes(ppid)).map(([child]) => child);
    out.push(...frontier);
  }
  return out;
}

/** Whether a process is still running (a zombie, dead but not yet reaped, is not). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Both parties at once, each into its own source, in 10 ms steps of one clock. */
async function playCall(): Promise<void> {
  await playPaced([agentSource, callSource], [channelPcm(CALL, 1), channelPcm(CALL, 0)], () => undefined);
}

/** Where the file's time 0 lies in the live call's time (the capture starts before the audio does). */
/**
 * How much later the live call's time runs than the file's: the median difference of the first few
 * utterances' starts of both parties (one onset alone can move by the noise it starts in: the first word
 * after the capture's digital silence is found up to 0.24 s early, its noise floor not yet known).
 */
function offsetOf(live: Report): number {
  const diffs: number[] = [];
  for (const party of ['agent', 'customer'] as const) {
    for (let i = 0; i < 3; i++) {
      const a = live.speech[party][i]?.[0];
      const b = offline.speech[party][i]?.[0];
      if (a !== undefined && b !== undefined) diffs.push(a - b);
    }
  }
  diffs.sort((x, y) => x - y);
  return diffs[diffs.length >> 1] ?? 0;
}

function byType(events: ReportEvent[], offsetSec = 0): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const e of events) m.set(e.type, [...(m.get(e.type) ?? []), e.start - offsetSec]);
  return m;
}

beforeAll(async () => {
  if (!(await ensurePulse())) throw new Error(PULSE_HELP);
  dir = mkdtempSync(join(tmpdir(), 'softspoken-live-'));
  agentSource = await pipeSource(`${tag}_agent`);
  callSource = await pipeSource(`${tag}_call`);
  const json = join(dir, 'offline.json');
  const run = await cli([
    'analyze',
    CALL,
    '--agent-channel',
    '1',
    '--no-first-pass',
    '--json',
    json,
    '--quiet',
  ]);
  expect(run.code, run.stderr).toBe(0);
  offline = JSON.parse(readFileSync(json, 'utf8')) as Report;
}, 60_000);

afterAll(async () => {
  await agentSource?.unload().catch(() => undefined);
  await callSource?.unload().catch(() => undefined);
});

describe('softspoken live on PulseAudio', () => {
  it('gives the events the offline analysis gives for the same audio, and prints the cues as they happen', async () => {
    const out = join(dir, 'live.json');
    const recording = join(dir, 'live.wav');
    const live = startLive([...onSources(), '--json', out, '--record', recording]);
    await live.waitFor(/^Live: agent = /);
    await sleep(CAPTURE_READY_MS);
    await playCall();
    await sleep(1500);
    live.child.kill('SIGINT');
    expect(await live.exited, live.stderr()).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;

    // live analysis is offline analysis of the same samples: the recording of what was captured, analysed
    // offline as a live call is judged, gives exactly the live report's speech and events
    const again = join(dir, 'recording.json');
    const run = await cli(['analyze', recording, '--no-first-pass', '--json', again, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const ofRecording = JSON.parse(readFileSync(again, 'utf8')) as Report;
    expect(report.events).toEqual(ofRecording.events);
    expect(report.speech).toEqual(ofRecording.speech);

    // and the events of the original file, found again through the sound server: the same events, each
    // within 0.5 s. Not the 150 ms one would want: what the server delivers is not the file to the
    // sample (trimmed of its lead, the recording itself gives a response 0.42 s off), and utterance
    // ends early in a call follow the noise floor's start (docs/live.md); the exact check is the one above
    // the offline analysis of this call has every kind of event this test is about
    const want = byType(offline.events);
    for (const type of ['customerPeak', 'interruption', 'backchannel', 'response']) {
      expect(want.get(type)?.length ?? 0, type).toBeGreaterThan(0);
    }
    // the same speech, only later in the live call's time: the capture started before the audio
    const offset = offsetOf(report);
    expect(offset).toBeGreaterThanOrEqual(0);
    const got = byType(report.events, offset);
    for (const [type, starts] of want) {
      const liveStarts = got.get(type) ?? [];
      expect(
        liveStarts.length,
        `${type}: ${JSON.stringify(liveStarts)} vs ${JSON.stringify(starts)}; ${JSON.stringify(report.speech)}`,
      ).toBe(starts.length);
      const tolerance = 0.5;
      starts.forEach((s, i) =>
        expect(
          Math.abs((liveStarts[i] as number) - s),
          `${type} at ${s}: ${JSON.stringify(liveStarts)} (offset ${offset}); live ${JSON.stringify(report.speech)} offline ${JSON.stringify(offline.speech)}`,
        ).toBeLessThanOrEqual(tolerance),
      );
    }
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());

    // the interruption at the peak was cued while it happened, with its time in the call
    const interruption = offline.events.find((e) => e.type === 'interruption') as ReportEvent;
    const talkOvers = live.lines
      .filter((l) => /TALK-OVER/.test(l))
      .map((l) => /^(\d\d):(\d\d\.\d)/.exec(l))
      .map((m) => Number(m?.[1]) * 60 + Number(m?.[2]));
    expect(
      talkOvers.some((at) => at - offset >= interruption.start - 0.2 && at - offset < interruption.start + 1),
      `${JSON.stringify(talkOvers)} vs the interruption at ${interruption.start}; ${live.lines.join('\n')}`,
    ).toBe(true);
    expect(report.live?.cues.some((c) => c.kind === 'talkingOver' && c.outcome !== 'withdrawn')).toBe(true);
    expect(report.live?.recovered).toBe(false);
  }, 90_000);

  it('keeps a killed call: the next start offers it, and recover writes its report', async () => {
    const live = startLive(onSources());
    await live.waitFor(/^Live: agent = /);
    await sleep(CAPTURE_READY_MS);
    const playing = playCall();
    await sleep(14_000);
    const helpers = descendants(live.child.pid as number);
    expect(helpers.length, 'sox and the pactl watches run under the live process').toBeGreaterThanOrEqual(4);
    live.child.kill('SIGKILL');
    await live.exited;
    await playing;
    // none of its helpers (sox, pactl subscribe and their watchdogs) outlives it
    await expect.poll(() => helpers.filter(alive), { timeout: 5000 }).toEqual([]);

    const env = { ...process.env, SOFTSPOKEN_DATA_DIR: join(dir, 'data') };
    const list = execFileSync(process.execPath, [BIN, 'recover'], { cwd: ROOT, env, encoding: 'utf8' });
    const id = /^\s+(\S+)\s+started/m.exec(list)?.[1];
    expect(id, list).toBeDefined();
    const again = startLive(onSources());
    await again.waitFor(/^Live: agent = /);
    expect(again.lines.join('\n')).toMatch(/A live call was cut off .*softspoken recover /);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);

    const json = join(dir, 'recovered.json');
    execFileSync(process.execPath, [BIN, 'recover', id as string, '--json', json, '--quiet'], {
      cwd: ROOT,
      env,
    });
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report.live?.recovered).toBe(true);
    expect(report.warnings.join(' ')).toMatch(/stopped unexpectedly/);
    // at most the last 2 s (and what was undecided then) is lost: the events decided well before the kill are there
    const offset = offsetOf(report);
    expect(report.source.durationSec - offset).toBeGreaterThan(9);
    const before = offline.events.filter((e) => e.end < report.source.durationSec - offset - 4);
    expect(before.length).toBeGreaterThan(0);
    for (const e of before) {
      expect(
        report.events.some((r) => r.type === e.type && Math.abs(r.start - offset - e.start) <= 0.5),
        `${e.type} ${e.start}`,
      ).toBe(true);
    }
    // offered once
    const after = execFileSync(process.execPath, [BIN, 'recover'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(after).not.toContain(id as string);
  }, 90_000);

  it('goes on when the call device is removed mid-call, and takes it back when it returns', async () => {
    const out = join(dir, 'removed.json');
    const live = startLive([...onSources(), '--json', out]);
    await live.waitFor(/^Live: agent = /);
    await sleep(CAPTURE_READY_MS);
    // the agent's side alone (the call device goes away meanwhile)
    const agentPlay = playPaced([agentSource], [channelPcm(CALL, 1)], () => undefined);
    await sleep(3000);
    await callSource.unload();
    await live.waitFor(/DEVICE\s+call device: .*retrying/);
    callSource = await pipeSource(`${tag}_call`);
    await live.waitFor(/DEVICE\s+call device is back/, 15_000);
    await agentPlay;
    live.child.kill('SIGINT');
    expect(await live.exited, live.stderr()).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.live?.incidents.some((i) => i.party === 'customer' && i.state === 'retrying')).toBe(true);
    // the agent's side was analysed throughout: their speech after the removal is in the report
    expect(report.speech.agent.some(([start]) => start > 5)).toBe(true);
  }, 90_000);

  it('says sox is missing, and exits 1 without a stack trace', async () => {
    const bin = join(dir, 'bin-without-sox');
    mkdirSync(bin, { recursive: true });
    symlinkSync(execFileSync('which', ['pactl'], { encoding: 'utf8' }).trim(), join(bin, 'pactl'));
    const live = startLive(onSources(), {
      PATH: bin,
    });
    expect(await live.exited).toBe(1);
    // said once: not by each device, then again as the error
    expect(live.stderr()).toBe(`softspoken: error: ${SOX_MISSING}\n`);
    expect(live.lines.join('\n')).not.toMatch(/sox/);
    // and the device list, which needs only pactl, says so too
    const devices = spawnSync(process.execPath, [BIN, 'devices'], {
      cwd: ROOT,
      env: { ...process.env, PATH: bin },
      encoding: 'utf8',
    });
    expect(devices.status).toBe(0);
    expect(devices.stdout).toContain(agentSource.source);
    expect(devices.stderr).toBe(
      `softspoken: warning: sox is not installed: live capture needs it (${SOX_INSTALL})\n`,
    );
  }, 30_000);

  it('refuses a device that does not exist, naming it', async () => {
    const live = startLive(['--agent-device', 'no_such_source', '--call-device', callSource.source]);
    expect(await live.exited).toBe(1);
    expect(live.stderr()).toMatch(/no capture device 'no_such_source' for the agent/);
  }, 30_000);
});
