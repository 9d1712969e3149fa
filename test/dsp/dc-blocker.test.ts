import { describe, expect, it } from 'vitest';
import { DC_CUTOFF_HZ, DcBlocker } from '../../dsp/dc-blocker.js';
import { sine } from '../helpers/signals.js';

/** `x` through a fresh blocker in blocks of `block` samples, as one array. */
function blocked(x: Float32Array, rateHz: number, block = x.length): { y: Float32Array; offset: number } {
  const dc = new DcBlocker(rateHz);
  const y = new Float32Array(x.length);
  for (let at = 0; at < x.length; at += block) y.set(dc.process(x.subarray(at, at + block)), at);
  return { y, offset: dc.offset };
}

const rms = (x: Float32Array, from = 0): number => {
  let sum = 0;
  for (let i = from; i < x.length; i++) sum += (x[i] as number) ** 2;
  return Math.sqrt(sum / (x.length - from));
};

describe('DcBlocker', () => {
  it('turns a constant into exact zeros from the first sample, and measures it', () => {
    const { y, offset } = blocked(new Float32Array(8000).fill(0.183), 8000, 1000);
    expect(Math.max(...y.map(Math.abs))).toBe(0);
    expect(offset).toBeCloseTo(0.183, 3);
  });

  it('takes an offset off a voice-band tone and leaves the tone as it was', () => {
    const rate = 8000;
    const tone = sine(2 * rate, rate, 300, 0.1);
    const { y, offset } = blocked(
      tone.map((v) => v + 600 / 32768),
      rate,
      333,
    );
    // after 50 ms (five time constants of the 10 Hz pole), the output is the tone within 0.05 dB
    const settled = Math.round(0.05 * rate);
    let mean = 0;
    for (let i = settled; i < y.length; i++) mean += y[i] as number;
    expect(Math.abs(mean / (y.length - settled))).toBeLessThan(1e-4);
    expect(20 * Math.log10(rms(y, settled) / rms(tone, settled))).toBeCloseTo(0, 1);
    expect(offset).toBeCloseTo(600 / 32768, 3);
  });

  it('is 3 dB down at its cutoff, whatever the rate', () => {
    for (const rate of [8000, 48000]) {
      const tone = sine(20 * rate, rate, DC_CUTOFF_HZ, 0.5);
      const { y } = blocked(tone, rate, 4096);
      const gainDb = 20 * Math.log10(rms(y, 10 * rate) / rms(tone, 10 * rate));
      expect(gainDb).toBeGreaterThan(-3.2);
      expect(gainDb).toBeLessThan(-2.8);
    }
  });

  it('gives the same samples for any block size', () => {
    const x = sine(5000, 16000, 440, (i) => 0.3 + 0.0001 * i).map((v, i) => v + (i > 2500 ? 0.05 : -0.02));
    const whole = blocked(x, 16000).y;
    for (const block of [1, 7, 256, 4999]) expect(blocked(x, 16000, block).y).toEqual(whole);
  });

  it('measures the offset as the windows mostly have it: bursts of flat tops do not move it', () => {
    const rate = 8000;
    const x = new Float32Array(10 * rate).fill(0.02);
    // three 0.5 s bursts of a tone driven into the ceiling: their windows' means are far from 0.02
    for (const start of [1, 4, 7]) {
      for (let i = start * rate; i < (start + 0.5) * rate; i++)
        x[i] = Math.max(-1, Math.min(1, 0.02 + 4 * Math.sin((2 * Math.PI * 210 * i) / rate) + 0.3));
    }
    expect(blocked(x, rate, 512).offset).toBeCloseTo(0.02, 3);
  });

  it('refuses a rate or a cutoff out of range, naming it', () => {
    expect(() => new DcBlocker(0)).toThrow(/sampleRateHz/);
    expect(() => new DcBlocker(8000, 3000)).toThrow(/cutoffHz/);
    expect(() => new DcBlocker(8000, 0)).toThrow(/cutoffHz/);
  });
});
