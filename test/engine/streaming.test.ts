/**
 * The engine as a stream: events come out a bounded time after they end, and how the samples are
 * cut into blocks (a file read in 64 KiB pieces, a sound card's 20 ms buffers) changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { composeScene, type Placement } from '../../scripts/scene/compose.js';
import { CallEngine } from '../../src/engine/engine.js';
import type { CallEvent } from '../../src/engine/events.js';
import { CallFeeder } from '../../src/engine/feeder.js';
import { DEFAULT_SETTINGS } from '../../src/engine/settings.js';
import { ENGINE_RATE_HZ, FRAME_SAMPLES } from '../../src/engine/speech-tracker.js';
import { createNodeVad } from '../../src/node/onnx-vad.js';
import { analyzeScene, clipSec } from '../helpers/run-scene.js';

/** The documented bound (docs/algorithms.md): every final event is out within 3 s of its end. */
const MAX_DECISION_DELAY_SEC = 3;

/** A short call with a calm start, a wave the agent talks into, a backchannel and replies. */
function busyCall(): { placements: Placement[]; durationSec: number } {
  const p: Placement[] = [];
  let t = 0.5;
  const add = (party: Placement['party'], clip: string, gapSec: number, gainDb = 0): number => {
    const at = t + gapSec;
    p.push({ party, clip, atSec: at, gainDb });
    t = at + clipSec(clip);
    return at;
  };
  add('agent', 'a-kal16-calm-1', 0);
  add('customer', 'c-slt-calm-1', 0.6);
  add('customer', 'c-slt-calm-2', 0.3);
  add('agent', 'a-kal16-calm-2', 0.9);
  const waveStart = add('customer', 'c-slt-angry-1', 0.7, 2);
  add('customer', 'c-slt-angry-2', 0.25, 2);
  // "mm hmm" in the middle of the wave
  p.push({ party: 'agent', clip: 'a-kal16-bc-2', atSec: waveStart + 2.6 });
  add('customer', 'c-slt-angry-3', 0.25, 2);
  add('agent', 'a-kal16-calm-3', 1.5);
  add('customer', 'c-slt-calm-3', 0.8);
  // the agent talks over the customer's next sentence, which the customer abandons
  const next = t + 0.3;
  p.push({ party: 'customer', clip: 'c-slt-calm-1', atSec: next });
  p.push({ party: 'agent', clip: 'a-kal16-int-1', atSec: next + 1.0 });
  return { placements: p, durationSec: next + 1.0 + clipSec('a-kal16-int-1') + 1.5 };
}

describe('the engine as a stream', () => {
  const { placements, durationSec } = busyCall();
  const scene = composeScene(placements, { durationSec, sampleRateHz: 16000, seed: 7 });

  it(`decides every event within ${MAX_DECISION_DELAY_SEC} s of its end`, async () => {
    const vad = await createNodeVad(8000, 2);
    const emitted: { event: CallEvent; atSample: number }[] = [];
    let engine: CallEngine | null = null;
    engine = new CallEngine({ ...DEFAULT_SETTINGS }, vad, {
      // at emission, the engine has taken in stats.frames frames: that is "now"
      event: (event) =>
        emitted.push({ event, atSample: (engine as CallEngine).stats.frames * FRAME_SAMPLES }),
    });
    const feeder = new CallFeeder(engine, scene.sampleRateHz);
    for (let at = 0; at < scene.agent.length; at += 320) {
      await feeder.push(scene.agent.subarray(at, at + 320), scene.customer.subarray(at, at + 320));
    }
    const beforeEnd = emitted.length;
    await feeder.end();
    const types = new Set(emitted.map((e) => e.event.type));
    // the scene has all of these, so the bound is checked on each kind
    for (const t of ['speech', 'customerPeak', 'backchannel', 'interruption', 'response'])
      expect(types).toContain(t);
    const live = emitted.slice(0, beforeEnd);
    expect(live.length).toBeGreaterThan(0);
    // a verdict is decided by the peak's end and then its reply's onset, or the customer's next words
    const customerStarts = emitted
      .map((e) => e.event)
      .filter((e) => e.type === 'speech' && e.party === 'customer')
      .map((e) => e.startSample);
    const decidedBy = (event: CallEvent): number => {
      if (event.type !== 'peakVerdict') return event.endSample;
      if (event.reply) return Math.max(event.endSample, event.reply.endSample);
      return customerStarts.find((s) => s > event.endSample) ?? event.endSample;
    };
    expect(types).toContain('peakVerdict');
    for (const { event, atSample } of live) {
      const delaySec = (atSample - decidedBy(event)) / ENGINE_RATE_HZ;
      expect(delaySec, `${event.type} ending at ${event.endSample / ENGINE_RATE_HZ} s`).toBeLessThanOrEqual(
        MAX_DECISION_DELAY_SEC,
      );
    }
  });

  it('gives the same report whatever the block size (20 ms buffers or 64 KiB reads)', async () => {
    const small = await analyzeScene(scene, { ...DEFAULT_SETTINGS }, 320);
    const large = await analyzeScene(scene, { ...DEFAULT_SETTINGS }, 32768);
    const odd = await analyzeScene(scene, { ...DEFAULT_SETTINGS }, 777);
    expect(small.report.events.length).toBeGreaterThan(3);
    expect(large.report.speech).toEqual(small.report.speech);
    expect(large.report.events).toEqual(small.report.events);
    expect(odd.report.events).toEqual(small.report.events);
    expect(large.report.timeline).toEqual(small.report.timeline);
  });
});
