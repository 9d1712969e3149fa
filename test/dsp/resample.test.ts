import { describe, expect, it } from 'vitest';
import { StreamingResampler, type ResamplerQuality } from '../../dsp/resample.js';
import { fitSinusoid, sine } from '../helpers/signals.js';

const PAIRS: readonly (readonly [number, number])[] = [
  [16000, 8000],
  [48000, 8000],
  [44100, 8000],
  [11025, 8000],
  [22050, 16000],
  [8000, 16000],
  [8000, 44100],
  [8000, 47999], // more phases than the exact table holds: interpolated phases
];

/** Whole stream through a fresh resampler, in chunks of `chunk` samples (whole input when omitted). */
function resample(
  x: Float32Array,
  fromHz: number,
  toHz: number,
  chunk = x.length,
  quality?: ResamplerQuality,
) {
  const r = new StreamingResampler(quality ? { fromHz, toHz, quality } : { fromHz, toHz });
  const parts: number[] = [];
  for (let i = 0; i < x.length; i += Math.max(1, chunk)) parts.push(...r.process(x.subarray(i, i + chunk)));
  parts.push(...r.flush());
  return Float32Array.from(parts);
}

function rmsOf(y: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let k = from; k < to; k++) sum += (y[k] as number) ** 2;
  return Math.sqrt(sum / (to - from));
}

describe('StreamingResampler', () => {
  it('outputs round(inputLength * toHz / fromHz) samples in total, however the input is chunked', () => {
    for (const [fromHz, toHz] of PAIRS) {
      for (const n of [0, 1, 7, 1000, 12345]) {
        const x = sine(n, fromHz, 300, 0.5);
        const expected = Math.round((n * toHz) / fromHz);
        expect(resample(x, fromHz, toHz).length, `${fromHz}->${toHz}, ${n}`).toBe(expected);
        expect(resample(x, fromHz, toHz, 1000).length, `${fromHz}->${toHz}, ${n}`).toBe(expected);
      }
    }
  });

  it('does not depend on chunking: 1-sample and random chunks give the whole-input output', () => {
    for (const [fromHz, toHz] of PAIRS) {
      const x = Float32Array.from({ length: 3000 }, (_, i) => Math.sin(i * 0.37) * Math.cos(i * 0.011));
      const whole = resample(x, fromHz, toHz);
      const single = resample(x, fromHz, toHz, 1);
      const r = new StreamingResampler({ fromHz, toHz });
      const parts: number[] = [];
      for (let i = 0, c = 1; i < x.length; i += c, c = (c * 7 + 3) % 600)
        parts.push(...r.process(x.subarray(i, i + c)));
      parts.push(...r.flush());
      for (const other of [single, Float32Array.from(parts)]) {
        expect(other.length).toBe(whole.length);
        let maxDiff = 0;
        for (let k = 0; k < whole.length; k++)
          maxDiff = Math.max(maxDiff, Math.abs((other[k] as number) - (whole[k] as number)));
        expect(maxDiff, `${fromHz}->${toHz}`).toBeLessThanOrEqual(1e-6);
      }
    }
  });

  it('passes 8000 -> 8000 through exactly', () => {
    const x = Float32Array.from({ length: 1001 }, (_, i) => Math.sin(i * 1.3) * 0.9);
    expect(resample(x, 8000, 8000)).toEqual(x);
    expect(resample(x, 8000, 8000, 1)).toEqual(x);
    expect(new StreamingResampler({ fromHz: 8000, toHz: 8000 }).flush().length).toBe(0);
  });

  for (const quality of ['fast', 'good'] as const) {
    it(`keeps passband tones' amplitude within 0.1 dB and their timing (${quality})`, () => {
      for (const [fromHz, toHz] of PAIRS) {
        const nyquistHz = Math.min(fromHz, toHz) / 2;
        for (const fHz of [100, 1000, 0.6 * nyquistHz]) {
          const y = resample(sine(fromHz, fromHz, fHz, 0.5, 0.3), fromHz, toHz, 4000, quality); // 1 s
          // Output sample k is the input signal at time k / toHz: same amplitude, same phase at k = 0.
          const { amplitude, phase } = fitSinusoid(
            y,
            toHz,
            fHz,
            Math.round(toHz / 8),
            Math.round((7 * toHz) / 8),
          );
          const label = `${fromHz}->${toHz} ${fHz} Hz`;
          expect(Math.abs(20 * Math.log10(amplitude / 0.5)), label).toBeLessThan(0.1);
          const offsetSamples = ((phase - 0.3) / (2 * Math.PI * fHz)) * toHz;
          expect(Math.abs(offsetSamples), label).toBeLessThan(0.01);
        }
      }
    });
  }

  it('puts a click at input time t at output time t, symmetrically', () => {
    for (const [fromHz, toHz] of PAIRS) {
      const x = new Float32Array(fromHz / 2);
      const clickSeconds = 0.2; // a whole number of samples at every rate used here but 47999 Hz
      x[Math.round(clickSeconds * fromHz)] = 1;
      const y = resample(x, fromHz, toHz);
      const centre = Math.round(clickSeconds * toHz);
      let peak = 0;
      for (let k = 1; k < y.length; k++) if (Math.abs(y[k] as number) > Math.abs(y[peak] as number)) peak = k;
      const label = `${fromHz}->${toHz}`;
      if (Math.abs(clickSeconds * toHz - centre) < 1e-9) {
        expect(peak, label).toBe(centre);
        for (let d = 1; d <= 8; d++) {
          expect(Math.abs((y[centre - d] as number) - (y[centre + d] as number)), label).toBeLessThan(1e-6);
        }
      } else {
        expect(Math.abs(peak - clickSeconds * toHz), label).toBeLessThan(1); // not on the output grid
      }
    }
  });

  it('attenuates tones above the target Nyquist by more than 50 dB (fast: from 1.15 x Nyquist)', () => {
    const cases: readonly (readonly [number, number, number, ResamplerQuality])[] = [
      [16000, 8000, 5000, 'fast'],
      [16000, 8000, 7000, 'fast'],
      [48000, 8000, 6000, 'fast'],
      [48000, 8000, 15000, 'fast'],
      [44100, 8000, 4700, 'fast'],
      [44100, 8000, 19000, 'fast'],
      [11025, 8000, 5000, 'fast'],
      [22050, 16000, 9500, 'fast'],
      [16000, 8000, 4100, 'good'],
      [44100, 8000, 4200, 'good'],
    ];
    for (const [fromHz, toHz, fHz, quality] of cases) {
      const y = resample(sine(fromHz, fromHz, fHz, 0.5), fromHz, toHz, fromHz, quality);
      const rms = rmsOf(y, Math.round(toHz / 8), Math.round((7 * toHz) / 8));
      expect(
        20 * Math.log10(rms / (0.5 / Math.SQRT2)),
        `${fromHz}->${toHz} ${fHz} Hz ${quality}`,
      ).toBeLessThan(-50);
    }
  });

  it('speech quality: flat to 0.7 x Nyquist, 55 dB down from 1.3 x, and the same as fast where both are clean', () => {
    for (const [fromHz, fHz] of [
      [16000, 1000],
      [16000, 2700],
      [48000, 2700],
      [44100, 1500],
    ] as const) {
      const y = resample(sine(fromHz, fromHz, fHz, 0.5), fromHz, 8000, fromHz, 'speech');
      const { amplitude } = fitSinusoid(y, 8000, fHz, 1000, 7000);
      expect(Math.abs(20 * Math.log10(amplitude / 0.5)), `${fromHz} ${fHz} Hz`).toBeLessThan(0.1);
    }
    for (const [fromHz, fHz] of [
      [16000, 5300],
      [16000, 7000],
      [48000, 5300],
      [44100, 9000],
    ] as const) {
      const y = resample(sine(fromHz, fromHz, fHz, 0.5), fromHz, 8000, fromHz, 'speech');
      const rms = rmsOf(y, 1000, 7000);
      expect(20 * Math.log10(rms / (0.5 / Math.SQRT2)), `${fromHz} ${fHz} Hz`).toBeLessThan(-55);
    }
    // the half-band 2:1 path agrees with the general polyphase design to within the stopband ripple
    const x = sine(16000, 16000, 440, 0.5, 0.3);
    const a = resample(x, 16000, 8000, 1000, 'speech');
    const b = resample(x, 16000, 8000, 1000, 'fast');
    let worst = 0;
    for (let k = 100; k < a.length - 100; k++)
      worst = Math.max(worst, Math.abs((a[k] as number) - (b[k] as number)));
    expect(worst).toBeLessThan(1e-3);
  });

  it('suppresses upsampling images by more than 50 dB', () => {
    for (const [fromHz, toHz] of [
      [8000, 16000],
      [8000, 44100],
    ] as const) {
      const y = resample(sine(fromHz, fromHz, 2500, 0.5), fromHz, toHz);
      const from = Math.round(toHz / 8);
      const to = Math.round((7 * toHz) / 8);
      const image = fitSinusoid(y, toHz, fromHz - 2500, from, to).amplitude; // 5.5 kHz mirror of 2.5 kHz
      expect(fitSinusoid(y, toHz, 2500, from, to).amplitude).toBeCloseTo(0.5, 3);
      expect(20 * Math.log10(image / 0.5), `${fromHz}->${toHz}`).toBeLessThan(-50);
    }
  });

  it('starts a new stream after flush', () => {
    const x = sine(5000, 44100, 440, 0.5);
    const r = new StreamingResampler({ fromHz: 44100, toHz: 8000 });
    r.process(sine(3000, 44100, 1000, 0.8));
    r.flush();
    const again = Float32Array.from([...r.process(x), ...r.flush()]);
    expect(again).toEqual(resample(x, 44100, 8000));
  });

  it('rejects invalid rates, naming the parameter and value', () => {
    expect(() => new StreamingResampler({ fromHz: 0, toHz: 8000 })).toThrow(/fromHz.*\b0\b/);
    expect(() => new StreamingResampler({ fromHz: 16000, toHz: 8000.5 })).toThrow(/toHz.*8000\.5/);
  });
});
