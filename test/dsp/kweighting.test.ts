import { describe, expect, it } from 'vitest';
import { Biquad } from '../../dsp/biquad.js';
import { KWeightingFilter, kWeightingCoefficients } from '../../dsp/kweighting.js';

// ITU-R BS.1770-4, Annex 1, Tables 1 and 2: the K-weighting coefficients at 48 kHz.
const TABLE_SHELF = {
  b0: 1.53512485958697,
  b1: -2.69169618940638,
  b2: 1.19839281085285,
  a1: -1.69065929318241,
  a2: 0.73248077421585,
};
import { fitSinusoid, sine } from '../helpers/signals.js';
const TABLE_HIGHPASS = { b0: 1, b1: -2, b2: 1, a1: -1.99004745483398, a2: 0.99007225036621 };

// The analog prototype the tables were derived from (the commonly used parametrisation).
const SHELF = {
  f0: 1681.974450955533,
  gainDb: 3.999843853973347,
  q: 0.7071752369554196,
  vbExp: 0.4996667741545416,
};
const HIGHPASS = { f0: 38.13547087602444, q: 0.5003270373238773 };
// The table keeps b = [1, -2, 1]: its high-frequency gain is H(z = -1) = 4 / (1 - a1 + a2), not 1.
const HIGHPASS_GAIN = 4 / (1 - TABLE_HIGHPASS.a1 + TABLE_HIGHPASS.a2);

/** |H| of a second-order analog section (n2 S^2 + n1 S + n0) / (S^2 + S/q + 1) at S = j w (w normalised to f0). */
function analogMagnitude(n2: number, n1: number, n0: number, q: number, w: number): number {
  const num = Math.hypot(n0 - n2 * w * w, n1 * w);
  const den = Math.hypot(1 - w * w, w / q);
  return num / den;
}

/** Analog K-weighting gain in dB; `warp` maps a frequency to the normalised analog frequency of each stage. */
function kGainDb(warp: (f0: number) => number): number {
  const vh = 10 ** (SHELF.gainDb / 20);
  const vb = vh ** SHELF.vbExp;
  const shelf = analogMagnitude(vh, vb / SHELF.q, 1, SHELF.q, warp(SHELF.f0));
  const highPass = analogMagnitude(1, 0, 0, HIGHPASS.q, warp(HIGHPASS.f0));
  return 20 * Math.log10(shelf * highPass * HIGHPASS_GAIN);
}

/** Expected digital gain: the bilinear transform pre-warped at f0 maps f to tan(pi f / fs) / tan(pi f0 / fs). */
const digitalGainDb = (fHz: number, fsHz: number): number =>
  kGainDb((f0) => Math.tan((Math.PI * fHz) / fsHz) / Math.tan((Math.PI * f0) / fsHz));
const analogGainDb = (fHz: number): number => kGainDb((f0) => fHz / f0);

describe('Biquad', () => {
  it('runs the difference equation, in place and across calls', () => {
    // y[n] = x[n] + 0.5 x[n-1] + 0.9 y[n-1]: impulse response 1, 1.4, 1.26, 1.134, ...
    const f = new Biquad({ b0: 1, b1: 0.5, b2: 0, a1: -0.9, a2: 0 });
    const x = new Float32Array([1, 0, 0, 0]);
    f.process(x, x, 2);
    f.process(x.subarray(2), x.subarray(2));
    expect(Array.from(x)).toEqual(Array.from(new Float32Array([1, 1.4, 1.26, 1.134])));
    f.reset();
    const y = new Float32Array(1);
    f.process(new Float32Array([0]), y);
    expect(y[0]).toBe(0);
    expect(() => f.process(x, new Float32Array(2))).toThrow(RangeError);
  });
});

describe('K-weighting coefficients (BS.1770-4)', () => {
  it('reproduce the 48 kHz tables', () => {
    const { shelf, highPass } = kWeightingCoefficients(48000);
    for (const key of ['b0', 'b1', 'b2', 'a1', 'a2'] as const) {
      expect(shelf[key]).toBeCloseTo(TABLE_SHELF[key], 9);
      expect(highPass[key]).toBeCloseTo(TABLE_HIGHPASS[key], 9);
    }
  });

  it('reject rates outside 8000-192000 Hz, naming the parameter', () => {
    expect(() => new KWeightingFilter(4000)).toThrow(/sampleRateHz.*4000/);
    expect(() => new KWeightingFilter(Number.NaN)).toThrow(RangeError);
  });

  it('have the shape of the curve in BS.1770-4 Figure 1', () => {
    expect(analogGainDb(10000)).toBeGreaterThan(3.9); // high shelf: about +4 dB
    expect(analogGainDb(10000)).toBeLessThan(4.1);
    expect(Math.abs(analogGainDb(500))).toBeLessThan(0.2); // about flat at mid frequencies
    // The -0.691 dB of the loudness formula cancels the 48 kHz filter's gain at 997 Hz (warping included).
    expect(digitalGainDb(997, 48000)).toBeCloseTo(0.691, 3);
    expect(analogGainDb(20)).toBeLessThan(-10); // RLB high-pass
  });
});

describe('KWeightingFilter response, measured with sine tones', () => {
  for (const fsHz of [8000, 16000, 44100, 48000]) {
    it(`matches the bilinear image of the analog design at ${fsHz} Hz`, () => {
      const freqs = [25, 50, 100, 500, 997, 2000, 3500, 6000, 10000, 15000, 20000].filter(
        (f) => f < 0.45 * fsHz,
      );
      for (const fHz of freqs) {
        const filter = new KWeightingFilter(fsHz);
        const x = sine(fsHz, fsHz, fHz, 0.5); // 1 s; the high-pass has settled after 0.5 s
        filter.process(x, x); // in place
        const measuredDb = 20 * Math.log10(fitSinusoid(x, fsHz, fHz, fsHz / 2).amplitude / 0.5);
        expect(measuredDb, `${fHz} Hz`).toBeCloseTo(digitalGainDb(fHz, fsHz), 3);
        // Far below the shelf and Nyquist, warping is negligible: the digital filter follows the analog curve.
        if (fHz <= 500 && fsHz >= 16000)
          expect(Math.abs(measuredDb - analogGainDb(fHz)), `${fHz} Hz`).toBeLessThan(0.01);
      }
    });
  }

  it('is the same filtered in chunks and after reset', () => {
    const x = sine(4800, 48000, 440, 0.3);
    const whole = new Float32Array(x.length);
    const filter = new KWeightingFilter(48000);
    filter.process(x, whole);
    filter.reset();
    const chunked = new Float32Array(x.length);
    for (let i = 0; i < x.length; i += 333) {
      const n = Math.min(333, x.length - i);
      filter.process(x.subarray(i), chunked.subarray(i), n);
    }
    expect(chunked).toEqual(whole);
  });
});
