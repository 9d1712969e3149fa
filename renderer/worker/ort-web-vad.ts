/**
 * Silero VAD inference in the browser: onnxruntime-web's WebAssembly backend, the same model and the same
 * tensor handling (dsp/silero-onnx.ts) as the CLI's onnxruntime-node (src/node/onnx-vad.ts). Single-threaded
 * and in the calling thread (the analysis worker): no SharedArrayBuffer, no cross-origin isolation, no extra
 * workers.
 * Everything comes from the app's own origin: the .wasm binary and the model; nothing is fetched elsewhere.
 */
import * as ort from 'onnxruntime-web/wasm';
import { onnxSileroInfer } from '../../dsp/silero-onnx.js';
import type { SileroInfer } from '../../dsp/silero.js';

/** Where the runtime and the model are served (absolute URLs of the app's own origin). */
export interface WebVadAssets {
  /** onnxruntime-web's WebAssembly binary, `ort-wasm-simd-threaded.wasm`. */
  wasmUrl: string;
  /** The Silero v5 model, `silero_vad_v5.onnx`. */
  modelUrl: string;
}

/** The files as scripts/build-app.mjs lays them out next to the app: `ort/` and `model/` under `base`. */
export function appVadAssets(base: string | URL): WebVadAssets {
  return {
    wasmUrl: new URL('ort/ort-wasm-simd-threaded.wasm', base).href,
    modelUrl: new URL('model/silero_vad_v5.onnx', base).href,
  };
}

/** Loads the model once; the returned function may serve any number of calls (each with its own state). */
export async function createWebSileroInfer(assets: WebVadAssets): Promise<SileroInfer> {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = { wasm: assets.wasmUrl };
  ort.env.logLevel = 'error';
  const response = await fetch(assets.modelUrl);
  if (!response.ok) throw new Error(`the speech model could not be loaded (HTTP ${response.status})`);
  const model = new Uint8Array(await response.arrayBuffer());
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  return onnxSileroInfer(ort.Tensor, session);
}
