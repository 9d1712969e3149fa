/**
 * Silero VAD v5 driven through an injected inference function, so onnxruntime-node (CLI, main
 * process) and onnxruntime-web (browser) plug in the same way. Several independent streams (one per
 * party) share one model call: their frames are stacked along the batch axis.
 *
 * Model I/O (silero-vad v5): input [B, contextSamples + frameSamples] float32, state [2, B, 128]
 * float32, sr int64 scalar; outputs output [B, 1] (speech probability) and stateN [2, B, 128].
 * At 8 kHz a frame is 256 samples with 32 samples of context; at 16 kHz 512 with 64.
 */

/**
 * Runs the model once on a packed batch. The same array objects come back for the same batch size
 * (their contents change), so an implementation may cache tensors that wrap them.
 */
export type SileroInfer = (
  input: Float32Array,
  state: Float32Array,
  batch: number,
  sampleRateHz: number,
) => Promise<{ probabilities: Float32Array; state: Float32Array }>;

const STATE_PER_STREAM = 128;

export function sileroFrameSamples(sampleRateHz: number): number {
  if (sampleRateHz === 8000) return 256;
  if (sampleRateHz === 16000) return 512;
  throw new RangeError(`Silero VAD runs at 8000 or 16000 Hz, not ${sampleRateHz}`);
}

/** A fixed set of VAD streams that may be evaluated together in one batched call. */
export class SileroStreams {
  readonly frameSamples: number;
  readonly contextSamples: number;
  private readonly contexts: Float32Array[];
  /** Per stream: [layer0 (128), layer1 (128)]. */
  private readonly states: Float32Array[];
  private readonly input: Float32Array;
  private readonly packedState: Float32Array;
  private readonly order: number[];
  private readonly inputViews: Float32Array[];
  private readonly stateViews: Float32Array[];
  /** Number of model calls made so far (for cost accounting). */
  calls = 0;
  /** Number of stream-frames evaluated so far. */
  frames = 0;

  constructor(
    private readonly infer: SileroInfer,
    readonly sampleRateHz: number,
    readonly streamCount: number,
  ) {
    this.frameSamples = sileroFrameSamples(sampleRateHz);
    this.contextSamples = this.frameSamples / 8;
    const rowSamples = this.frameSamples + this.contextSamples;
    this.contexts = Array.from({ length: streamCount }, () => new Float32Array(this.contextSamples));
    this.states = Array.from({ length: streamCount }, () => new Float32Array(2 * STATE_PER_STREAM));
    this.input = new Float32Array(rowSamples * streamCount);
    this.packedState = new Float32Array(2 * STATE_PER_STREAM * streamCount);
    this.order = [];
    // One stable view per batch size, so an inference function may cache what wraps them.
    this.inputViews = Array.from({ length: streamCount }, (_, b) =>
      this.input.subarray(0, rowSamples * (b + 1)),
    );
    this.stateViews = Array.from({ length: streamCount }, (_, b) =>
      this.packedState.subarray(0, 2 * STATE_PER_STREAM * (b + 1)),
    );
  }

  /** Forget a stream's recurrent state and context (before a new stretch of audio). */
  reset(stream: number): void {
    this.states[stream]?.fill(0);
    this.contexts[stream]?.fill(0);
  }

  /** Set a stream's context to the tail of `frame` (the audio just before its next frame). */
  primeContext(stream: number, frame: Float32Array): void {
    this.contexts[stream]?.set(frame.subarray(this.frameSamples - this.contextSamples, this.frameSamples));
  }

  /**
   * Speech probability for the given streams' next frames. `frames[i]` belongs to `streams[i]`;
   * `out[streams[i]]` receives its probability. Streams not listed keep their state untouched.
   */
  async run(streams: readonly number[], frames: readonly Float32Array[], out: Float32Array): Promise<void> {
    const batch = streams.length;
    if (batch === 0) return;
    const rowSamples = this.frameSamples + this.contextSamples;
    this.order.length = 0;
    for (let b = 0; b < batch; b++) {
      const s = streams[b] as number;
      const frame = frames[b] as Float32Array;
      const context = this.contexts[s] as Float32Array;
      this.input.set(context, b * rowSamples);
      this.input.set(frame.subarray(0, this.frameSamples), b * rowSamples + this.contextSamples);
      context.set(frame.subarray(this.frameSamples - this.contextSamples, this.frameSamples));
      const state = this.states[s] as Float32Array;
      // state layout [2, B, 128]: layer l of batch row b at (l * B + b) * 128
      for (let l = 0; l < 2; l++) {
        this.packedState.set(
          state.subarray(l * STATE_PER_STREAM, (l + 1) * STATE_PER_STREAM),
          (l * batch + b) * STATE_PER_STREAM,
        );
      }
      this.order.push(s);
    }
    const result = await this.infer(
      this.inputViews[batch - 1] as Float32Array,
      this.stateViews[batch - 1] as Float32Array,
      batch,
      this.sampleRateHz,
    );
    this.calls++;
    this.frames += batch;
    for (let b = 0; b < batch; b++) {
      const s = this.order[b] as number;
      const state = this.states[s] as Float32Array;
      for (let l = 0; l < 2; l++) {
        const from = (l * batch + b) * STATE_PER_STREAM;
        state.set(result.state.subarray(from, from + STATE_PER_STREAM), l * STATE_PER_STREAM);
      }
      out[s] = result.probabilities[b] as number;
    }
  }
}
