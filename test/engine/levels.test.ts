/**
 * The judgement does not depend on the recording's level: the demo call (a real two-channel WAV with
 * scripted peaks, an interruption, a backchannel, responses and a raised reply) gives the same events
 * 24 dB quieter, with one channel 12 dB quieter than the other, hot (peaks at -1 dBFS), with 2 s
 * of digital silence in front (as a live capture starts), with a DC offset (a cheap line or headset), and
 * recorded 24 dB too loud (clipped: 7 % of the customer's samples at full scale).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../dsp/wav.js';
import type { Scene } from '../../scripts/scene/compose.js';
import type { Report, ReportEvent } from '../../src/report/schema.js';
import { analyzeScene } from '../helpers/run-scene.js';

const WAV = fileURLToPath(new URL('../../assets/demo/demo-call.wav', import.meta.url));

function demoScene(): Scene {
  const { format, channels } = decodeWav(readFileSync(WAV));
  return {
    sampleRateHz: format.sampleRateHz,
    agent: channels[0] as Float32Array,
    customer: channels[1] as Float32Array,
    speech: { agent: [], customer: [] },
  };
}

const gain = (x: Float32Array, db: number): Float32Array => x.map((v) => v * Math.pow(10, db / 20));

function peakDb(x: Float32Array): number {
  let m = 0;
  for (const v of x) m = Math.max(m, Math.abs(v));
  return 20 * Math.log10(m);
}

/** The judged events (type and flags) with times shifted back by `shiftSec`, rounded to 10 ms. */
function judged(report: Report, shiftSec = 0): string[] {
  const t = (x: number): string => (x - shiftSec).toFixed(2);
  return report.events.map((e: ReportEvent) => {
    const flags =
      e.type === 'interruption'
        ? ` atPeak=${e.atPeak}`
        : e.type === 'response'
          ? ` afterPeak=${e.afterPeak}`
          : e.type === 'customerPeak'
            ? ` complied=${e.verdict.complied}`
            : '';
    return `${e.type} ${t(e.start)}-${t(e.end)}${flags}`;
  });
}

/** Same events, each boundary within `tolSec` (frame phase moves boundaries by a few ms). */
function expectSame(got: string[], want: string[], tolSec: number): void {
  expect(got.map((g) => g.replace(/ [\d.-]+-[\d.-]+/, ''))).toEqual(
    want.map((w) => w.replace(/ [\d.-]+-[\d.-]+/, '')),
  );
  const times = (s: string[]): number[] =>
    s.flatMap((x) => (/ (-?[\d.]+)-(-?[\d.]+)/.exec(x) ?? []).slice(1).map(Number));
  const a = times(got);
  const b = times(want);
  a.forEach((x, i) =>
    expect(Math.abs(x - (b[i] as number)), `${got[Math.floor(i / 2)]}`).toBeLessThanOrEqual(tolSec),
  );
}

describe('the same call at any recording level', () => {
  const scene = demoScene();
  let reference: string[] = [];

  beforeAll(async () => {
    reference = judged((await analyzeScene(scene)).report);
  });

  it('finds the demo call’s events as recorded', () => {
    expect(reference.filter((e) => e.startsWith('customerPeak'))).toHaveLength(3);
    expect(reference.some((e) => e.startsWith('backchannel'))).toBe(true);
    expect(reference.some((e) => e.startsWith('raisedVoice'))).toBe(true);
  });

  it('24 dB quieter: the same events at the same times', async () => {
    const quiet = { ...scene, agent: gain(scene.agent, -24), customer: gain(scene.customer, -24) };
    expect(judged((await analyzeScene(quiet)).report)).toEqual(reference);
  });

  it('the agent 12 dB quieter than the customer, and the other way round', async () => {
    for (const [a, c] of [
      [-12, 0],
      [0, -12],
    ] as const) {
      const skewed = { ...scene, agent: gain(scene.agent, a), customer: gain(scene.customer, c) };
      expect(judged((await analyzeScene(skewed)).report), `agent ${a} dB, customer ${c} dB`).toEqual(
        reference,
      );
    }
  });

  it('hot: each channel normalised to peaks at -1 dBFS', async () => {
    const hot = {
      ...scene,
      agent: gain(scene.agent, -1 - peakDb(scene.agent)),
      customer: gain(scene.customer, -1 - peakDb(scene.customer)),
    };
    expect(judged((await analyzeScene(hot)).report)).toEqual(reference);
  });

  it('2 s of digital silence in front: the same events, 2 s later', async () => {
    const pad = new Float32Array(2 * scene.sampleRateHz);
    const cat = (x: Float32Array): Float32Array => {
      const y = new Float32Array(pad.length + x.length);
      y.set(x, pad.length);
      return y;
    };
    const padded = { ...scene, agent: cat(scene.agent), customer: cat(scene.customer) };
    expectSame(judged((await analyzeScene(padded)).report, 2), reference, 0.05);
  });

  it('a DC offset, +600 on both channels or +6000 on the agent channel alone: the same events, and a warning', async () => {
    const offset = (x: Float32Array, units: number): Float32Array => x.map((v) => v + units / 32768);
    for (const [a, c] of [
      [600, 600],
      [6000, 0],
    ] as const) {
      const shifted = { ...scene, agent: offset(scene.agent, a), customer: offset(scene.customer, c) };
      const { report } = await analyzeScene(shifted);
      expect(judged(report), `agent +${a}, customer +${c}`).toEqual(reference);
      const dbOf = (units: number): string => (20 * Math.log10(units / 32768)).toFixed(0);
      expect(report.warnings).toEqual(
        (
          [
            ['agent', a],
            ['customer', c],
          ] as const
        )
          .filter(([, units]) => units > 0)
          .map(
            ([party, units]) =>
              `the ${party} channel carries a constant offset (DC at ${dbOf(units)} dBFS, a fault of the line or headset): removed before the analysis`,
          ),
      );
    }
  });

  it('24 dB too loud, clipped at full scale (7 % of the customer’s samples): the same events, and a warning', async () => {
    const clip = (x: Float32Array): Float32Array => gain(x, 24).map((v) => Math.max(-1, Math.min(1, v)));
    const loud = { ...scene, agent: clip(scene.agent), customer: clip(scene.customer) };
    const { report } = await analyzeScene(loud);
    expectSame(judged(report), reference, 0.25);
    expect(report.warnings).toEqual([
      expect.stringMatching(/^the agent channel is clipped: \d\.\d % of its samples are at full scale/),
      expect.stringMatching(/^the customer channel is clipped: [67]\.\d % of its samples are at full scale/),
    ]);
  });
});
