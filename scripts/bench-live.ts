/**
 * Benchmark of live mode (part of `npm run bench`; reports numbers, asserts nothing):
 *
 * 1. Real time, on PulseAudio: labelled calls played with paplay into two null sinks (one per party) and
 *    captured by the real live controller (sox). For each cue, the latency from the moment its audio was
 *    played (paplay's start + the event's start in the call, from the offline analysis of the same file
 *    judged as live judges) to the cue's update. Talk-over, peak onset and raised voice, p50 and p95.
 *    Also the CPU of the live process (engine, aligner, journal) and of the sox captures, as % of one core,
 *    and the two devices' latencies and clock drift as the aligner measured them.
 * 2. Faster than real time: a 60-minute call through the same LiveRun with a simulated clock and a call
 *    device running 100 ppm fast; heap and resident memory every 5 minutes (flat is the target), and the
 *    samples the aligner put in to follow the drift.
 *
 *   npx tsx scripts/bench-live.ts [--calls DIR] [--only a,b] [--skip-realtime] [--skip-hour]
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS } from '../src/engine/settings.js';
import type { LiveUpdate } from '../src/live/protocol.js';
import { VERSION } from '../src/node/analyze.js';
import { openStereoCall } from '../src/node/audio-source.js';
import { createLiveController } from '../src/node/live/live-controller.js';
import { LIVE_RATE_HZ, LiveRun, newSessionId, type AudioInput } from '../src/node/live/live-run.js';
import { createNodeSileroInfer } from '../src/node/onnx-vad.js';
import { ensurePulse, nullSink, SETTLE_MS } from './pulse-rig.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: join(ROOT, '../shared/calls/dev') },
    only: { type: 'string', default: 'hard_002,hard_006,hard_004' },
    'skip-realtime': { type: 'boolean', default: false },
    'skip-hour': { type: 'boolean', default: false },
  },
});

const pct = (xs: number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};
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

/** The cue kinds measured, and the labelled events (truth) whose start is when their audio began. */
const REFERENCE: Record<string, string[]> = {
  talkingOver: ['interruption', 'backchannel'],
  customerVenting: ['customerPeak'],
  louderThanNormal: ['raisedVoice'],
};

/**
 * How long after its labelled event a cue may come and still be about it, ms: a talk-over cue with no
 * labelled talk-over begun in the last 1.5 s is about an onset that was something else (a reply at a
 * turn end, later taken back), not a late cue.
 */
const WITHIN_MS: Record<string, number> = {
  talkingOver: 1500,
  customerVenting: 8000,
  louderThanNormal: 8000,
};

interface Truth {
  agentChannel: 0 | 1;
  speech: { agent: [number, number][]; customer: [number, number][] };
  events: { type: string; start: number; end: number }[];
}

async function realtime(): Promise<void> {
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
  let cpuSec = 0;
  let soxCpuSec = 0;
  let wallSec = 0;
  const lines: string[] = [];
  const tag = `ss_bench_${process.pid}`;
  const agentSink = await nullSink(`${tag}_agent`);
  const callSink = await nullSink(`${tag}_call`);
  try {
    for (const name of names) {
      const file = join(values.calls as string, `${name}.wav`);
      const truthFile = join(values.calls as string, `${name}.truth.json`);
      if (!existsSync(file) || !existsSync(truthFile)) continue;
      const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Truth;

      const controller = createLiveController({ version: VERSION, dataDir: join(dir, 'data'), infer });
      const shown: { kind: string; atMs: number }[] = [];
      const seen = new Set<number>();
      controller.subscribe((u: LiveUpdate) => {
        if (u.type === 'cue' && !seen.has(u.cue.id)) {
          seen.add(u.cue.id);
          shown.push({ kind: u.cue.kind, atMs: performance.now() });
        }
      });
      await controller.start({ agentDevice: agentSink.monitor, callDevice: callSink.monitor, record: false });
      await new Promise((r) => setTimeout(r, SETTLE_MS));
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
          agentSink.sink,
          callSink.sink,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let startMs = 0;
      player.stdout.setEncoding('utf8');
      player.stdout.on('data', (text: string) => {
        const m = /START (\S+)/.exec(text);
        if (m) startMs = Number(m[1]) - performance.timeOrigin;
      });
      await new Promise((resolve) => player.on('close', resolve));
      const played = (performance.now() - began) / 1000;
      const cpu = process.cpuUsage(cpu0);
      soxCpuSec += sox.reduce((sum, p) => sum + procCpuSec(p), 0) - sox0;
      cpuSec += (cpu.user + cpu.system) / 1e6;
      wallSec += played;
      await new Promise((r) => setTimeout(r, 1000));
      const result = await controller.stop();
      await controller.close();
      const s = result.report.live;
      lines.push(
        `${name}: ${played.toFixed(0)} s played, ${shown.length} cues shown, ${s?.heldBack ?? 0} held back`,
      );

      for (const cue of shown) {
        const types = REFERENCE[cue.kind];
        if (!types) continue;
        const callMs = cue.atMs - startMs;
        // the labelled event whose audio the cue answers: the latest of those kinds begun before the cue
        const ref = truth.events
          .filter(
            (e) =>
              types.includes(e.type) &&
              e.start * 1000 <= callMs &&
              callMs - e.start * 1000 < (WITHIN_MS[cue.kind] ?? 8000),
          )
          .at(-1);
        // a talk-over begins when both speak: the agent's start, or the customer's going on over them
        const overlapStart =
          cue.kind === 'talkingOver' && ref
            ? Math.max(
                ref.start,
                truth.speech.customer.find(([a, b]) => a * 1000 <= callMs && b >= ref.start)?.[0] ?? 0,
              )
            : ref?.start;
        if (ref && overlapStart !== undefined)
          (latencies[cue.kind] as number[]).push(callMs - overlapStart * 1000);
        const party =
          cue.kind === 'customerVenting' ? 'customer' : cue.kind === 'louderThanNormal' ? 'agent' : null;
        const sentence = party
          ? truth.speech[party].find(([a, b]) => a * 1000 <= callMs && b * 1000 + 1000 >= callMs)
          : undefined;
        if (party && sentence) (fromSentence[cue.kind] as number[]).push(callMs - sentence[0] * 1000);
      }
    }
  } finally {
    await agentSink.unload();
    await callSink.unload();
  }
  console.log(
    '\nLive latency, audio written to the player → cue (PulseAudio null sinks, sox capture), from the labelled start:',
  );
  for (const [kind, xs] of Object.entries(latencies)) {
    console.log(
      `  ${kind.padEnd(17)} n=${String(xs.length).padStart(3)}  p50 ${ms(pct(xs, 50))}  p95 ${ms(pct(xs, 95))}  ` +
        `max ${ms(xs.length > 0 ? Math.max(...xs) : null)}  (${unmatched[kind] ?? 0} cues about no labelled event)`,
    );
  }
  console.log(
    '  the same cues from the start of the sentence they were about (a peak may begin with a nearly loud one):',
  );
  for (const [kind, xs] of Object.entries(fromSentence)) {
    console.log(
      `  ${kind.padEnd(17)} n=${String(xs.length).padStart(3)}  p50 ${ms(pct(xs, 50))}  p95 ${ms(pct(xs, 95))}`,
    );
  }
  console.log(
    `CPU over ${wallSec.toFixed(0)} s of calls: live process ${((100 * cpuSec) / wallSec).toFixed(1)} % of one core, ` +
      `sox captures ${((100 * soxCpuSec) / wallSec).toFixed(1)} %`,
  );
  for (const line of lines) console.log(`  ${line}`);
}

/** An input the benchmark feeds by hand: chunks with the arrival time it chooses. */
function handInput(): AudioInput & { deliver(samples: Float32Array, atMs: number): void } {
  let onData: ((s: Float32Array, at: number) => void) | null = null;
  return {
    async start(data) {
      onData = data;
    },
    async stop() {
      onData = null;
    },
    deliver(samples, atMs) {
      onData?.(samples, atMs);
    },
  };
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

if (!values['skip-realtime']) await realtime();
if (!values['skip-hour']) await hour();
