import { describe, expect, it } from 'vitest';
import { KWeightingFilter } from '../../dsp/kweighting.js';
import { LoudnessMeter, SILENCE_LUFS, dbfs, rmsDb } from '../../dsp/loudness.js';
import { sine } from '../helpers/signals.js';

/** Gain of the K-weighting filter at fHz, measured as the RMS ratio of a long sine through it. */
function kGainSquared(fsHz: number, fHz: number): number {
  const x = sine(4 * fsHz, fsHz, fHz, () => 1);
  const y = new Float32Array(x.length);
  new KWeightingFilter(fsHz).process(x, y);
  // Skip the first second (settling), then use a whole number of periods of the RMS.
  const from = fsHz;
  const periods = Math.floor(((x.length - from) * fHz) / fsHz);
  const to = from + Math.round((periods * fsHz) / fHz);
  let sum = 0;
  for (let i = from; i < to; i++) sum += (y[i] as number) ** 2;
  return sum / (to - from) / 0.5; // a unit sine has mean square 1/2
}

/** Feeds `x` to the meter block by block, calling `after(blockIndex)` after each block. */
function feed(meter: LoudnessMeter, x: Float32Array, after?: (block: number) => void): void {
  for (let b = 0; (b + 1) * meter.blockSamples <= x.length; b++) {
    meter.push(x.subarray(b * meter.blockSamples, (b + 1) * meter.blockSamples));
    after?.(b);
  }
}

describe('dbfs and rmsDb', () => {
  it('are 10 log10 of the mean square, floored at -120 dB', () => {
    expect(dbfs(1)).toBe(0);
    expect(dbfs(0.01)).toBeCloseTo(-20, 12);
    expect(dbfs(0)).toBe(SILENCE_LUFS);
    expect(dbfs(1e-15)).toBe(-120);
    const fullScaleSine = sine(8000, 8000, 1000, () => 1);
    expect(rmsDb(fullScaleSine)).toBeCloseTo(10 * Math.log10(0.5), 4);
    expect(rmsDb(new Float32Array([0.5, 0.5, 1, 1]), 2)).toBeCloseTo(20 * Math.log10(0.5), 6);
    expect(rmsDb(new Float32Array(0))).toBe(SILENCE_LUFS);
  });
});

describe('LoudnessMeter', () => {
  it('reads a 0 dBFS 997 Hz sine at 48 kHz as -3.01 LKFS (BS.1770-4), and scales with level', () => {
    for (const amplitude of [1, 0.1, 0.01]) {
      const meter = new LoudnessMeter({ sampleRateHz: 48000, blockSamples: 4800 });
      feed(
        meter,
        sine(2 * 48000, 48000, 997, () => amplitude),
      );
      expect(meter.momentaryLufs).toBeCloseTo(20 * Math.log10(amplitude) - 3.01, 2);
    }
  });

  for (const fsHz of [8000, 16000, 44100]) {
    it(`derives a 997 Hz sine's loudness at ${fsHz} Hz from the filter's gain`, () => {
      const amplitude = 0.25;
      const expected = -0.691 + 10 * Math.log10(((amplitude * amplitude) / 2) * kGainSquared(fsHz, 997));
      const meter = new LoudnessMeter({ sampleRateHz: fsHz, blockSamples: fsHz / 10 });
      feed(
        meter,
        sine(4 * fsHz, fsHz, 997, () => amplitude),
      );
      expect(meter.momentaryLufs).toBeCloseTo(expected, 2);
      expect(meter.shortTermLufs).toBeCloseTo(expected, 2);
      expect(meter.blockLufs).toBeCloseTo(expected, 1); // 99.7 periods per block: not quite whole
    });
  }

  it('at 8 kHz reads a 1 kHz tone slightly lower than at 48 kHz (warped shelf)', () => {
    const deltaDb = 10 * Math.log10(kGainSquared(8000, 997) / kGainSquared(48000, 997));
    expect(deltaDb).toBeLessThan(-0.1);
    expect(deltaDb).toBeGreaterThan(-0.4);
  });

  it('follows a -20 -> -10 dBFS step: momentary within 400 ms, short-term within 3 s', () => {
    const fsHz = 8000;
    const meter = new LoudnessMeter({ sampleRateHz: fsHz, blockSamples: 800 }); // 100 ms blocks
    expect(meter.momentaryBlocks).toBe(4);
    expect(meter.shortTermBlocks).toBe(30);
    const stepBlock = 40; // the step is at 4 s
    const quiet = 10 ** (-20 / 20);
    const loud = 10 ** (-10 / 20);
    const x = sine(80 * 800, fsHz, 1000, (i) => (i < stepBlock * 800 ? quiet : loud));
    const g2 = kGainSquared(fsHz, 1000);
    const msQuiet = ((quiet * quiet) / 2) * g2;
    const msLoud = ((loud * loud) / 2) * g2;
    /** Expected loudness of a window of `blocks` blocks, `j` of them after the step. */
    const expectedLufs = (j: number, blocks: number): number => {
      const after = Math.min(Math.max(j, 0), blocks);
      return -0.691 + 10 * Math.log10(((blocks - after) * msQuiet + after * msLoud) / blocks);
    };
    const readings = new Map<number, { m: number; s: number }>();
    feed(meter, x, (b) =>
      readings.set(b + 1 - stepBlock, { m: meter.momentaryLufs, s: meter.shortTermLufs }),
    );
    for (const j of [0, 1, 2, 3, 4, 5, 10])
      expect(readings.get(j)?.m, `momentary ${j}`).toBeCloseTo(expectedLufs(j, 4), 1);
    for (const j of [0, 5, 15, 29, 30, 35])
      expect(readings.get(j)?.s, `short-term ${j}`).toBeCloseTo(expectedLufs(j, 30), 1);
    // Reacted within 400 ms: the full 10 dB after 4 blocks; not before.
    const m = (j: number): number => readings.get(j)?.m ?? Number.NaN;
    const s = (j: number): number => readings.get(j)?.s ?? Number.NaN;
    expect(m(4) - m(0)).toBeCloseTo(10, 1);
    expect(m(3)).toBeLessThan(m(4) - 0.5);
    expect(s(30) - s(0)).toBeCloseTo(10, 1);
    expect(s(29)).toBeLessThan(s(30) - 0.1);
  });

  it('keeps its running sums equal to the windowed mean squares over a long random stream', () => {
    const fsHz = 16000;
    const blockSamples = 320; // 20 ms: momentary 20 blocks, short-term 150 blocks
    const meter = new LoudnessMeter({ sampleRateHz: fsHz, blockSamples });
    const filter = new KWeightingFilter(fsHz);
    const history: number[] = [];
    let seed = 1;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const windowLufs = (blocks: number): number => {
      const sum = history.slice(-blocks).reduce((a, b) => a + b, 0);
      return sum > 0 ? Math.max(SILENCE_LUFS, -0.691 + 10 * Math.log10(sum / blocks)) : SILENCE_LUFS;
    };
    const block = new Float32Array(blockSamples);
    const weighted = new Float32Array(blockSamples);
    for (let b = 0; b < 2000; b++) {
      const level = b % 97 < 20 ? 0 : 10 ** ((-60 * Math.abs(random())) / 20); // loud, quiet and silent stretches
      for (let i = 0; i < blockSamples; i++) block[i] = level * random();
      meter.push(block);
      filter.process(block, weighted);
      history.push(weighted.reduce((a, y) => a + y * y, 0) / blockSamples);
      if (b % 7 !== 0) continue;
      expect(meter.momentaryLufs).toBeCloseTo(windowLufs(meter.momentaryBlocks), 6);
      expect(meter.shortTermLufs).toBeCloseTo(windowLufs(meter.shortTermBlocks), 6);
      expect(meter.blockLufs).toBeCloseTo(windowLufs(1), 6);
    }
  });

  it('reads SILENCE_LUFS for silence, before any block, and again after reset', () => {
    const meter = new LoudnessMeter({ sampleRateHz: 48000, blockSamples: 1024 });
    expect([meter.blockLufs, meter.momentaryLufs, meter.shortTermLufs]).toEqual([-120, -120, -120]);
    feed(
      meter,
      sine(48000, 48000, 440, () => 0.5),
    );
    expect(meter.shortTermLufs).toBeGreaterThan(-20);
    feed(meter, new Float32Array(4 * 48000)); // 4 s of digital silence: the filter tail decays to zero
    expect([meter.blockLufs, meter.momentaryLufs, meter.shortTermLufs]).toEqual([-120, -120, -120]);
    feed(
      meter,
      sine(48000, 48000, 440, () => 0.5),
    );
    meter.reset();
    expect([meter.blockLufs, meter.momentaryLufs, meter.shortTermLufs]).toEqual([-120, -120, -120]);
  });

  it('rounds windows to whole blocks', () => {
    const meter = new LoudnessMeter({ sampleRateHz: 48000, blockSamples: 1024 });
    expect(meter.momentaryBlocks).toBe(19); // 400 ms = 18.75 blocks
    expect(meter.shortTermBlocks).toBe(141); // 3 s = 140.6 blocks
    expect(new LoudnessMeter({ sampleRateHz: 8000, blockSamples: 8000 }).momentaryBlocks).toBe(1);
  });

  it('rejects invalid options and wrong block lengths, naming parameter and value', () => {
    expect(() => new LoudnessMeter({ sampleRateHz: 48000, blockSamples: 0 })).toThrow(/blockSamples.*\b0\b/);
    expect(() => new LoudnessMeter({ sampleRateHz: 48000, blockSamples: 2.5 })).toThrow(/blockSamples.*2\.5/);
    expect(() => new LoudnessMeter({ sampleRateHz: 1000, blockSamples: 10 })).toThrow(/sampleRateHz.*1000/);
    const meter = new LoudnessMeter({ sampleRateHz: 8000, blockSamples: 160 });
    expect(() => meter.push(new Float32Array(161))).toThrow(/blockSamples.*161/);
  });
});
