import { describe, expect, it } from 'vitest';
import { Voicing } from '../../dsp/voicing.js';
import { mulberry32 } from '../../scripts/scene/compose.js';

const RATE = 8000;
const N = 256;

/** A voice-like frame: `harmonics` harmonics of `f0Hz`, each 1/k as strong, starting at `phase` samples. */
function voiced(f0Hz: number, harmonics = 8, phase = 0, amplitude = 0.3): Float32Array {
  return Float32Array.from({ length: N }, (_, i) => {
    let x = 0;
    for (let k = 1; k <= harmonics && k * f0Hz < RATE / 2; k++) {
      x += Math.sin((2 * Math.PI * k * f0Hz * (i + phase)) / RATE) / k;
    }
    return amplitude * x;
  });
}

describe('Voicing (normalized autocorrelation)', () => {
  const v = new Voicing({ sampleRateHz: RATE }, N);

  it('finds the fundamental of harmonic frames from a low voice to a scream, within 2 %', () => {
    for (const f0 of [90, 120, 200, 310, 450, 640]) {
      const r = v.measure(voiced(f0));
      expect(r.strength, `${f0} Hz`).toBeGreaterThan(0.9);
      expect(Math.abs(r.f0Hz - f0) / f0, `${f0} Hz: got ${r.f0Hz.toFixed(1)}`).toBeLessThan(0.02);
    }
  });

  it('takes the fundamental, not an octave below it, however the frame is cut', () => {
    for (const phase of [0, 7, 33]) expect(v.measure(voiced(220, 6, phase)).f0Hz).toBeCloseTo(220, -1);
  });

  it('does not depend on level', () => {
    const loud = v.measure(voiced(150, 8, 0, 0.9));
    const soft = v.measure(voiced(150, 8, 0, 0.0009));
    expect(soft.strength).toBeCloseTo(loud.strength, 6);
    expect(soft.f0Hz).toBeCloseTo(loud.f0Hz, 6);
  });

  it('finds white noise and a click unvoiced, and silence has no pitch', () => {
    const rng = mulberry32(3);
    for (let t = 0; t < 5; t++) {
      const noise = Float32Array.from({ length: N }, () => 2 * rng() - 1);
      expect(v.measure(noise).strength).toBeLessThan(0.5);
    }
    const click = new Float32Array(N);
    for (let i = 0; i < 40; i++) click[i] = (2 * rng() - 1) * Math.exp(-i / 8);
    expect(v.measure(click).strength).toBeLessThan(0.5);
    const silent = v.measure(new Float32Array(N));
    expect(silent.strength).toBe(0);
    expect(silent.f0Hz).toBeNaN();
  });

  it('rejects a search range that is empty or that the frame cannot hold', () => {
    expect(() => new Voicing({ sampleRateHz: RATE, minF0Hz: 300, maxF0Hz: 200 }, 256)).toThrow(RangeError);
    expect(() => new Voicing({ sampleRateHz: RATE }, 16)).toThrow(RangeError);
  });
});
