/**
 * Scene composer: builds a two-channel contact-centre call (agent channel + customer channel) from
 * short voice clips, with the ground-truth speech spans of each party. Used by tests and the bench.
 *
 * Levels: a placed clip plays at its native level (the level it has in its WAV file; see
 * scripts/make-voice-clips.sh: calm clips are -28 dBFS RMS, angry ones -22) times 10^(gainDb/20).
 * Echo, room voices, clicks and noise are added to the channels but never count as speech.
 * Order per channel: clips, then echo / room voices / clicks (agent channel only), then the gain
 * drift (applied to everything so far), then white noise. Everything random comes from `seed`.
 */
import { writeFileSync } from 'node:fs';
import { type Clip, loadClips } from './clips.js';
import { encodeWav } from '../../dsp/wav.js';

export { type Clip, loadClips, clipDurationSec } from './clips.js';

export type Party = 'agent' | 'customer';
export type Span = [number, number];

export interface Placement {
  party: Party;
  /** a clip, or the id of one (looked up in `SceneOptions.clips`, default: the fixture clips) */
  clip: Clip | string;
  atSec: number;
  gainDb?: number;
}

export interface SceneOptions {
  /** 16000 by default; clips at another rate are resampled by linear interpolation */
  sampleRateHz?: number;
  durationSec: number;
  /** the customer's clips leaking into the agent channel (line echo), e.g. 30-150 ms, -20 dB */
  echo?: { delayMs: number; gainDb: number };
  /** colleague voices in the agent's room (into the agent channel); gainDb relative to native level */
  room?: { clip: Clip | string; atSec: number; gainDb: number }[];
  /** keyboard clicks in the agent channel: 5-15 ms decaying noise bursts; gainDb is the peak in dBFS */
  clicks?: { atSec: number; gainDb: number }[];
  /** white noise, RMS in dBFS */
  noiseDb?: { agent?: number; customer?: number };
  /** slow linear gain change (in dB) from the start to the end of the scene */
  gainDriftDb?: { agent?: number; customer?: number };
  /** seed of the PRNG (clicks, noise); 1 by default */
  seed?: number;
  /** where clip ids are looked up; the fixture clips (test/fixtures/voices/) by default */
  clips?: Clip[];
}

export interface Scene {
  sampleRateHz: number;
  agent: Float32Array;
  customer: Float32Array;
  /** per party, the placed clips' spans in seconds, merged where they touch or overlap */
  speech: { agent: Span[]; customer: Span[] };
}

/** A tiny deterministic PRNG (mulberry32): uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const dbToGain = (db: number): number => 10 ** (db / 20);

/** Standard normal noise (Box-Muller) from a uniform PRNG. */
function gaussian(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Adds white noise of the given RMS level (dBFS) to `buf` in place. */
export function addNoise(buf: Float32Array, levelDb: number, rng: () => number): void {
  const sigma = dbToGain(levelDb);
  for (let i = 0; i < buf.length; i++) buf[i] = (buf[i] ?? 0) + sigma * gaussian(rng);
}

export function resolveClip(clip: Clip | string, clips?: Clip[]): Clip {
  if (typeof clip !== 'string') return clip;
  const found = (clips ?? loadClips()).find((c) => c.id === clip);
  if (!found) throw new Error(`unknown clip id '${clip}'`);
  return found;
}

const resampleCache = new WeakMap<Clip, Map<number, Float32Array>>();

/** The clip's samples at `rateHz` (linear interpolation; cached). */
export function clipSamplesAt(clip: Clip, rateHz: number): Float32Array {
  if (clip.sampleRateHz === rateHz) return clip.samples;
  let byRate = resampleCache.get(clip);
  if (!byRate) resampleCache.set(clip, (byRate = new Map()));
  const cached = byRate.get(rateHz);
  if (cached) return cached;
  const src = clip.samples;
  const out = new Float32Array(Math.round((src.length * rateHz) / clip.sampleRateHz));
  const step = clip.sampleRateHz / rateHz;
  for (let i = 0; i < out.length; i++) {
    const x = i * step;
    const j = Math.floor(x);
    const a = src[j] ?? 0;
    out[i] = a + ((src[j + 1] ?? a) - a) * (x - j);
  }
  byRate.set(rateHz, out);
  return out;
}

/** buf[start + i] += gain * src[i], skipping whatever falls outside buf. */
function mixInto(buf: Float32Array, src: Float32Array, start: number, gain: number): void {
  const from = Math.max(0, -start);
  const to = Math.min(src.length, buf.length - start);
  for (let i = from; i < to; i++) buf[start + i] = (buf[start + i] ?? 0) + gain * (src[i] ?? 0);
}

/** Sorts spans and merges those that touch or overlap. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = spans.filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + 1e-9) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function composeScene(placements: Placement[], options: SceneOptions): Scene {
  const rate = options.sampleRateHz ?? 16000;
  const n = Math.round(options.durationSec * rate);
  const rng = mulberry32(options.seed ?? 1);
  const agent = new Float32Array(n);
  const customer = new Float32Array(n);
  const spans: Record<Party, Span[]> = { agent: [], customer: [] };

  for (const p of placements) {
    const clip = resolveClip(p.clip, options.clips);
    const src = clipSamplesAt(clip, rate);
    const start = Math.round(p.atSec * rate);
    mixInto(p.party === 'agent' ? agent : customer, src, start, dbToGain(p.gainDb ?? 0));
    const s = Math.max(0, start / rate);
    const e = Math.min(options.durationSec, (start + src.length) / rate);
    spans[p.party].push([s, e]);
  }

  if (options.echo) {
    const delay = Math.round((options.echo.delayMs / 1000) * rate);
    mixInto(agent, customer.subarray(0, Math.max(0, n - delay)), delay, dbToGain(options.echo.gainDb));
  }
  for (const r of options.room ?? []) {
    const src = clipSamplesAt(resolveClip(r.clip, options.clips), rate);
    mixInto(agent, src, Math.round(r.atSec * rate), dbToGain(r.gainDb));
  }
  for (const c of options.clicks ?? []) {
    const len = Math.round((0.005 + 0.01 * rng()) * rate);
    const burst = new Float32Array(len);
    for (let i = 0; i < len; i++) burst[i] = (2 * rng() - 1) * Math.exp((-5 * i) / len);
    mixInto(agent, burst, Math.round(c.atSec * rate), dbToGain(c.gainDb));
  }

  for (const [buf, drift] of [
    [agent, options.gainDriftDb?.agent ?? 0],
    [customer, options.gainDriftDb?.customer ?? 0],
  ] as const) {
    if (drift === 0) continue;
    for (let i = 0; i < n; i++) buf[i] = (buf[i] ?? 0) * dbToGain((drift * i) / Math.max(1, n - 1));
  }
  if (options.noiseDb?.agent !== undefined) addNoise(agent, options.noiseDb.agent, rng);
  if (options.noiseDb?.customer !== undefined) addNoise(customer, options.noiseDb.customer, rng);

  return {
    sampleRateHz: rate,
    agent,
    customer,
    speech: { agent: mergeSpans(spans.agent), customer: mergeSpans(spans.customer) },
  };
}

/** Writes the scene as a two-channel PCM16 WAV, the agent on `agentChannel` (0 by default). */
export function writeStereoWav(path: string, scene: Scene, agentChannel: 0 | 1 = 0): void {
  const frames = Math.min(scene.agent.length, scene.customer.length);
  const agent = scene.agent.subarray(0, frames);
  const customer = scene.customer.subarray(0, frames);
  writeFileSync(
    path,
    encodeWav(agentChannel === 0 ? [agent, customer] : [customer, agent], scene.sampleRateHz),
  );
}
