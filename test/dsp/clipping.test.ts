import { describe, expect, it } from 'vitest';
import { ClipCounter, CLIP_LEVEL } from '../../dsp/clipping.js';
import { sine } from '../helpers/signals.js';

describe('ClipCounter', () => {
  it('counts the samples of a tone driven past full scale that sit at the ceiling', () => {
    const rate = 8000;
    // 197 Hz (no whole number of samples per period) at amplitude 2, clipped at ±1: |2 sin θ| >= CLIP_LEVEL for all θ but those within asin(CLIP_LEVEL / 2) of a zero
    const x = sine(rate, rate, 197, 2).map((v) => Math.max(-1, Math.min(1, v)));
    const counter = new ClipCounter();
    for (let at = 0; at < x.length; at += 100) counter.process(x.subarray(at, at + 100));
    const expected = 1 - (2 / Math.PI) * Math.asin(CLIP_LEVEL / 2);
    expect(counter.samples).toBe(rate);
    expect(counter.fraction).toBeCloseTo(expected, 2);
  });

  it('counts nothing in a tone that stays under the ceiling', () => {
    const counter = new ClipCounter();
    counter.process(sine(8000, 8000, 200, 0.96));
    expect(counter.clippedSamples).toBe(0);
    expect(new ClipCounter().fraction).toBe(0);
  });
});
