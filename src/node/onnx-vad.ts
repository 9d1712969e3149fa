import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ort from 'onnxruntime-node';
import { SileroStreams, type SileroInfer } from '../../dsp/silero.js';

const require = createRequire(import.meta.url);

/** Path of the Silero v5 model shipped inside @ricky0123/vad-web (nothing is downloaded). */
export function sileroModelPath(): string {
  return require.resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx');
}

/** An inference function for SileroStreams backed by onnxruntime-node on one thread. */
export async function createNodeSileroInfer(modelPath = sileroModelPath()): Promise<SileroInfer> {
  const session = await ort.InferenceSession.create(readFileSync(modelPath), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const srTensors = new Map<number, ort.Tensor>();
  // Tensors wrapping the caller's (stable, reused) arrays: no allocation per call.
  const wrapped = new WeakMap<Float32Array, ort.Tensor>();
  const wrap = (data: Float32Array, dims: number[]): ort.Tensor => {
    let t = wrapped.get(data);
    if (!t) {
      t = new ort.Tensor('float32', data, dims);
      wrapped.set(data, t);
    }
    return t;
  };
  return async (input, state, batch, sampleRateHz) => {
    let sr = srTensors.get(sampleRateHz);
    if (!sr) {
      sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(sampleRateHz)]), []);
      srTensors.set(sampleRateHz, sr);
    }
    const out = await session.run({
      input: wrap(input, [batch, input.length / batch]),
      state: wrap(state, [2, batch, 128]),
      sr,
    });
    const prob = out['output'];
    const stateN = out['stateN'];
    if (!prob || !stateN) throw new Error('Silero model returned no output');
    return { probabilities: prob.data as Float32Array, state: stateN.data as Float32Array };
  };
}

export async function createNodeVad(sampleRateHz = 8000, streams = 2): Promise<SileroStreams> {
  return new SileroStreams(await createNodeSileroInfer(), sampleRateHz, streams);
}
