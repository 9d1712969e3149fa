import { describe, expect, it } from 'vitest';
import { SileroStreams, type SileroInfer } from '../../dsp/silero.js';
import { loadClips } from '../../scripts/scene/compose.js';
import { createNodeVad } from '../../src/node/onnx-vad.js';
import { StreamingResampler } from '../../dsp/resample.js';

describe('SileroStreams (the wrapper, with a stand-in model)', () => {
  it('packs context, frame and state per stream and routes each answer back to its stream', async () => {
    const seen: { input: Float32Array; state: Float32Array; batch: number }[] = [];
    // stand-in: probability = first input sample of the row; new state = old state + 1
    const infer: SileroInfer = async (input, state, batch) => {
      seen.push({ input: input.slice(), state: state.slice(), batch });
      const row = input.length / batch;
      return {
        probabilities: Float32Array.from({ length: batch }, (_, b) => input[b * row] as number),
        state: Float32Array.from(state, (x) => x + 1),
      };
    };
    const vad = new SileroStreams(infer, 8000, 2);
    expect(vad.frameSamples).toBe(256);
    expect(vad.contextSamples).toBe(32);
    const a = Float32Array.from({ length: 256 }, (_, i) => i / 1000);
    const b = Float32Array.from({ length: 256 }, (_, i) => -i / 1000);
    const out = new Float32Array(2);
    await vad.run([1, 0], [b, a], out);
    expect(seen[0]?.batch).toBe(2);
    // row 0 is stream 1: zero context (fresh), then frame b
    expect(Array.from(seen[0]?.input.subarray(0, 32) ?? [])).toEqual(new Array(32).fill(0));
    expect(seen[0]?.input[32]).toBeCloseTo(b[0] as number, 7);
    // second call, stream 0 alone: its context is the last 32 samples of a, its state was bumped once
    await vad.run([0], [a], out);
    expect(seen[1]?.batch).toBe(1);
    expect(seen[1]?.input[0]).toBeCloseTo(a[224] as number, 7);
    expect(seen[1]?.state.every((x) => x === 1)).toBe(true);
    expect(out[0]).toBeCloseTo(a[224] as number, 7);
    vad.reset(0);
    await vad.run([0], [a], out);
    expect(seen[2]?.state.every((x) => x === 0)).toBe(true);
    expect(vad.calls).toBe(3);
    expect(vad.frames).toBe(4);
  });

  it('runs at 8 or 16 kHz only', () => {
    const never: SileroInfer = () => Promise.reject(new Error('not called'));
    expect(() => new SileroStreams(never, 44100, 1)).toThrow(RangeError);
  });
});

describe('Silero v5 from @ricky0123/vad-web on onnxruntime-node', () => {
  it('hears speech in a spoken sentence and none in silence or a steady hum', async () => {
    const vad = await createNodeVad(8000, 2);
    const clip = loadClips().find((c) => c.id === 'c-slt-calm-1');
    if (!clip) throw new Error('fixture clip missing');
    const speech = new StreamingResampler({ fromHz: clip.sampleRateHz, toHz: 8000 })
      .process(clip.samples)
      .slice();
    const hum = Float32Array.from(
      { length: speech.length },
      (_, i) => 0.1 * Math.sin((2 * Math.PI * 120 * i) / 8000),
    );
    const out = new Float32Array(2);
    const speechProbs: number[] = [];
    const humProbs: number[] = [];
    for (let at = 0; at + 256 <= speech.length; at += 256) {
      await vad.run([0, 1], [speech.subarray(at, at + 256), hum.subarray(at, at + 256)], out);
      speechProbs.push(out[0] as number);
      humProbs.push(out[1] as number);
    }
    const share = (ps: number[]): number => ps.filter((p) => p >= 0.5).length / ps.length;
    expect(share(speechProbs)).toBeGreaterThan(0.6);
    expect(share(humProbs)).toBe(0);
  });
});
