/**
 * Builds a long, realistic two-channel call for the benchmark (16 kHz PCM16, agent on channel 0):
 * alternating turns, customer peaks (angry clips at +6..+10 dB over the customer's calm level: the
 * angry clips are 6 dB louder natively, placed at 0..+4 dB), agent backchannels in long customer
 * turns, occasional interruptions, line echo (-25 dB, 60 ms), -60 dBFS noise, keyboard clicks and
 * a colleague in the room now and then. Seeded and deterministic.
 *
 * The call is planned first (a list of placements: small), then rendered and written in 30 s chunks:
 * each chunk is composed with a tail long enough for any clip that starts in it, and the tail is
 * carried over into the next chunk, so a 60-minute call never exists as one array.
 *
 *   tsx scripts/make-bench-call.ts --minutes 10 --out bench-out/call-10min.wav [--seed 42] [--truth t.json]
 */
import { closeSync, mkdirSync, openSync, realpathSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type Clip,
  type Placement,
  type SceneOptions,
  type Span,
  addNoise,
  clipDurationSec,
  composeScene,
  loadClips,
  mergeSpans,
  mulberry32,
} from './scene/compose.js';
import { encodeWavFrames, encodeWavHeader } from '../dsp/wav.js';

const RATE = 16000;
const CHUNK_SEC = 30;
const ECHO = { delayMs: 60, gainDb: -25 };
const NOISE_DB = -60;

interface Plan {
  durationSec: number;
  placements: Placement[];
  room: NonNullable<SceneOptions['room']>;
  clicks: NonNullable<SceneOptions['clicks']>;
}

/** Plans the call: who says what, when. Customer voice flite slt, agent flite kal16. */
export function planCall(durationSec: number, seed: number, clips: Clip[]): Plan {
  const rng = mulberry32(seed);
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rng();
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng() * xs.length)] as T;
  const byPrefix = (prefix: string): Clip[] => clips.filter((c) => c.id.startsWith(prefix));
  const calmC = byPrefix('c-slt-calm');
  const angryC = byPrefix('c-slt-angry');
  const calmA = byPrefix('a-kal16-calm');
  const interjections = byPrefix('a-kal16-int');
  const backchannels = byPrefix('a-kal16-bc');
  const roomClips = byPrefix('r-');
  const placements: Placement[] = [];
  const room: Plan['room'] = [];
  const clicks: Plan['clicks'] = [];
  const say = (party: Placement['party'], clip: Clip, atSec: number, gainDb = 0): number => {
    placements.push({ party, clip, atSec, gainDb });
    return atSec + clipDurationSec(clip);
  };

  let t = uniform(0.5, 1.5);
  t = say('agent', calmA[0] ?? pick(calmA), t) + uniform(0.4, 1.2);
  while (t < durationSec - 15) {
    // Customer turn: 1-4 sentences; now and then a peak (angry sentences, often after a calm start).
    const peak = rng() < 0.2;
    const n = pick([1, 2, 2, 3, 3, 4]);
    let interruptedAt: number | undefined;
    for (let i = 0; i < n; i++) {
      const angry = peak && (i > 0 || rng() < 0.5);
      const clip = angry ? pick(angryC) : pick(calmC);
      const start = t;
      t = say('customer', clip, start, angry ? uniform(0, 4) : uniform(-1, 1));
      const last = i === n - 1;
      if (!last && rng() < 0.3) say('agent', pick(backchannels), t + uniform(-0.4, 0.1), uniform(-3, 0));
      if (last && n >= 2 && rng() < 0.12) interruptedAt = start + uniform(0.4, 0.7) * (t - start);
      if (!last) t += uniform(0.15, 0.5);
    }
    // Agent turn: an interruption, or a response after a pause; then 1-3 sentences.
    if (interruptedAt !== undefined) t = say('agent', pick(interjections), interruptedAt) + uniform(0.2, 0.4);
    else t += uniform(0.3, 2);
    const m = pick([1, 1, 1, 2, 2, 3]);
    for (let i = 0; i < m; i++) t = say('agent', pick(calmA), t, uniform(-1, 1)) + uniform(0.2, 0.5);
    t += uniform(0.3, 1.8);
  }
  for (let at = uniform(20, 60); at < durationSec - 10; at += uniform(60, 150)) {
    room.push({ clip: pick(roomClips), atSec: at, gainDb: uniform(-24, -18) });
  }
  for (let at = uniform(5, 30); at < durationSec - 5; at += uniform(20, 60)) {
    const burst = 2 + Math.floor(rng() * 4);
    for (let k = 0; k < burst; k++)
      clicks.push({ atSec: at + k * uniform(0.1, 0.25), gainDb: uniform(-34, -26) });
  }
  return { durationSec, placements, room, clicks };
}

const total = (spans: Span[]): number => spans.reduce((sum, [s, e]) => sum + e - s, 0);

/** Speech spans of the plan and the shares of the call that each party speaks, silence and overlap. */
export function speechShares(plan: Plan): {
  speech: { agent: Span[]; customer: Span[] };
  shares: { agent: number; customer: number; silence: number; overlap: number };
} {
  const spans = (party: string): Span[] =>
    mergeSpans(
      plan.placements
        .filter((p) => p.party === party)
        .map((p): Span => [p.atSec, p.atSec + clipDurationSec(p.clip as Clip)]),
    );
  const agent = spans('agent');
  const customer = spans('customer');
  const either = total(mergeSpans([...agent, ...customer]));
  const d = plan.durationSec;
  const a = total(agent);
  const c = total(customer);
  return {
    speech: { agent, customer },
    shares: { agent: a / d, customer: c / d, silence: 1 - either / d, overlap: (a + c - either) / d },
  };
}

/** Renders the plan chunk by chunk into a two-channel PCM16 WAV (agent on channel 0). */
export function renderCall(plan: Plan, outPath: string, seed: number): void {
  const frames = Math.round(plan.durationSec * RATE);
  const chunkN = CHUNK_SEC * RATE;
  const maxClip = Math.max(...plan.placements.map((p) => clipDurationSec(p.clip as Clip)), 5);
  const tailSec = Math.ceil(maxClip + ECHO.delayMs / 1000 + 0.5);
  const tailN = tailSec * RATE;
  const noise = mulberry32(seed ^ 0x5eed);
  let carryA = new Float32Array(tailN);
  let carryC = new Float32Array(tailN);
  mkdirSync(path.dirname(outPath), { recursive: true });
  const fd = openSync(outPath, 'w');
  try {
    writeSync(fd, encodeWavHeader(frames, 2, RATE));
    for (let k = 0, f0 = 0; f0 < frames; k++, f0 += chunkN) {
      const t0 = f0 / RATE;
      const n = Math.min(chunkN, frames - f0);
      const inChunk = (at: number): boolean => at >= t0 && at < t0 + n / RATE;
      const scene = composeScene(
        plan.placements.filter((p) => inChunk(p.atSec)).map((p) => ({ ...p, atSec: p.atSec - t0 })),
        {
          sampleRateHz: RATE,
          durationSec: (n + tailN) / RATE,
          echo: ECHO,
          room: plan.room.filter((r) => inChunk(r.atSec)).map((r) => ({ ...r, atSec: r.atSec - t0 })),
          clicks: plan.clicks.filter((c) => inChunk(c.atSec)).map((c) => ({ ...c, atSec: c.atSec - t0 })),
          seed: seed + k,
        },
      );
      for (let i = 0; i < tailN; i++) {
        scene.agent[i] = (scene.agent[i] ?? 0) + (carryA[i] ?? 0);
        scene.customer[i] = (scene.customer[i] ?? 0) + (carryC[i] ?? 0);
      }
      const headA = scene.agent.subarray(0, n);
      const headC = scene.customer.subarray(0, n);
      addNoise(headA, NOISE_DB, noise);
      addNoise(headC, NOISE_DB, noise);
      writeSync(fd, encodeWavFrames([headA, headC]));
      carryA = scene.agent.slice(n, n + tailN);
      carryC = scene.customer.slice(n, n + tailN);
    }
  } finally {
    closeSync(fd);
  }
}

export function makeBenchCall(opts: { minutes: number; out: string; seed?: number; truth?: string }) {
  const seed = opts.seed ?? 42;
  const plan = planCall(opts.minutes * 60, seed, loadClips());
  renderCall(plan, opts.out, seed);
  const { speech, shares } = speechShares(plan);
  if (opts.truth) {
    const round = (spans: Span[]): Span[] => spans.map(([s, e]): Span => [+s.toFixed(3), +e.toFixed(3)]);
    const truth = { file: path.basename(opts.out), durationSec: plan.durationSec, agentChannel: 0 };
    const body = { ...truth, speech: { agent: round(speech.agent), customer: round(speech.customer) } };
    writeFileSync(opts.truth, `${JSON.stringify(body)}\n`);
  }
  return { durationSec: plan.durationSec, shares };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      out: { type: 'string' },
      seed: { type: 'string', default: '42' },
      truth: { type: 'string' },
    },
  });
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) throw new Error('--minutes must be a positive number');
  const out = values.out ?? `bench-out/call-${minutes}min.wav`;
  const started = Date.now();
  const { shares } = makeBenchCall({
    minutes,
    out,
    seed: Number(values.seed),
    ...(values.truth ? { truth: values.truth } : {}),
  });
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  console.log(
    `${out}: ${minutes} min in ${((Date.now() - started) / 1000).toFixed(1)} s; speech share: ` +
      `customer ${pct(shares.customer)}, agent ${pct(shares.agent)}, ` +
      `silence ${pct(shares.silence)}, overlap ${pct(shares.overlap)}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) main();
