import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ort from 'onnxruntime-node';
import { onnxSileroInfer } from '../../dsp/silero-onnx.js';
import { SileroStreams, type SileroInfer } from '../../dsp/silero.js';

const require = createRequire(import.meta.url);

/** Path of the Silero v5 model shipped inside @ricky0123/vad-web (nothing is downloaded). */
export function sileroModelPath(): string {
  return require.resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx');
}

/**
 * onnxruntime's telemetry is turned off before its first session: it would keep a device id in the home
 * folder, and where that is not writable it prints a coloured warning and leaves a `:memory:.ses` file in
 * the working folder (measured with onnxruntime-node 1.30). Nothing is sent from Linux either way; a value
 * the user set is kept.
 */
function disableOrtTelemetry(): void {
  process.env['ORT_DISABLE_TELEMETRY'] ??= '1';
}

/** An inference function for SileroStreams backed by onnxruntime-node on one thread. */
export async function createNodeSileroInfer(modelPath = sileroModelPath()): Promise<SileroInfer> {
  disableOrtTelemetry();
  const session = await ort.InferenceSession.create(readFileSync(modelPath), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  return onnxSileroInfer(ort.Tensor, session);
}

export async function createNodeVad(sampleRateHz = 8000, streams = 2): Promise<SileroStreams> {
  return new SileroStreams(await createNodeSileroInfer(), sampleRateHz, streams);
}
