/**
 * Silero VAD inference over an ONNX runtime session: the tensor handling that onnxruntime-node (CLI, main
 * process; src/node/onnx-vad.ts) and onnxruntime-web (the app's worker; renderer/worker/ort-web-vad.ts)
 * share. Written against the small structural interfaces below, so dsp/ imports neither runtime: each
 * caller creates the session with its own runtime and passes it in with that runtime's `Tensor` class.
 */
import type { SileroInfer } from './silero.js';

/** What is used of a runtime's `Tensor` class (onnxruntime-node's and onnxruntime-web's both fit). */
export interface OnnxTensorClass<T> {
  new (type: 'float32', data: Float32Array, dims: readonly number[]): T;
  new (type: 'int64', data: BigInt64Array, dims: readonly number[]): T;
}

/** What is used of an inference session: one run with named input tensors, named output tensors back. */
export interface OnnxSession<T> {
  run(feeds: Record<string, T>): Promise<Readonly<Record<string, { readonly data: unknown } | undefined>>>;
}

/**
 * A SileroInfer over a loaded Silero v5 session; it may serve any number of SileroStreams (each keeps its
 * own state). The caller's arrays are stable (see SileroInfer), so each is wrapped in a tensor once and
 * the sample-rate scalar is made once per rate: no tensor is allocated per call.
 */
export function onnxSileroInfer<T>(Tensor: OnnxTensorClass<T>, session: OnnxSession<T>): SileroInfer {
  const srTensors = new Map<number, T>();
  const wrapped = new WeakMap<Float32Array, T>();
  const wrap = (data: Float32Array, dims: number[]): T => {
    let t = wrapped.get(data);
    if (!t) {
      t = new Tensor('float32', data, dims);
      wrapped.set(data, t);
    }
    return t;
  };
  return async (input, state, batch, sampleRateHz) => {
    let sr = srTensors.get(sampleRateHz);
    if (!sr) {
      sr = new Tensor('int64', BigInt64Array.from([BigInt(sampleRateHz)]), []);
      srTensors.set(sampleRateHz, sr);
    }
    const out = await session.run({
      input: wrap(input, [batch, input.length / batch]),
      state: wrap(state, [2, batch, 128]),
      sr,
    });
    const prob = out['output'];
    const stateN = out['stateN'];
    if (!prob || !stateN) throw new Error('the speech model returned no output');
    return { probabilities: prob.data as Float32Array, state: stateN.data as Float32Array };
  };
}
