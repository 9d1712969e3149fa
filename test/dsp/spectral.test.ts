import { describe, expect, it } from 'vitest';
import { SpectralFeatures } from '../../dsp/spectral.js';

const tone = (hz: number, rateHz: number, n: number, amplitude = 0.5): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rateHz));

describe('SpectralFeatures (Meyda)', () => {
  const features = new SpectralFeatures(256, 8000);

  it('puts a pure tone’s centroid at its frequency (bin-centred tones, rectangular frame)', () => {
    // 8000 / 256 = 31.25 Hz per bin: tones on a bin centre have all their energy in that bin.
    for (const bin of [16, 32, 64, 96]) {
      const hz = (bin * 8000) / 256;
      expect(features.centroidHz(tone(hz, 8000, 256))).toBeCloseTo(hz, 0);
    }
  });

  it('places a two-tone mix at the amplitude-weighted mean of the two', () => {
    // Meyda's centroid weights bins by magnitude: equal amplitudes at 500 and 1500 Hz give 1000 Hz.
    const a = tone(500, 8000, 256);
    const b = tone(1500, 8000, 256);
    const mix = a.map((x, i) => x + (b[i] as number));
    expect(features.centroidHz(mix)).toBeCloseTo(1000, 0);
  });

  it('does not depend on level, and gives NaN for silence', () => {
    const loud = features.centroidHz(tone(1000, 8000, 256, 0.9));
    const soft = features.centroidHz(tone(1000, 8000, 256, 0.001));
    expect(soft).toBeCloseTo(loud, 3);
    expect(features.centroidHz(new Float32Array(256))).toBeNaN();
  });

  it('keeps its own configuration when another instance uses Meyda differently', () => {
    const other = new SpectralFeatures(512, 16000);
    other.centroidHz(tone(2000, 16000, 512));
    expect(features.centroidHz(tone(1000, 8000, 256))).toBeCloseTo(1000, 0);
  });

  it('rejects frame sizes Meyda cannot transform', () => {
    expect(() => new SpectralFeatures(300, 8000)).toThrow(RangeError);
  });
});
