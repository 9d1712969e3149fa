import { describe, expect, it } from 'vitest';
import { EchoCanceller } from '../../dsp/echo.js';
import { Fft } from '../../dsp/fft.js';
import { DIGITAL_SILENCE_DB, NoiseFloorTracker } from '../../dsp/noise-floor.js';

const RATE = 8000;
const FRAME = 256;

/** Deterministic speech-like noise: white noise through a one-pole low-pass, gated on and off. */
function talker(seconds: number, seed: number): Float32Array {
  const out = new Float32Array(seconds * RATE);
  let s = seed;
  let y = 0;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    y = 0.8 * y + 0.2 * (s / 2147483648 - 0.5);
    const on = Math.floor(i / (RATE * 1.5)) % 3 !== 2; // 3 s on, 1.5 s off
    out[i] = on ? 2 * y : 0;
  }
  return out;
}

function energy(x: Float32Array, from = 0, to = x.length): number {
  let e = 0;
  for (let i = from; i < to; i++) e += (x[i] as number) ** 2;
  return e;
}

/** Runs the canceller over whole frames; returns the residual. */
function cancel(ec: EchoCanceller, near: Float32Array, far: Float32Array): Float32Array {
  const out = new Float32Array(near.length);
  for (let at = 0; at + FRAME <= near.length; at += FRAME) {
    ec.process(near.subarray(at, at + FRAME), far.subarray(at, at + FRAME), out.subarray(at, at + FRAME));
  }
  return out;
}

describe('EchoCanceller', () => {
  const far = talker(12, 7);

  for (const [delayMs, gainDb] of [
    [30, -20],
    [87.5, -26],
    [150, -18],
  ] as const) {
    it(`finds a ${delayMs} ms, ${gainDb} dB echo and takes it out`, () => {
      const d = Math.round((delayMs / 1000) * RATE);
      const g = 10 ** (gainDb / 20);
      const near = new Float32Array(far.length);
      for (let i = d; i < far.length; i++) near[i] = g * (far[i - d] as number);
      const ec = new EchoCanceller({ sampleRateHz: RATE });
      const residual = cancel(ec, near, far);
      expect(ec.delaySamples).toBe(d);
      // the echo power predicted for the last frame (bulk delay and gain) matches the real one within 1 dB
      const last = Math.floor(far.length / FRAME) * FRAME - FRAME;
      const realPower = energy(near, last, last + FRAME) / FRAME;
      expect(Math.abs(10 * Math.log10(ec.expectedEchoEnergy / realPower))).toBeLessThan(1);
      expect(ec.delayConfidence).toBeGreaterThan(0.9);
      // after the first seconds the echo is down by more than 25 dB
      const from = 4 * RATE;
      const erleDb = 10 * Math.log10(energy(near, from) / energy(residual, from));
      expect(erleDb).toBeGreaterThan(25);
    });
  }

  it('leaves the near talker alone when they talk over the echo (double talk)', () => {
    const d = 600;
    const near = new Float32Array(far.length);
    const own = talker(12, 99);
    for (let i = 0; i < far.length; i++) near[i] = 0.1 * ((far[i - d] as number) || 0);
    const ec = new EchoCanceller({ sampleRateHz: RATE });
    cancel(ec, near, far); // learn the path on echo alone
    const both = Float32Array.from(near, (x, i) => x + 0.5 * (own[i] as number));
    const residual = cancel(ec, both, far);
    // what remains is the near talker: within 1 dB of their own energy
    const ownOnly = Float32Array.from(own, (x) => 0.5 * x);
    const ratioDb = 10 * Math.log10(energy(residual) / energy(ownOnly));
    expect(Math.abs(ratioDb)).toBeLessThan(1);
  });

  it('reports no delay on a line without echo', () => {
    const ec = new EchoCanceller({ sampleRateHz: RATE });
    const near = talker(12, 1234); // an independent talker
    const residual = cancel(ec, near, far);
    expect(ec.delaySamples).toBe(-1);
    expect(energy(residual)).toBeCloseTo(energy(near.subarray(0, residual.length)), 6);
  });

  it('rejects impossible options', () => {
    expect(() => new EchoCanceller({ sampleRateHz: 4000 })).toThrow(RangeError);
    expect(() => new EchoCanceller({ sampleRateHz: RATE, tapCount: 0 })).toThrow(RangeError);
    expect(() => new EchoCanceller({ sampleRateHz: RATE, stepSize: 2 })).toThrow(RangeError);
  });
});

describe('Fft', () => {
  it('puts a cosine of k cycles into bins k and N - k with amplitude N / 2', () => {
    const n = 64;
    const fft = new Fft(n);
    const re = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 5 * i) / n));
    const im = new Float64Array(n);
    fft.transform(re, im);
    for (let k = 0; k < n; k++) {
      const mag = Math.hypot(re[k] as number, im[k] as number);
      expect(mag).toBeCloseTo(k === 5 || k === n - 5 ? n / 2 : 0, 9);
    }
    fft.transform(re, im, true);
    expect(re[3]).toBeCloseTo(Math.cos((2 * Math.PI * 5 * 3) / n), 12);
  });

  it('needs a power of two', () => {
    expect(() => new Fft(48)).toThrow(RangeError);
  });
});

describe('NoiseFloorTracker', () => {
  it('drops to a quiet level fast and climbs at most riseDbPerSec', () => {
    const t = new NoiseFloorTracker(0.032, 1);
    t.update(-70); // the first real level starts it
    for (let i = 0; i < 20; i++) t.update(-50); // the floor climbs from -70 at 1 dB/s
    expect(t.db).toBeCloseTo(-70 + 20 * 0.032, 6);
    for (let i = 0; i < 10; i++) t.update(-85);
    expect(t.db).toBeLessThan(-84);
    // speech at -20 dB for 2.9 s lifts the floor by 2.9 dB only
    const before = t.db;
    for (let i = 0; i < 90; i++) t.update(-20);
    expect(t.db - before).toBeCloseTo(90 * 0.032, 6);
  });

  it('climbs ten times faster to a restart’s distance under the quietest level of the last 3 s', () => {
    // a live capture opened on a quieter line (-85 dB), then the call's noise at -61 dB
    const t = new NoiseFloorTracker(0.032, 1, null, 12);
    for (let i = 0; i < 100; i++) t.update(-85);
    expect(t.db).toBeLessThan(-84);
    let seconds = 0;
    while (t.db < -73.5 && seconds < 60) {
      t.update(-61);
      seconds += 0.032;
    }
    // 3 s until the window holds only the noise, then 10 dB/s: about 4 s, not the 12 s of 1 dB/s
    expect(seconds).toBeGreaterThan(3);
    expect(seconds).toBeLessThan(5);
    // and no further than that distance: speech over the noise (pauses at the noise) does not lift it
    for (let i = 0; i < 300; i++) t.update(i % 10 < 7 ? -25 : -61);
    expect(t.db).toBeLessThan(-61);
  });

  it('counts dithered 16-bit zeros (one step either way, an idle sound server) as digital silence', () => {
    let seed = 7;
    const frame = Float32Array.from({ length: 256 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (((seed >> 16) % 3) - 1) / 32768; // -1, 0 or +1 step
    });
    const levelDb = 10 * Math.log10(frame.reduce((sum, x) => sum + x * x, 0) / frame.length);
    expect(levelDb).toBeGreaterThan(-100);
    expect(levelDb).toBeLessThanOrEqual(DIGITAL_SILENCE_DB);
    const t = new NoiseFloorTracker(0.032, 1, null, 12);
    for (let i = 0; i < 30; i++) t.update(levelDb);
    expect(t.db).toBe(DIGITAL_SILENCE_DB);
    t.update(-61); // the call's noise: the floor starts from it, not from the dither
    expect(t.db).toBeCloseTo(-73 + 0.032, 6);
  });

  it('takes no floor from digital silence, and starts again after it from the next real sound', () => {
    const t = new NoiseFloorTracker(0.032, 1, null, 12);
    for (let i = 0; i < 60; i++) t.update(-200); // 2 s of zeros
    expect(t.db).toBe(DIGITAL_SILENCE_DB);
    t.update(-30); // a first word: the floor starts 12 dB under it, so the word stands above it
    expect(t.db).toBeCloseTo(-42 + 0.032, 6);
    for (let i = 0; i < 30; i++) t.update(-60); // line noise: followed down fast
    expect(t.db).toBeLessThan(-59);
    t.update(-200); // silence suppression: unknown again, not sunk to -200
    expect(t.db).toBe(DIGITAL_SILENCE_DB);
    t.update(-35);
    expect(t.db).toBeCloseTo(-47 + 0.032, 6);
  });

  it('with the line’s floor known, restarts there and climbs back to it ten times faster', () => {
    const t = new NoiseFloorTracker(0.032, 1, -50);
    t.update(-40);
    expect(t.db).toBeCloseTo(-50 + 0.032, 6); // started at the known floor
    for (let i = 0; i < 100; i++) t.update(-70); // a quieter stretch in front of the call
    expect(t.db).toBeLessThan(-69);
    for (let i = 0; i < 31; i++) t.update(-45); // about 1 s back on the line: 10 dB/s up to -53
    expect(t.db).toBeGreaterThan(-60.5);
    for (let i = 0; i < 31; i++) t.update(-45);
    expect(t.db).toBeGreaterThan(-53.5);
    expect(t.db).toBeLessThan(-51); // then 1 dB/s again
  });
});
