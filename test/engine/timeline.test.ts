/** The chart's timeline: each party's loudness against their own level, and who is speaking. */
import { describe, expect, it } from 'vitest';
import type { Placement } from '../../scripts/scene/compose.js';
import { clipSec, runScene } from '../helpers/run-scene.js';

describe('timeline', () => {
  it('shows the wave well above the customer’s calm level, and marks speech where it was placed', async () => {
    const p: Placement[] = [];
    let t = 0.5;
    const say = (party: Placement['party'], clip: string, gapSec: number, gainDb = 0): [number, number] => {
      const at = t + gapSec;
      p.push({ party, clip, atSec: at, gainDb });
      t = at + clipSec(clip);
      return [at, t];
    };
    say('agent', 'a-kal16-calm-1', 0);
    const calm1 = say('customer', 'c-slt-calm-1', 0.6);
    const calm2 = say('customer', 'c-slt-calm-2', 0.4);
    say('agent', 'a-kal16-calm-2', 0.8);
    const angry1 = say('customer', 'c-slt-angry-1', 0.8, 3);
    const angry2 = say('customer', 'c-slt-angry-2', 0.3, 3);
    const { report } = await runScene(p, { durationSec: t + 1 });
    const tl = report.timeline;
    const points = (span: [number, number]): number[] => {
      const out: number[] = [];
      for (let i = 0; i < tl.customerRelDb.length; i++) {
        const time = (i + 1) * tl.hopSec;
        // the middle of the sentence: momentary loudness needs 400 ms to fill
        if (time > span[0] + 0.5 && time < span[1] - 0.1) out.push(i);
      }
      return out;
    };
    const meanRel = (idx: number[]): number => {
      const known = idx
        .map((i) => tl.customerRelDb[i])
        .filter((x): x is number => x !== null && x !== undefined);
      expect(known.length).toBeGreaterThan(5);
      return known.reduce((s, x) => s + x, 0) / known.length;
    };
    // the first pass over the recording knows the calm level from the first word: the first calm
    // sentence is drawn at it, not left blank
    expect(Math.abs(meanRel(points(calm1)))).toBeLessThan(3);
    const calm = meanRel(points(calm2));
    const loud = meanRel([...points(angry1), ...points(angry2)]);
    // the angry clips are 6 dB louder than the calm ones, plus 3 dB of gain here
    expect(loud - calm).toBeGreaterThan(6);
    expect(loud - calm).toBeLessThan(12);
    // speaking flags: set inside the customer's sentences, clear in the agent's
    const inside = [...points(calm1), ...points(angry1)];
    expect(inside.filter((i) => tl.customerSpeaking[i] === 1).length / inside.length).toBeGreaterThan(0.9);
    // short-term loudness is the slower curve: it is still rising when momentary has arrived
    const firstLoud = points(angry1)[0] as number;
    expect(tl.customerShortTermDb[firstLoud]).toBeLessThan(tl.customerDb[firstLoud] as number);
    for (const key of [
      'agentRelDb',
      'customerRelDb',
      'agentDb',
      'customerDb',
      'agentShortTermDb',
      'agentSpeaking',
    ] as const) {
      expect(tl[key].length).toBe(tl.customerSpeaking.length);
    }
  });
});
