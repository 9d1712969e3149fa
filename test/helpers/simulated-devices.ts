/**
 * Two simulated capture devices feeding a DeviceAligner on a fake clock, for test/live/aligner.test.ts.
 *
 * Each device captures the same call on its own clock: sample k of a capture run that started at real
 * time `s` was captured at s + k / (rate * (1 + ppm)). It delivers whole chunks, each once its last
 * sample is captured, late by `latencyMs` plus a seeded random 0..`jitterMs`, and in order (a pipe).
 * A gap is a stretch of real time whose samples are lost (a capture process restarted): the partial
 * chunk before it is dropped and a new run starts at its end.
 *
 * What each device holds is known exactly: a ramp with no zero and no two equal neighbours (so every
 * delivered sample can be found again among the aligner's zeros and repeated samples), and markers,
 * impulses of value MARKER_BASE + i placed at the sample captured nearest to marker i's real time.
 */
import { DeviceAligner, type AlignerOptions } from '../../src/live/aligner.js';
import { mulberry32 } from '../../scripts/scene/compose.js';

/** Marker i has the value MARKER_BASE + i; the ramp stays in (0, 1]. */
export const MARKER_BASE = 2;

export interface DeviceSpec {
  /** Samples per delivered chunk. */
  chunkSamples: number;
  /** Steady delay from a chunk's last sample being captured to its delivery, ms. */
  latencyMs: number;
  /** Extra lateness of each delivery, uniform in 0..jitterMs (seeded), ms. Default 0. */
  jitterMs?: number;
  /** Real time the capture starts, ms after the session's zero. Default 0. */
  startMs?: number;
  /** Clock error, parts per million (> 0: the device's clock runs fast, it delivers more samples). */
  ppm?: number;
  /** Real-time stretches [from, to) whose samples are lost, ms. */
  gaps?: readonly (readonly [number, number])[];
  seed?: number;
}

export interface SimulationOptions {
  rateHz: number;
  blockSamples: number;
  devices: [DeviceSpec, DeviceSpec];
  /** Real times of the markers, ms (the same capture time on both devices). */
  markersMs: readonly number[];
  /** Simulated length, ms. */
  durationMs: number;
  /** tick() period, ms (0: never). Default 100. */
  tickMs?: number;
  /** Keep every emitted sample (short simulations only). */
  keepOutput?: boolean;
  aligner?: Partial<AlignerOptions>;
  /** Called after every write and tick, with the simulation's state. */
  observe?: (s: SimulationState) => void;
}

export interface SimulationState {
  nowMs: number;
  aligner: DeviceAligner;
  /** Samples delivered by each device so far. */
  delivered: [number, number];
  /** Samples emitted (per device). */
  emitted: number;
  /** Samples each device has queued in the aligner, derived from what went in and came out. */
  queued: [number, number];
}

export interface SimulationResult {
  aligner: DeviceAligner;
  /** Output position of each marker on each device (first occurrence), or undefined when absent. */
  markerAt: [(number | undefined)[], (number | undefined)[]];
  /** Every sample each device delivered, in order (with keepOutput). */
  delivered: [Float32Array, Float32Array] | null;
  /** Every sample emitted per device (with keepOutput). */
  output: [Float32Array, Float32Array] | null;
  deliveredSamples: [number, number];
  emitted: number;
  blockLengths: Set<number>;
  /** Largest `queued` per device seen. */
  maxQueued: [number, number];
}

interface Delivery {
  atMs: number;
  samples: Float32Array;
}

/** One device's deliveries, in time order, up to `endMs`. */
function* deliveries(
  spec: DeviceSpec,
  rateHz: number,
  markersMs: readonly number[],
  endMs: number,
): Generator<Delivery> {
  const rand = mulberry32(spec.seed ?? 1);
  const perMs = (rateHz * (1 + (spec.ppm ?? 0) * 1e-6)) / 1000;
  const gaps = [...(spec.gaps ?? [])];
  const runs: [number, number][] = [];
  let from = spec.startMs ?? 0;
  for (const [g0, g1] of gaps) {
    runs.push([from, g0]);
    from = g1;
  }
  runs.push([from, Infinity]);
  let total = 0; // samples delivered: the ramp's index
  let lastArrival = -Infinity;
  for (const [runStart, runEnd] of runs) {
    const markers = markersMs
      .map((m, i) => ({ i, k: Math.round((m - runStart) * perMs) }))
      .filter(({ k }, j) => k >= 0 && (markersMs[j] as number) < runEnd);
    for (let k0 = 0; ; k0 += spec.chunkSamples) {
      const doneMs = runStart + (k0 + spec.chunkSamples) / perMs;
      if (doneMs > runEnd || doneMs > endMs) break;
      const chunk = new Float32Array(spec.chunkSamples);
      for (let j = 0; j < chunk.length; j++) chunk[j] = (((total + j) % 65521) + 1) / 65536;
      for (const { i, k } of markers) {
        if (k >= k0 && k < k0 + spec.chunkSamples) chunk[k - k0] = MARKER_BASE + i;
      }
      total += chunk.length;
      lastArrival = Math.max(lastArrival, doneMs + spec.latencyMs + rand() * (spec.jitterMs ?? 0));
      yield { atMs: lastArrival, samples: chunk };
    }
  }
}

/** Runs both devices and the ticks through a DeviceAligner whose zero is real time 0. */
export function simulate(o: SimulationOptions): SimulationResult {
  const tickMs = o.tickMs ?? 100;
  const markerAt: SimulationResult['markerAt'] = [[], []];
  const keep = o.keepOutput ?? false;
  const outChunks: [Float32Array[], Float32Array[]] = [[], []];
  const inChunks: [Float32Array[], Float32Array[]] = [[], []];
  const blockLengths = new Set<number>();
  let emitted = 0;
  const scan = (lane: 0 | 1, block: Float32Array, at: number): void => {
    for (let j = 0; j < block.length; j++) {
      const v = block[j] as number;
      if (v >= MARKER_BASE) {
        const i = Math.round(v - MARKER_BASE);
        markerAt[lane][i] ??= at + j;
      }
    }
  };
  const aligner = new DeviceAligner(
    { rateHz: o.rateHz, blockSamples: o.blockSamples, ...o.aligner },
    0,
    (agent, customer) => {
      blockLengths.add(agent.length).add(customer.length);
      scan(0, agent, emitted);
      scan(1, customer, emitted);
      if (keep) {
        outChunks[0].push(agent);
        outChunks[1].push(customer);
      }
      emitted += agent.length;
    },
  );
  const sources = o.devices.map((d) => deliveries(d, o.rateHz, o.markersMs, o.durationMs));
  const next: (Delivery | null)[] = sources.map((s) => s.next().value ?? null);
  const delivered: [number, number] = [0, 0];
  const maxQueued: [number, number] = [0, 0];
  let nextTick = tickMs > 0 ? tickMs : Infinity;
  const observe = (nowMs: number): void => {
    const s = aligner.statistics;
    const queued = [0, 1].map(
      (d) =>
        (delivered[d] as number) +
        (s.filledSamples[d] as number) +
        (s.offsetSamples[d] as number) +
        (s.driftSamples[d] as number) -
        emitted,
    ) as [number, number];
    maxQueued[0] = Math.max(maxQueued[0], queued[0]);
    maxQueued[1] = Math.max(maxQueued[1], queued[1]);
    o.observe?.({ nowMs, aligner, delivered: [...delivered], emitted, queued });
  };
  for (;;) {
    const [a, c] = next;
    const t = Math.min(a?.atMs ?? Infinity, c?.atMs ?? Infinity);
    if (nextTick < t || (t === Infinity && nextTick <= o.durationMs)) {
      if (nextTick > o.durationMs) break;
      aligner.tick(nextTick);
      observe(nextTick);
      nextTick += tickMs;
      continue;
    }
    if (t === Infinity || t > o.durationMs) break;
    const device: 0 | 1 = a && a.atMs === t ? 0 : 1;
    const d = next[device] as Delivery;
    aligner.write(device, d.samples, d.atMs);
    delivered[device] += d.samples.length;
    if (keep) inChunks[device].push(d.samples);
    next[device] = (sources[device] as Generator<Delivery>).next().value ?? null;
    observe(t);
  }
  return {
    aligner,
    markerAt,
    delivered: keep ? [concat(inChunks[0]), concat(inChunks[1])] : null,
    output: keep ? [concat(outChunks[0]), concat(outChunks[1])] : null,
    deliveredSamples: delivered,
    emitted,
    blockLengths,
    maxQueued,
  };
}

export function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A device's output with what the aligner put in taken out again: its zeros (start-up offsets, filled
 * silence) and its repeated samples (drift). The ramp has neither, so what is left must be exactly
 * the delivered samples, in order.
 */
export function withoutInserted(output: Float32Array): Float32Array {
  const kept: number[] = [];
  let previous = NaN;
  for (const v of output) {
    if (v !== 0 && v !== previous) kept.push(v);
    previous = v;
  }
  return Float32Array.from(kept);
}
