import { describe, expect, it } from 'vitest';
import { onnxSileroInfer, type OnnxSession } from '../../dsp/silero-onnx.js';

/** A stand-in for a runtime's Tensor class: records what it was made of. */
class FakeTensor {
  static made = 0;
  constructor(
    readonly type: 'float32' | 'int64',
    readonly data: Float32Array | BigInt64Array,
    readonly dims: readonly number[],
  ) {
    FakeTensor.made++;
  }
}

/** A session that answers with fixed outputs and keeps the feeds of each run. */
function fakeSession(outputs: Record<string, FakeTensor>): OnnxSession<FakeTensor> & {
  feeds: Record<string, FakeTensor>[];
} {
  const feeds: Record<string, FakeTensor>[] = [];
  return {
    feeds,
    run(f) {
      feeds.push(f);
      return Promise.resolve(outputs);
    },
  };
}

describe('onnxSileroInfer', () => {
  it('feeds input, state and sr with Silero’s shapes and returns output and stateN', async () => {
    const probabilities = new Float32Array([0.25, 0.75]);
    const stateN = new Float32Array(2 * 2 * 128);
    const session = fakeSession({
      output: new FakeTensor('float32', probabilities, [2, 1]),
      stateN: new FakeTensor('float32', stateN, [2, 2, 128]),
    });
    const infer = onnxSileroInfer(FakeTensor, session);
    const input = new Float32Array(2 * 288);
    const state = new Float32Array(2 * 2 * 128);
    const result = await infer(input, state, 2, 8000);
    expect(result.probabilities).toBe(probabilities);
    expect(result.state).toBe(stateN);
    const feed = session.feeds[0] as Record<string, FakeTensor>;
    expect(feed['input']).toMatchObject({ type: 'float32', dims: [2, 288] });
    expect(feed['input']?.data).toBe(input);
    expect(feed['state']).toMatchObject({ type: 'float32', dims: [2, 2, 128] });
    expect(feed['state']?.data).toBe(state);
    expect(feed['sr']).toMatchObject({ type: 'int64', dims: [] });
    expect(feed['sr']?.data).toEqual(BigInt64Array.from([8000n]));
  });

  it('wraps each stable array once and makes the sr tensor once per rate', async () => {
    const out = new FakeTensor('float32', new Float32Array(1), [1, 1]);
    const session = fakeSession({ output: out, stateN: out });
    const infer = onnxSileroInfer(FakeTensor, session);
    const input = new Float32Array(288);
    const state = new Float32Array(256);
    const before = FakeTensor.made;
    await infer(input, state, 1, 8000);
    await infer(input, state, 1, 8000);
    expect(FakeTensor.made - before).toBe(3);
    const [first, second] = session.feeds as [Record<string, FakeTensor>, Record<string, FakeTensor>];
    expect(second['input']).toBe(first['input']);
    expect(second['state']).toBe(first['state']);
    expect(second['sr']).toBe(first['sr']);
    await infer(new Float32Array(576), new Float32Array(512), 1, 16000);
    expect(FakeTensor.made - before).toBe(6);
  });

  it('fails with one line when the model gives no output', async () => {
    const infer = onnxSileroInfer(FakeTensor, fakeSession({}));
    await expect(infer(new Float32Array(288), new Float32Array(256), 1, 8000)).rejects.toThrow(
      'the speech model returned no output',
    );
  });
});
