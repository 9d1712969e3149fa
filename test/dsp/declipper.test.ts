import { describe, expect, it } from 'vitest';
import { Declipper, MAX_REPAIR_GAIN } from '../../dsp/declipper.js';
import { sine } from '../helpers/signals.js';

/** `x` through a fresh declipper in blocks of `block`, the flush included: as many samples as went in. */
function declipped(x: Float32Array, rateHz: number, block = x.length): { y: Float32Array; repaired: number } {
  const d = new Declipper(rateHz);
  const parts: Float32Array[] = [];
  for (let at = 0; at < x.length; at += block) parts.push(d.process(x.subarray(at, at + block)).slice());
  parts.push(d.flush().slice());
  const y = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (y.set(p, at), at + p.length), 0);
  return { y, repaired: d.repairedSamples };
}

const clip = (x: Float32Array): Float32Array => x.map((v) => Math.max(-1, Math.min(1, v)));
const rmsDb = (x: Float32Array): number => 10 * Math.log10(x.reduce((s, v) => s + v * v, 0) / x.length);

describe('Declipper', () => {
  it('gives back a signal that never reaches full scale exactly as it was, sample for sample', () => {
    const x = sine(8000, 8000, 230, 0.95);
    const { y, repaired } = declipped(x, 8000, 333);
    expect(y).toEqual(x);
    expect(repaired).toBe(0);
  });

  it('redraws the flat tops of a voice-band tone driven 6 dB past full scale, close to the tone it was', () => {
    const rate = 8000;
    const tone = sine(rate, rate, 197, 2); // 2x full scale: flat tops of about 13 samples
    const clipped = clip(tone);
    const { y, repaired } = declipped(clipped, rate, 256);
    const lostDb = rmsDb(tone) - rmsDb(clipped); // what clipping took away: 2.5 dB and more
    expect(lostDb).toBeGreaterThan(2.5);
    expect(Math.abs(rmsDb(tone) - rmsDb(y))).toBeLessThan(0.25 * lostDb); // three quarters of it given back
    expect(repaired).toBeGreaterThan(0.5 * rate);
    expect(Math.max(...y.map(Math.abs))).toBeLessThanOrEqual(MAX_REPAIR_GAIN);
    // the samples that were not at full scale are untouched
    clipped.forEach((v, i) => {
      if (Math.abs(v) < 0.97) expect(y[i]).toBe(v);
    });
  });

  it('gives the same samples for any block size', () => {
    const x = clip(sine(4000, 16000, 310, (i) => 1 + i / 2000));
    const whole = declipped(x, 16000).y;
    for (const block of [1, 17, 1000]) expect(declipped(x, 16000, block).y).toEqual(whole);
  });

  it('leaves a lone sample at full scale and a flat top longer than 4 ms as they are', () => {
    const x = new Float32Array(200).fill(0.2);
    x[50] = 1;
    x.fill(-1, 100, 100 + 40); // 5 ms at 8 kHz
    expect(declipped(x, 8000, 7)).toEqual({ y: x, repaired: 0 });
  });

  it('refuses a rate that is not one', () => {
    expect(() => new Declipper(0)).toThrow(/sampleRateHz/);
  });
});
