/**
 * The review app's analysis worker (module worker, dist/app/worker.js): one AnalyzeRequest in, progress
 * messages and then `done` (or `error`) out; see protocol.ts. It reads the call's bytes through the
 * portable sources (src/source), runs the same CallAnalysis as the CLI with the browser's Silero VAD, and
 * hands back a playable Blob and a guess of which side is the agent. Memory stays bounded whatever the
 * call's length: samples stream through, and the playback WAV is built from Blobs (kept by the browser,
 * not on the worker's heap).
 */
import { SileroStreams, type SileroInfer } from '../../dsp/silero.js';
import { encodeWavFrames, encodeWavHeader, WavFormatError } from '../../dsp/wav.js';
import { resolveSettings } from '../../src/engine/settings.js';
import { guessAgentSide } from '../../src/report/side-guess.js';
import { analyzeCall } from '../../src/source/analyze-call.js';
import { blobInput, firstLine, type ByteInput } from '../../src/source/byte-input.js';
import {
  AudioInputError,
  declaredFrames,
  openStereoSource,
  openTwoSources,
  type AudioFormat,
} from '../../src/source/call-source.js';
import { PLAYABLE_MIME } from '../../src/source/formats.js';
import type { ByteSource } from '../host/host.js';
import { appVadAssets, createWebSileroInfer } from './ort-web-vad.js';
import type { AnalyzeRequest, WorkerMessage } from '../../src/ipc/worker-protocol.js';

/** The package version, set by scripts/build-app.mjs at bundle time. */
declare const __SOFTSPOKEN_VERSION__: string | undefined;
const VERSION = typeof __SOFTSPOKEN_VERSION__ === 'string' ? __SOFTSPOKEN_VERSION__ : 'dev';

/** At most this often, ms: about five progress messages a second. */
const PROGRESS_INTERVAL_MS = 200;
/** A WAV whose data chunk is this much shorter than the file (metadata chunks) still plays as it is. */
const SHORT_DATA_SLACK_BYTES = 64 * 1024;
/** Encoded playback bytes are handed to a Blob in pieces of this size, so the heap holds no more. */
const PLAYBACK_PIECE_BYTES = 8 * 1024 * 1024;

/** The parts of a dedicated worker's global scope used here (the renderer is typed with the DOM lib). */
interface WorkerScope {
  readonly location: { readonly href: string };
  postMessage(message: WorkerMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<AnalyzeRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

let model: Promise<SileroInfer> | null = null;
let queue: Promise<void> = Promise.resolve();

/** The runtime and the model, loaded once per worker (1-2 s: the 14 MB WebAssembly runtime compiles). */
function loadModel(): Promise<SileroInfer> {
  if (model === null) {
    model = createWebSileroInfer(appVadAssets(scope.location.href));
    model.catch(() => (model = null)); // a failed load is tried again by the next call
  }
  return model;
}
// Start at once: a worker created ahead of time is ready when the call comes, and otherwise the model
// loads while the call's file is read.
void loadModel();

scope.addEventListener('message', (event) => {
  const request = event.data;
  if (request?.type !== 'analyze') return;
  queue = queue.then(() => analyze(request).then(scope.postMessage.bind(scope)));
});

async function analyze(request: AnalyzeRequest): Promise<WorkerMessage> {
  try {
    const settings = resolveSettings(request.settings ?? {});
    const { parts, agentSide } = request;
    if (parts.length !== 1 && parts.length !== 2) {
      throw new AudioInputError('a call is one two-channel file, or two mono files');
    }
    // a URL is fetched once and kept as a Blob: read twice (header, then samples), and played back
    const blobs = await Promise.all(parts.map(blobOf));
    const inputs = parts.map((part, k) => blobInput(part.name, blobs[k] as Blob));
    const source =
      inputs.length === 1
        ? await openStereoSource(inputs[0] as ByteInput, agentSide)
        : await openTwoSources(inputs[agentSide] as ByteInput, inputs[1 - agentSide] as ByteInput);
    const rateHz = source.info.sampleRateHz;
    const frames = declaredFrames(source);
    const secondsTotal = frames === null ? null : frames / rateHz;
    scope.postMessage({ type: 'progress', phase: 'levels', secondsDone: 0, secondsTotal });

    const infer = await loadModel();
    // the original file plays as it is when the browser surely can; else a 16-bit WAV of what was analysed
    const asIs = inputs.length === 1 ? playableType(source.formats[0], (blobs[0] as Blob).size) : null;
    const writer = asIs === null ? new WavBlobWriter() : null;
    const leftIsAgent = inputs.length === 2 || agentSide === 0;
    let lastPost = performance.now();
    const post = (phase: 'levels' | 'analysis', secondsDone: number): void => {
      const now = performance.now();
      if (now - lastPost < PROGRESS_INTERVAL_MS) return;
      lastPost = now;
      scope.postMessage({ type: 'progress', phase, secondsDone, secondsTotal });
    };
    const report = await analyzeCall(source, {
      settings,
      vad: new SileroStreams(infer, 8000, 2),
      version: VERSION,
      agentChannel: inputs.length === 1 ? agentSide : null,
      onSurvey: (secondsDone) => post('levels', secondsDone),
      onBlock: (block, secondsDone) => {
        writer?.push(leftIsAgent ? [block.agent, block.customer] : [block.customer, block.agent]);
        post('analysis', secondsDone);
      },
    });
    const playback = writer
      ? writer.finish(rateHz)
      : (blobs[0] as Blob).slice(0, undefined, asIs ?? undefined);
    const guess =
      inputs.length === 1
        ? guessAgentSide(report, agentSide)
        : guessAgentSide(report, agentSide, parts.map((part) => part.name) as [string, string]);
    return { type: 'done', report, playback, guess };
  } catch (error) {
    return { type: 'error', message: reasonOf(error) };
  }
}

/** One line for the user: the engine's own words for bad input, else what failed. */
function reasonOf(error: unknown): string {
  if (error instanceof AudioInputError || error instanceof WavFormatError || error instanceof RangeError) {
    return firstLine(error);
  }
  return `the analysis failed: ${firstLine(error)}`;
}

async function blobOf(part: ByteSource): Promise<Blob> {
  if ('blob' in part) return part.blob;
  let response: Response;
  try {
    response = await fetch(part.url);
  } catch (error) {
    throw new AudioInputError(`cannot read ${part.name}: ${firstLine(error)}`);
  }
  if (!response.ok) {
    const why =
      response.status === 404 ? 'no such file' : `the app could not read it (HTTP ${response.status})`;
    throw new AudioInputError(`cannot read ${part.name}: ${why}`);
  }
  return response.blob().catch((error: unknown) => {
    throw new AudioInputError(`cannot read ${part.name}: ${firstLine(error)}`);
  });
}

/**
 * The MIME type the original file plays as in the browser, or null when the app must make a WAV: a WAV
 * file only when it is plain 16-bit stereo PCM in a RIFF (every browser plays and seeks that), a compressed
 * file when Chromium plays its kind and it is two-channel (dsp decodes exactly as analysed; the browser's
 * own decoder trims the same codec delay).
 */
function playableType(format: AudioFormat | undefined, sizeBytes: number): string | null {
  if (format === undefined || format.channels !== 2) return null;
  const wav = format.wav;
  if (wav === null) return PLAYABLE_MIME[format.kind];
  // a header the reader corrected would have the browser play something else than was analysed: noise for
  // a wrong sample size, the first part only for a data size short of the file (more than the last
  // SHORT_DATA_SLACK_BYTES of it, which other chunks may fill)
  const headerTrue =
    wav.claimedBitsPerSample === undefined &&
    (wav.declaredDataBytes === null || wav.declaredDataBytes >= sizeBytes - SHORT_DATA_SLACK_BYTES);
  const plain =
    headerTrue &&
    wav.encoding === 'pcm' &&
    wav.bitsPerSample === 16 &&
    wav.blockAlignBytes === 4 &&
    (wav.container ?? 'RIFF') === 'RIFF';
  return plain ? 'audio/wav' : null;
}

/** A 16-bit stereo WAV built block by block into Blobs, so the worker's heap never holds the call. */
class WavBlobWriter {
  private readonly pieces: Blob[] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private frames = 0;

  push(channels: [Float32Array, Float32Array]): void {
    const bytes = encodeWavFrames(channels);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.frames += channels[0].length;
    if (this.pendingBytes >= PLAYBACK_PIECE_BYTES) this.flush();
  }

  finish(sampleRateHz: number): Blob {
    this.flush();
    const header = encodeWavHeader(this.frames, 2, sampleRateHz);
    return new Blob([header as Uint8Array<ArrayBuffer>, ...this.pieces], { type: 'audio/wav' });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.pieces.push(new Blob(this.pending as Uint8Array<ArrayBuffer>[]));
    this.pending = [];
    this.pendingBytes = 0;
  }
}
