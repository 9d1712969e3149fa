import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../dsp/wav.js';
import {
  type Clip,
  clipDurationSec,
  composeScene,
  loadClips,
  mergeSpans,
  mulberry32,
  writeStereoWav,
} from '../../scripts/scene/compose.js';

const RATE = 16000;
const rmsDb = (x: Float32Array): number => 10 * Math.log10(x.reduce((s, v) => s + v * v, 0) / x.length);

/** A synthetic clip of deterministic noise, so positions and levels are exact. */
function noiseClip(id: string, seconds: number, amplitude = 0.1, rateHz = RATE): Clip {
  const rng = mulberry32(id.length * 7919);
  const samples = Float32Array.from(
    { length: Math.round(seconds * rateHz) },
    () => amplitude * (2 * rng() - 1),
  );
  return { id, samples, sampleRateHz: rateHz, style: 'calm', text: id };
}

/** The lag in [0, maxLag] at which `y` best matches `x` delayed, and the gain at that lag. */
function bestLag(x: Float32Array, y: Float32Array, maxLag: number): { lag: number; gainDb: number } {
  let best = { lag: 0, score: -Infinity };
  for (let lag = 0; lag <= maxLag; lag++) {
    let dot = 0;
    for (let i = 0; i + lag < y.length && i < x.length; i++) dot += (x[i] ?? 0) * (y[i + lag] ?? 0);
    if (dot > best.score) best = { lag, score: dot };
  }
  let xx = 0;
  for (let i = 0; i + best.lag < y.length && i < x.length; i++) xx += (x[i] ?? 0) ** 2;
  return { lag: best.lag, gainDb: 20 * Math.log10(best.score / xx) };
}

describe('fixture clips', () => {
  const clips = loadClips();

  it('lists about 30 clips of every style at 16 kHz, as long as index.json says', () => {
    const index = JSON.parse(
      readFileSync(new URL('../fixtures/voices/index.json', import.meta.url), 'utf8'),
    ) as { id: string; durationSec: number }[];
    expect(clips.length).toBeGreaterThanOrEqual(25);
    expect(new Set(clips.map((c) => c.style))).toEqual(
      new Set(['calm', 'angry', 'backchannel', 'interjection']),
    );
    for (const [i, clip] of clips.entries()) {
      expect(clip.sampleRateHz).toBe(RATE);
      expect(clipDurationSec(clip)).toBeCloseTo(index[i]?.durationSec ?? NaN, 2);
    }
    for (const bc of clips.filter((c) => c.style === 'backchannel')) {
      expect(clipDurationSec(bc)).toBeGreaterThanOrEqual(0.3);
      expect(clipDurationSec(bc)).toBeLessThanOrEqual(1.0);
    }
  });
});

describe('composeScene', () => {
  const clips = loadClips();
  const calm = clips.find((c) => c.id === 'c-slt-calm-1') as Clip;

  it('places a clip at the right sample offset, in its party only', () => {
    const clip = noiseClip('burst', 0.2);
    const scene = composeScene([{ party: 'customer', clip, atSec: 0.5123 }], { durationSec: 1 });
    const start = Math.round(0.5123 * RATE);
    expect(scene.customer.findIndex((v) => v !== 0)).toBe(start);
    expect(scene.customer.subarray(start, start + clip.samples.length)).toEqual(clip.samples);
    expect(scene.agent.every((v) => v === 0)).toBe(true);
    expect(scene.speech).toEqual({ agent: [], customer: [[start / RATE, (start + 3200) / RATE]] });
  });

  it('finds a real clip where it was placed (cross-correlation)', () => {
    const scene = composeScene([{ party: 'agent', clip: 'c-slt-calm-1', atSec: 0.25 }], { durationSec: 3 });
    expect(bestLag(calm.samples.subarray(0, RATE), scene.agent, RATE / 2).lag).toBe(0.25 * RATE);
  });

  it('changes the RMS level by gainDb', () => {
    const level = (gainDb: number): number =>
      rmsDb(composeScene([{ party: 'agent', clip: calm, atSec: 0, gainDb }], { durationSec: 3 }).agent);
    expect(level(-6) - level(0)).toBeCloseTo(-6, 3);
    expect(level(4.5) - level(0)).toBeCloseTo(4.5, 3);
  });

  it('leaks the customer into the agent channel at the echo delay and level, not as speech', () => {
    const scene = composeScene([{ party: 'customer', clip: calm, atSec: 1 }], {
      durationSec: 4,
      echo: { delayMs: 80, gainDb: -20 },
    });
    const segment = scene.customer.subarray(RATE, 2 * RATE);
    const { lag, gainDb } = bestLag(segment, scene.agent.subarray(RATE), 0.2 * RATE);
    expect(lag).toBe(0.08 * RATE);
    expect(gainDb).toBeCloseTo(-20, 1);
    expect(scene.speech.agent).toEqual([]);
    expect(scene.speech.customer).toHaveLength(1);
  });

  it('adds room voices and clicks to the agent channel without counting them as speech', () => {
    const scene = composeScene([], {
      durationSec: 4,
      room: [{ clip: 'r-awb-calm-1', atSec: 0.5, gainDb: -20 }],
      clicks: [{ atSec: 3, gainDb: -20 }],
    });
    expect(scene.speech).toEqual({ agent: [], customer: [] });
    expect(scene.customer.every((v) => v === 0)).toBe(true);
    const click = scene.agent.subarray(3 * RATE, 3.1 * RATE);
    const last = click.reduce((at, v, i) => (v !== 0 ? i : at), -1);
    expect(last).toBeGreaterThanOrEqual(0.004 * RATE);
    expect(last).toBeLessThan(0.015 * RATE);
    expect(Math.max(...click.map(Math.abs))).toBeLessThanOrEqual(0.1);
  });

  it('merges spans of a party that touch or overlap', () => {
    const a = noiseClip('a', 1);
    const scene = composeScene(
      [
        { party: 'customer', clip: a, atSec: 0 },
        { party: 'customer', clip: a, atSec: 1 },
        { party: 'customer', clip: a, atSec: 1.5 },
        { party: 'customer', clip: a, atSec: 3 },
        { party: 'agent', clip: a, atSec: 2.6 },
      ],
      { durationSec: 3.5 },
    );
    expect(scene.speech.customer).toEqual([
      [0, 2.5],
      [3, 3.5],
    ]);
    expect(scene.speech.agent).toEqual([[2.6, 3.5]]);
    expect(mergeSpans([[5, 6], [1, 2], [2, 3], [4, 4]])).toEqual([[1, 3], [5, 6]]); // prettier-ignore
  });

  it('resamples clips at another rate and applies a linear gain drift', () => {
    const clip = noiseClip('eight', 0.5, 0.1, 8000);
    expect(composeScene([{ party: 'agent', clip, atSec: 0 }], { durationSec: 1 }).speech.agent).toEqual([
      [0, 0.5],
    ]);
    const flat: Clip = {
      id: 'dc',
      samples: new Float32Array(RATE).fill(0.1),
      sampleRateHz: RATE,
      style: '',
      text: '',
    };
    const scene = composeScene([{ party: 'customer', clip: flat, atSec: 0 }], {
      durationSec: 1,
      gainDriftDb: { customer: -6 },
    });
    expect(scene.customer[0]).toBeCloseTo(0.1, 6);
    expect(scene.customer[RATE - 1]).toBeCloseTo(0.1 * 10 ** (-6 / 20), 6);
  });

  it('adds noise at the requested RMS level, deterministically under a seed', () => {
    const options = {
      durationSec: 2,
      noiseDb: { agent: -40, customer: -60 },
      clicks: [{ atSec: 1, gainDb: -10 }],
    };
    const one = composeScene([], { ...options, seed: 7 });
    const again = composeScene([], { ...options, seed: 7 });
    const other = composeScene([], { ...options, seed: 8 });
    expect(rmsDb(one.customer)).toBeCloseTo(-60, 0);
    expect(rmsDb(one.agent.subarray(0, RATE))).toBeCloseTo(-40, 0);
    expect(again.agent).toEqual(one.agent);
    expect(again.customer).toEqual(one.customer);
    expect(other.agent).not.toEqual(one.agent);
  });
});

describe('writeStereoWav', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'compose-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes PCM16 with the agent on the requested channel, clipping safely', () => {
    const agent = noiseClip('agent', 0.1, 2); // way past full scale: must clip, not wrap
    const scene = composeScene([{ party: 'agent', clip: agent, atSec: 0 }], { durationSec: 0.2 });
    writeStereoWav(path.join(dir, 'a0.wav'), scene, 0);
    writeStereoWav(path.join(dir, 'a1.wav'), scene, 1);
    const a0 = decodeWav(readFileSync(path.join(dir, 'a0.wav')));
    const ch0 = { samples: a0.channels[0] as Float32Array, sampleRateHz: a0.format.sampleRateHz };
    expect(ch0.sampleRateHz).toBe(RATE);
    expect(ch0.samples.length).toBe(0.2 * RATE);
    for (let i = 0; i < ch0.samples.length; i++) {
      const want = Math.max(-1, Math.min(32767 / 32768, scene.agent[i] ?? 0));
      expect(Math.abs((ch0.samples[i] ?? 0) - want)).toBeLessThanOrEqual(1 / 32768);
    }
    expect(decodeWav(readFileSync(path.join(dir, 'a1.wav'))).channels[0]?.every((v) => v === 0)).toBe(true);
  });
});
