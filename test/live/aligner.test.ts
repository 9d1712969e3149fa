/**
 * DeviceAligner with simulated devices on a fake clock (test/helpers/simulated-devices.ts): every
 * expectation comes from how the devices were simulated (when each marker was captured, how fast each
 * clock runs, what was lost), never from an earlier run of the aligner.
 */
import { describe, expect, it } from 'vitest';
import {
  simulate,
  withoutInserted,
  type DeviceSpec,
  type SimulationResult,
} from '../helpers/simulated-devices.js';

const RATE_HZ = 16000;
const BLOCK = 512;
const perMs = RATE_HZ / 1000;
/** Delivery jitter of a busy machine: 0..40 ms late. */
const JITTER_MS = 40;
/**
 * How closely two markers captured together come out, ms: the aligner's drift tolerance (2 ms: it
 * corrects a larger latency difference, down to that) plus the error of its latency measurement, the
 * smallest jitter of a device's deliveries in its 5 s window (about 40 ms / 180 deliveries = 0.2 ms).
 */
const ALIGNED_MS = 2 + 0.5;
/**
 * How long the latency measurement takes to settle under 0..40 ms jitter, ms: the smallest jitter of n
 * deliveries is about 40 / (n + 1) ms, under 1 ms after some 40 of them (1.5 s of 1024-sample chunks);
 * a difference left is then corrected a sample (1/16 ms) per delivery.
 */
const SETTLE_MS = 3000;

/** Markers every `everyMs` from `fromMs` to before `toMs`. */
function markers(fromMs: number, toMs: number, everyMs: number): number[] {
  const out: number[] = [];
  for (let t = fromMs; t < toMs; t += everyMs) out.push(t);
  return out;
}

/** |agent position - customer position| of each marker both devices hold, in ms. */
function misalignmentsMs(r: SimulationResult, which: readonly number[]): number[] {
  return which.map((i) => {
    const a = r.markerAt[0][i];
    const c = r.markerAt[1][i];
    if (a === undefined || c === undefined) throw new Error(`marker ${i} did not come out on both devices`);
    return Math.abs(a - c) / perMs;
  });
}

const indices = (n: number, from = 0): number[] => Array.from({ length: n - from }, (_, i) => from + i);

/**
 * Every delivered sample came out, in order, and at most `leftSamples` of them are still queued at the
 * end (the other device's last chunk not in yet).
 */
function expectAllSamplesInOrder(r: SimulationResult, device: 0 | 1, leftSamples: number): void {
  const delivered = (r.delivered as [Float32Array, Float32Array])[device];
  const kept = withoutInserted((r.output as [Float32Array, Float32Array])[device]);
  expect(kept.length).toBeGreaterThan(0);
  expect(kept.length).toBeLessThanOrEqual(delivered.length);
  expect(firstDifference(kept, delivered), `device ${device}: first sample out of place`).toBe(-1);
  expect(delivered.length - kept.length).toBeLessThanOrEqual(leftSamples);
}

/** At the end: a block, the other device's chunk and its jitter, and the 2 ms alignment slack. */
const left = (otherChunk: number): number => BLOCK + otherChunk + JITTER_MS * perMs + 2 * perMs;

describe('DeviceAligner', () => {
  it('puts out every sample, in order, in equal blocks, with markers aligned, for any chunk sizes and jitter', () => {
    const agent: DeviceSpec = { chunkSamples: 160, latencyMs: 15, jitterMs: JITTER_MS, seed: 11 };
    const customer: DeviceSpec = { chunkSamples: 441, latencyMs: 15, jitterMs: JITTER_MS, seed: 12 };
    const marks = markers(500, 30_000, 1000);
    const r = simulate({
      rateHz: RATE_HZ,
      blockSamples: BLOCK,
      devices: [agent, customer],
      markersMs: marks,
      durationMs: 30_500,
      keepOutput: true,
    });
    expect([...r.blockLengths]).toEqual([BLOCK]);
    expect(r.emitted % BLOCK).toBe(0);
    expectAllSamplesInOrder(r, 0, left(441));
    expectAllSamplesInOrder(r, 1, left(160));
    const s = r.aligner.statistics;
    expectAligned(r, marks, SETTLE_MS);
    // both devices have the same steady latency: what was put in front of each is jitter, not a shift
    expect(Math.abs(netShift(r)) / perMs).toBeLessThanOrEqual(ALIGNED_MS);
    expect(s.filledSamples).toEqual([0, 0]);
  });

  it('pads a device that starts 120 ms later once, in front of its first samples, and lines the markers up', () => {
    // a marker 30 ms after the later device started, in its first chunk, then one a second
    const marks = [150, ...markers(500, 20_000, 1000)];
    const r = simulate({
      rateHz: RATE_HZ,
      blockSamples: BLOCK,
      devices: [
        { chunkSamples: 320, latencyMs: 20 },
        { chunkSamples: 1024, latencyMs: 20, startMs: 120 },
      ],
      markersMs: marks,
      durationMs: 20_500,
      keepOutput: true,
    });
    const s = r.aligner.statistics;
    expect(s.offsetSamples).toEqual([0, 120 * perMs]);
    expect(s.driftSamples).toEqual([0, 0]);
    expect(s.filledSamples).toEqual([0, 0]);
    // no jitter: the latencies are exact from the first delivery on
    for (const ms of misalignmentsMs(r, indices(marks.length))) expect(ms).toBeLessThanOrEqual(0.1);
    // the later device's output is 120 ms of silence, then exactly what it delivered; the other's is
    // what it delivered
    const [agentOut, customerOut] = r.output as [Float32Array, Float32Array];
    const [agentIn, customerIn] = r.delivered as [Float32Array, Float32Array];
    const pad = 120 * perMs;
    expect(customerOut.subarray(0, pad).every((v) => v === 0)).toBe(true);
    expect(firstDifference(customerOut.subarray(pad), customerIn)).toBe(-1);
    expect(firstDifference(agentOut, agentIn)).toBe(-1);
    expect(customerIn.length - (customerOut.length - pad)).toBeLessThan(1024 + BLOCK);
  });

  it('lines up a device that starts 120 ms later under jitter too', () => {
    const marks = markers(500, 20_000, 1000);
    const r = simulate({
      rateHz: RATE_HZ,
      blockSamples: BLOCK,
      devices: [
        { chunkSamples: 320, latencyMs: 20, jitterMs: JITTER_MS, seed: 3 },
        { chunkSamples: 1024, latencyMs: 20, jitterMs: JITTER_MS, seed: 4, startMs: 120 },
      ],
      markersMs: marks,
      durationMs: 20_500,
    });
    // the later device got 120 ms more in front of it than the other, whatever the jitter added to both
    expect(Math.abs(netShift(r) / perMs + 120)).toBeLessThanOrEqual(ALIGNED_MS);
    expectAligned(r, marks, SETTLE_MS);
  });

  it.each([
    ['fast', 200],
    ['slow', -200],
  ])('follows a clock 200 ppm %s for an hour: markers aligned, queues flat, drift measured', (_, ppm) => {
    const hourMs = 60 * 60_000;
    const marks = markers(30_000, hourMs, 60_000);
    const queuedByMinute: [number[], number[]] = [[], []];
    const r = simulate({
      rateHz: RATE_HZ,
      blockSamples: BLOCK,
      devices: [
        { chunkSamples: 320, latencyMs: 20, jitterMs: JITTER_MS, seed: 21 },
        { chunkSamples: 1024, latencyMs: 20, jitterMs: JITTER_MS, seed: 22, ppm },
      ],
      markersMs: marks,
      durationMs: hourMs,
      observe: (st) => {
        const minute = Math.floor(st.nowMs / 60_000);
        if (minute >= 60) return;
        for (const d of [0, 1] as const) {
          queuedByMinute[d][minute] = Math.max(queuedByMinute[d][minute] ?? 0, st.queued[d]);
        }
      },
    });
    // every marker, the last one 59.5 minutes in, within 5 ms
    for (const ms of misalignmentsMs(r, indices(marks.length))) expect(ms).toBeLessThanOrEqual(5);
    // one clock delivered 200 ppm more samples than the other; the slower device got them as drift samples
    const drift = 200e-6 * (hourMs / 1000) * RATE_HZ; // 11 520
    const slower: 0 | 1 = ppm > 0 ? 0 : 1;
    const s = r.aligner.statistics;
    expect(Math.abs(Math.abs(r.deliveredSamples[1] - r.deliveredSamples[0]) - drift)).toBeLessThanOrEqual(
      1024 + 320,
    );
    expect(Math.abs(s.driftSamples[slower] - drift)).toBeLessThanOrEqual(0.2 * drift);
    expect(s.driftSamples[1 - slower]).toBeLessThanOrEqual(0.05 * drift);
    expect(s.filledSamples).toEqual([0, 0]);
    // memory flat: the queues never hold more than the other device's chunk, its jitter, a block and
    // the 5 ms alignment slack, in the first minute as in the last
    const bound = 1024 + JITTER_MS * perMs + BLOCK + 5 * perMs;
    for (const d of [0, 1] as const) {
      expect(queuedByMinute[d]).toHaveLength(60);
      for (const q of queuedByMinute[d]) expect(q).toBeLessThanOrEqual(bound);
    }
  });

  it('fills a device that delivers nothing for 3 s with silence, keeps the blocks coming, and realigns after it', () => {
    const stall: [number, number] = [10_000, 13_000];
    const marks = markers(500, 30_000, 1000);
    const lag: { nowMs: number; behindMs: number }[] = [];
    const r = simulate({
      rateHz: RATE_HZ,
      blockSamples: BLOCK,
      devices: [
        { chunkSamples: 320, latencyMs: 20, jitterMs: JITTER_MS, seed: 31 },
        { chunkSamples: 441, latencyMs: 20, jitterMs: JITTER_MS, seed: 32, gaps: [stall] },
      ],
      markersMs: marks,
      durationMs: 30_500,
      keepOutput: true,
      observe: (st) => {
        // how far the blocks trail what the agent's device has delivered, at each tick
        if (st.nowMs % 100 === 0)
          lag.push({ nowMs: st.nowMs, behindMs: (st.delivered[0] - st.emitted) / perMs });
      },
    });
    const s = r.aligner.statistics;
    // the lost 3 s (and the partial chunk before them) became silence: once realigned, the customer
    // has that much more put in than the agent (filled, and any guess of the fill corrected after)
    expect(s.filledSamples[0]).toBe(0);
    const lostMs = stall[1] - stall[0] + lostBefore(stall[0], 441) / perMs;
    expect(Math.abs(-netShift(r) / perMs - lostMs)).toBeLessThanOrEqual(ALIGNED_MS);
    // the stall is noticed within stallMs (300) plus a tick, and from then on the blocks keep up with
    // the agent: no further behind than a tick, a block, the agent's chunk and its jitter
    const keepUp = 100 + BLOCK / perMs + 320 / perMs + JITTER_MS;
    const during = lag.filter((l) => l.nowMs >= stall[0] + 20 + JITTER_MS + 300 + 100 && l.nowMs < stall[1]);
    expect(during.length).toBeGreaterThan(20);
    for (const l of during) expect(l.behindMs, `at ${l.nowMs} ms`).toBeLessThanOrEqual(keepUp);
    // the customer's markers in the stall are gone, the agent's are all there
    const lost = marks.map((m, i) => (m >= stall[0] && m < stall[1] ? i : -1)).filter((i) => i >= 0);
    expect(lost).toEqual([10, 11, 12]);
    for (const i of lost) {
      expect(r.markerAt[0][i]).toBeDefined();
      expect(r.markerAt[1][i]).toBeUndefined();
    }
    // every sample either device delivered is there, in order
    expectAllSamplesInOrder(r, 0, left(441));
    expectAllSamplesInOrder(r, 1, left(320));
    // aligned before the stall; after it, within a delivery's jitter at once, and as closely as
    // before once the resumed device's latency is measured again
    expectAligned(r, marks.slice(0, stall[0] / 1000), SETTLE_MS);
    const after = marks.map((m, i) => [m, i] as const).filter(([m]) => m >= stall[1]);
    for (const [m, i] of after) {
      const [ms] = misalignmentsMs(r, [i]) as [number];
      expect(ms, `marker at ${m} ms`).toBeLessThanOrEqual(m < stall[1] + SETTLE_MS ? JITTER_MS : ALIGNED_MS);
    }
  });

  it('invents nothing when both devices stall, and goes on aligned when they resume', () => {
    const stall: [number, number] = [10_000, 13_000];
    const marks = markers(500, 30_000, 1000);
    const emittedAt = new Map<number, number>();
    const r = simulate({
      rateHz: RATE_HZ,
      blockSamples: BLOCK,
      devices: [
        { chunkSamples: 320, latencyMs: 20, jitterMs: JITTER_MS, seed: 41, gaps: [stall] },
        { chunkSamples: 441, latencyMs: 20, jitterMs: JITTER_MS, seed: 42, gaps: [stall] },
      ],
      markersMs: marks,
      durationMs: 30_500,
      keepOutput: true,
      observe: (st) => void emittedAt.set(st.nowMs, st.emitted),
    });
    const s = r.aligner.statistics;
    expect(s.filledSamples).toEqual([0, 0]);
    // nor later: what either device got put in is its start-up jitter and the partial chunk it lost,
    // not the stall (3 s) put back as silence once its latency window has passed
    for (const d of [0, 1] as const) {
      expect((s.offsetSamples[d] + s.driftSamples[d]) / perMs).toBeLessThanOrEqual(JITTER_MS + 441 / perMs);
    }
    // nothing came out between the last chunks before the stall and the first after it
    const before = emittedAt.get(stall[0] + 200);
    expect(before).toBeDefined();
    for (const [t, n] of emittedAt) if (t > stall[0] + 200 && t < stall[1]) expect(n).toBe(before);
    expectAllSamplesInOrder(r, 0, left(441));
    expectAllSamplesInOrder(r, 1, left(320));
    // Each device also lost the partial chunk it held when it stopped: the agent's lost samples are
    // those of 10 000 ms - (10 000 ms mod 20 ms), the customer's 10 000 ms mod 27.56 ms more. Nothing
    // tells the aligner a lost sample from a late one until its 5 s latency window has passed (a
    // device's latency can only be seen to fall at once): until then the two differ by that much.
    const partialMs = (lostBefore(stall[0], 441) - lostBefore(stall[0], 320)) / perMs;
    expect(partialMs).toBeGreaterThan(ALIGNED_MS); // the case is worth testing
    expectAligned(r, marks.slice(0, stall[0] / 1000), SETTLE_MS);
    for (const [m, i] of marks.map((m, i) => [m, i] as const).filter(([m]) => m >= stall[1])) {
      const [ms] = misalignmentsMs(r, [i]) as [number];
      const bound = m < stall[1] + 5000 + SETTLE_MS ? partialMs + ALIGNED_MS : ALIGNED_MS;
      expect(ms, `marker at ${m} ms`).toBeLessThanOrEqual(bound);
    }
  });
});

/** Index of the first sample of `a` that differs from `b`'s, -1 when all of `a` is `b`'s beginning. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length > b.length) return b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Markers from `fromMs` on are aligned within ALIGNED_MS, the ones before within a delivery's jitter. */
function expectAligned(r: SimulationResult, marks: readonly number[], fromMs: number): void {
  for (const [i, ms] of misalignmentsMs(r, indices(marks.length)).entries()) {
    const m = marks[i] as number;
    expect(ms, `marker at ${m} ms`).toBeLessThanOrEqual(m >= fromMs ? ALIGNED_MS : JITTER_MS);
  }
}

/** Samples of the partial chunk a device (capturing from 0 in `chunk`-sample chunks) loses when it stops at `atMs`. */
function lostBefore(atMs: number, chunk: number): number {
  return (atMs * perMs) % chunk;
}

/** Samples put in front of the agent minus those put in front of the customer (offsets and drift). */
function netShift(r: SimulationResult): number {
  const s = r.aligner.statistics;
  const inserted = (d: 0 | 1): number => s.filledSamples[d] + s.offsetSamples[d] + s.driftSamples[d];
  return inserted(0) - inserted(1);
}
