/**
 * Benchmark of live mode (part of `npm run bench`; reports numbers, asserts nothing):
 *
 * 1. Real time, on PulseAudio: labelled calls written, both parties paced by one clock, into two pipe
 *    sources (one per party) by a separate player process (scripts/play-paced.ts), and captured by the
 *    real live controller (sox). For each labelled talk-over, peak and raised voice, the latency from the
 *    moment its audio was due (the player's start + its labelled start in the call) to the first update
 *    that shows its cue (a talk-over that joins a cue already showing counts when it joins). p50 and p95.
 *    Also the cues the final report contradicts (a venting cue no peak covers, a louder-voice cue no
 *    raised-voice span covers, a talk-over no interruption covers), how late the player's writes were, and
 *    the CPU of the live process (engine, aligner, journal) and of the sox captures, as % of one core.
 *    Run on the machine as it is, then again with every core kept busy by a spinning process
 *    (`--load quiet|busy|both`, default both). Each call is played as one of an agent's calls on one line,
 *    the agent named so that their profile is read (scripts/line-profiles.ts: their own level, and the
 *    calm level of the customers of the folder's other calls); `--no-profile` plays them as a first call.
 * 2. Faster than real time: a 60-minute call through the same LiveRun with a simulated clock and a call
 *    device running 100 ppm fast; heap and resident memory every 5 minutes (flat is the target), and the
 *    samples the aligner put in to follow the drift.
 *
 *   npx tsx scripts/bench-live.ts [--calls DIR] [--only a,b] [--load quiet|busy|both] [--no-profile] [--reports DIR] [--skip-realtime] [--skip-hour]
 *
 * With --reports, each live call's report is written there as NAME.json (NAME-busy.json with the machine
 * busy), to score with the shared scorer (`node ../shared/eval/score.mjs CALLS DIR`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS } from '../src/engine/settings.js';
import type { LiveUpdate } from '../src/live/protocol.js';
import { AGENT_PROFILE_SCHEMA, writeAgentProfile } from '../src/node/agent-profile.js';
import { VERSION } from '../src/node/analyze.js';
import { openStereoCall } from '../src/node/audio-source.js';
import { createLiveController } from '../src/node/live/live-controller.js';
import { LIVE_RATE_HZ, LiveRun, newSessionId } from '../src/node/live/live-run.js';
import { createNodeSileroInfer } from '../src/node/onnx-vad.js';
import { lineProfiles } from './line-profiles.js';
import {
  contradicted,
  cueAppearance,
  cueLatencies,
  percentile,
  type CueShown,
  type Truth,
} from './live-cue-measure.js';
import { ensurePulse, pipeSource, type Pacing } from './pulse-rig.js';
import { handInput } from './hand-input.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: join(ROOT, '../shared/calls/dev') },
    only: { type: 'string', default: 'hard_002,hard_006,hard_004' },
    load: { type: 'string', default: 'both' },
    'skip-realtime': { type: 'boolean', default: false },
    'skip-hour': { type: 'boolean', default: false },
    'no-profile': { type: 'boolean', default: false },
    reports: { type: 'string' },
  },
});

const ms = (x: number | null): string => (x === null ? '-' : `${Math.round(x)} ms`);
const unmatched: Record<string, number> = {};

/** CPU seconds (user + system) of a process from /proc, or 0 when it is gone. */
function procCpuSec(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return 0;
  }
}

function soxChildren(): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), 'sox'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** sox is running once the controller has started; this more lets both captures connect, ms. */
const CAPTURE_READY_MS = 1000;

/** Spinning processes, one per core, that keep the machine busy until stopped. */
function busyMachine(): () => void {
  const spinners = Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  return () => {
    for (const p of spinners) p.kill('SIGKILL');
  };
}

async function realtime(load: 'quiet' | 'busy'): Promise<void> {
  if (!(await ensurePulse())) {
    console.log('real-time part skipped: no PulseAudio (see DEVELOPERS.md)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'softspoken-bench-live-'));
  const names = (values.only as string).split(',');
  const infer = await createNodeSileroInfer();
  const latencies: Record<string, number[]> = { talkingOver: [], customerVenting: [], louderThanNormal: [] };
  /** Venting and raised voice from the start of the sentence the cue was about (the first loud one). */
  const fromSentence: Record<string, number[]> = { customerVenting: [], louderThanNormal: [] };
  const cueCount = { shown: 0, contradicted: 0, takenBack: 0, minutes: 0 };
  /** Cues the report contradicts, by kind. */
  const againstByKind: Record<string, number> = { talkingOver: 0, customerVenting: 0, louderThanNormal: 0 };
  const profiles = values['no-profile']
    ? null
    : await lineProfiles(values.calls as string, names, DEFAULT_SETTINGS);
  const pacings: Pacing[] = [];
  let cpuSec = 0;
  let soxCpuSec = 0;
  let wallSec = 0;
  const lines: string[] = [];
  const tag = `ss_bench_${process.pid}`;
  const agentSource = await pipeSource(`${tag}_agent`);
  const callSource = await pipeSource(`${tag}_call`);
  const stopBusy = load === 'busy' ? busyMachine() : () => undefined;
  try {
    for (const name of names) {
      const file = join(values.calls as string, `${name}.wav`);
      const truthFile = join(values.calls as string, `${name}.truth.json`);
      if (!existsSync(file) || !existsSync(truthFile)) continue;
      const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Truth;

      const controller = createLiveController({ version: VERSION, dataDir: join(dir, 'data'), infer });
      /** Each moment a cue came on screen: shown, or (a talk-over) joined by another onset while it showed. */
      const shown: { kind: string; atMs: number }[] = [];
      const seen = new Set<number>();
      controller.subscribe((u: LiveUpdate) => {
        if (u.type === 'cue' && cueAppearance(u.cue, seen))
          shown.push({ kind: u.cue.kind, atMs: performance.now() });
      });
      const profile = profiles?.get(name);
      const agent = profile ? `bench-${name}` : undefined;
      if (profile && agent && profile.agentProfileDb !== null) {
        writeAgentProfile(join(dir, 'data', 'agents', `${agent}.json`), {
          schema: AGENT_PROFILE_SCHEMA,
          agent,
          agentNormalDb: profile.agentProfileDb,
          calls: 1,
          ...(profile.customerPriorDb !== null && {
            customerCalmDb: profile.customerPriorDb,
            customerCalls: 1,
          }),
          updated: new Date().toISOString(),
        });
      }
      await controller.start({
        agentDevice: agentSource.source,
        callDevice: callSource.source,
        record: false,
        ...(agent && { agent }),
      });
      await new Promise((r) => setTimeout(r, CAPTURE_READY_MS));
      const cpu0 = process.cpuUsage();
      const sox = soxChildren();
      const sox0 = sox.reduce((sum, p) => sum + procCpuSec(p), 0);
      const began = performance.now();
      // the player is another process: its CPU is not the live analysis's
      const player = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'scripts/play-paced.ts'),
          file,
          String(truth.agentChannel),
          agentSource.fifo,
          callSource.fifo,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let startMs = 0;
      let out = '';
      player.stdout.setEncoding('utf8');
      player.stdout.on('data', (text: string) => {
        out += text;
        const m = /START (\S+)/.exec(text);
        if (m) startMs = Number(m[1]) - performance.timeOrigin;
      });
      await new Promise((resolve) => player.on('close', resolve));
      const pacing = /PACING (.+)/.exec(out)?.[1];
      if (pacing) pacings.push(JSON.parse(pacing) as Pacing);
      const played = (performance.now() - began) / 1000;
      const cpu = process.cpuUsage(cpu0);
      soxCpuSec += sox.reduce((sum, p) => sum + procCpuSec(p), 0) - sox0;
      cpuSec += (cpu.user + cpu.system) / 1e6;
      wallSec += played;
      await new Promise((r) => setTimeout(r, 1000));
      const result = await controller.stop();
      await controller.close();
      if (values.reports) {
        mkdirSync(values.reports, { recursive: true });
        const file = `${name}${load === 'busy' ? '-busy' : ''}.json`;
        writeFileSync(join(values.reports, file), JSON.stringify(result.report));
      }
      const s = result.report.live;
      const cues = s?.cues ?? [];
      const against = cues.filter((c) => contradicted(c, result.report));
      cueCount.shown += cues.length;
      cueCount.contradicted += against.length;
      cueCount.takenBack += against.filter((c) => c.outcome === 'withdrawn').length;
      for (const c of against) againstByKind[c.kind] = (againstByKind[c.kind] ?? 0) + 1;
      cueCount.minutes += result.report.source.durationSec / 60;
      lines.push(
        `${name}: ${played.toFixed(0)} s played, ${cues.length} cues shown, ${against.length} of them contradicted by the report ` +
          `(${against.filter((c) => c.outcome === 'withdrawn').length} taken back), ${s?.heldBack ?? 0} held back`,
      );

      const m = cueLatencies(
        shown.map((x): CueShown => ({ kind: x.kind, callMs: x.atMs - startMs })),
        truth,
      );
      for (const [kind, xs] of Object.entries(m.latencies)) latencies[kind]?.push(...xs);
      for (const [kind, xs] of Object.entries(m.fromSentence)) fromSentence[kind]?.push(...xs);
      for (const [kind, n] of Object.entries(m.unmatched)) unmatched[kind] = (unmatched[kind] ?? 0) + n;
    }
  } finally {
    stopBusy();
    await agentSource.unload();
    await callSource.unload();
  }
  const loadWords =
    load === 'busy'
      ? `machine busy: ${availableParallelism()} spinning processes, one per core, beside the other work`
      : 'machine as it is (no load added)';
  console.log(
    `\nLive latency (${loadWords}; ${profiles ? "each call with its agent's profile (scripts/line-profiles.ts)" : 'no agent profile'}), ` +
      'audio due → cue on screen (PulseAudio pipe sources, sox capture), from the labelled start:',
  );
  for (const [kind, xs] of Object.entries(latencies)) {
    console.log(
      `  ${kind.padEnd(17)} n=${String(xs.length).padStart(3)}  p50 ${ms(percentile(xs, 50))}  p95 ${ms(percentile(xs, 95))}  ` +
        `max ${ms(xs.length > 0 ? Math.max(...xs) : null)}  (${unmatched[kind] ?? 0} cue appearances about no labelled event)`,
    );
    unmatched[kind] = 0;
  }
  console.log(
    '  the same cues from the start of the sentence they were about (a peak may begin with a nearly loud one):',
  );
  for (const [kind, xs] of Object.entries(fromSentence)) {
    console.log(
      `  ${kind.padEnd(17)} n=${String(xs.length).padStart(3)}  p50 ${ms(percentile(xs, 50))}  p95 ${ms(percentile(xs, 95))}`,
    );
  }
  console.log(
    `  cues shown ${cueCount.shown} (${(cueCount.shown / Math.max(cueCount.minutes, 1e-9)).toFixed(1)} a minute); ` +
      `contradicted by the final report ${cueCount.contradicted}, of which taken back during the call ${cueCount.takenBack} ` +
      `(talk-over ${againstByKind['talkingOver']}, venting ${againstByKind['customerVenting']}, ` +
      `raised voice ${againstByKind['louderThanNormal']})`,
  );
  const late = pacings.map((p) => p.lateMaxMs);
  const stretch = pacings.reduce((sum, p) => sum + p.wallSec - p.callSec, 0);
  console.log(
    `  player: writes late by p95 ${ms(Math.max(...pacings.map((p) => p.lateP95Ms), 0))}, at most ${ms(Math.max(...late, 0))}; ` +
      `${stretch.toFixed(2)} s longer than the calls in all; both parties written together every step`,
  );
  console.log(
    `  CPU over ${wallSec.toFixed(0)} s of calls: live process ${((100 * cpuSec) / wallSec).toFixed(1)} % of one core, ` +
      `sox captures ${((100 * soxCpuSec) / wallSec).toFixed(1)} %`,
  );
  for (const line of lines) console.log(`  ${line}`);
}

async function hour(): Promise<void> {
  const file = join(ROOT, 'bench-out/call-60min.wav');
  if (!existsSync(file)) {
    console.log('60-minute part skipped: run `npm run bench` once to make bench-out/call-60min.wav');
    return;
  }
  const source = await openStereoCall(file, 0);
  if (source.info.sampleRateHz !== LIVE_RATE_HZ) throw new Error(`${file} must be at ${LIVE_RATE_HZ} Hz`);
  const clock = { nowMs: 0 };
  const inA = handInput();
  const inC = handInput();
  const dir = mkdtempSync(join(tmpdir(), 'softspoken-bench-hour-'));
  mkdirSync(dir, { recursive: true });
  const run = await LiveRun.start({
    agentDevice: 'file:agent',
    callDevice: 'file:call',
    inputs: { agent: inA, customer: inC },
    agent: null,
    sessionId: newSessionId(),
    sessionsDir: dir,
    recordingPath: null,
    settings: DEFAULT_SETTINGS,
    infer: await createNodeSileroInfer(),
    version: VERSION,
    agentProfileDb: null,
    onUpdate: () => undefined,
    now: () => clock.nowMs,
  });
  const CHUNK = LIVE_RATE_HZ / 50; // 20 ms, as sox hands them over
  const PPM = 100; // the call device's clock runs this much slow: its chunks arrive ever later
  const LATENCY_MS = 25;
  const rows: string[] = [];
  const started = performance.now();
  let delivered = 0;
  let customerDelivered = 0;
  const customerQueue: Float32Array[] = [];
  const memory = (): void => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    rows.push(
      `  ${String(Math.round(delivered / LIVE_RATE_HZ / 60)).padStart(2)} min: heap ${(m.heapUsed / 2 ** 20).toFixed(1)} MB, ` +
        `rss ${(m.rss / 2 ** 20).toFixed(0)} MB`,
    );
  };
  /** The slow device's chunks whose (later) arrival time has come. */
  const deliverCustomer = (nowMs: number): void => {
    while (customerQueue.length > 0) {
      const due = ((customerDelivered + CHUNK) / LIVE_RATE_HZ) * 1000 * (1 + PPM * 1e-6) + LATENCY_MS;
      if (due > nowMs) break;
      customerDelivered += CHUNK;
      inC.deliver(customerQueue.shift() as Float32Array, due);
    }
  };
  for await (const b of source.blocks()) {
    for (let at = 0; at + CHUNK <= b.agent.length; at += CHUNK) {
      delivered += CHUNK;
      clock.nowMs = (delivered / LIVE_RATE_HZ) * 1000 + LATENCY_MS;
      customerQueue.push(b.customer.slice(at, at + CHUNK));
      deliverCustomer(clock.nowMs);
      inA.deliver(b.agent.slice(at, at + CHUNK), clock.nowMs);
      if (delivered % LIVE_RATE_HZ === 0) await run.whenIdle(); // a second at a time, as capture hands it over
      if (delivered % (LIVE_RATE_HZ * 300) === 0) memory();
    }
  }
  clock.nowMs += 1000;
  deliverCustomer(clock.nowMs);
  const report = await run.stop();
  const wall = (performance.now() - started) / 1000;
  console.log(
    `\n60-minute live session, simulated clock (${wall.toFixed(0)} s wall, ${report.events.length} events):`,
  );
  for (const r of rows) console.log(r);
  const s = run.alignment;
  const inserted = s.driftSamples[0] + s.driftSamples[1];
  console.log(
    `  call device ${PPM} ppm slow: the aligner put in ${inserted} single samples ` +
      `(${((1e6 * inserted) / delivered).toFixed(0)} ppm) and ${s.offsetSamples[0] + s.offsetSamples[1]} offset samples`,
  );
}

const loads = values.load === 'both' ? (['quiet', 'busy'] as const) : ([values.load] as ('quiet' | 'busy')[]);
if (!loads.every((l) => l === 'quiet' || l === 'busy'))
  throw new Error(`--load quiet|busy|both, not ${values.load}`);
if (!values['skip-realtime']) for (const load of loads) await realtime(load);
if (!values['skip-hour']) await hour();
