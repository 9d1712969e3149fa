import { DcBlocker } from '../../dsp/dc-blocker.js';
import { Declipper } from '../../dsp/declipper.js';
import { StreamingResampler } from '../../dsp/resample.js';
import { ENGINE_RATE_HZ, FRAME_SAMPLES } from './speech-tracker.js';

/** What takes the engine's frames: the engine itself, or the offline level survey. */
export interface FrameSink {
  pushFrame(agent: Float32Array, customer: Float32Array): Promise<void> | void;
  finish(): void;
}

/**
 * Turns aligned blocks of any length at the source rate into the engine's frames: each party's clipped
 * flat tops are redrawn (dsp/declipper.ts) and DC offset removed (dsp/dc-blocker.ts), both are resampled
 * to 8 kHz and cut into 256-sample frames. The one entry point for every source (file, two files, live
 * capture), so the same samples give the same events.
 */
export class CallFeeder {
  private readonly declippers: [Declipper, Declipper];
  private readonly dcBlockers: [DcBlocker, DcBlocker];
  private readonly resamplers: [StreamingResampler, StreamingResampler];
  private readonly peaks: [number, number] = [0, 0];
  private readonly pending: [Float32Array, Float32Array];
  private fill = 0;
  private sourceSamples = 0;

  constructor(
    private readonly engine: FrameSink,
    readonly sourceRateHz: number,
  ) {
    this.declippers = [new Declipper(sourceRateHz), new Declipper(sourceRateHz)];
    this.dcBlockers = [new DcBlocker(sourceRateHz), new DcBlocker(sourceRateHz)];
    this.resamplers = [
      // the engine analyses speech at 8 kHz: a speech-grade filter (half-band when halving) is enough
      new StreamingResampler({ fromHz: sourceRateHz, toHz: ENGINE_RATE_HZ, quality: 'speech' }),
      new StreamingResampler({ fromHz: sourceRateHz, toHz: ENGINE_RATE_HZ, quality: 'speech' }),
    ];
    this.pending = [new Float32Array(FRAME_SAMPLES), new Float32Array(FRAME_SAMPLES)];
  }

  /** Source samples pushed so far. */
  get samplesIn(): number {
    return this.sourceSamples;
  }

  /** Each party's DC offset, agent then customer: the mean of their samples so far (full scale 1). */
  get offsets(): [number, number] {
    return [this.dcBlockers[0].offset, this.dcBlockers[1].offset];
  }

  /** Each party's loudest sample so far once the offset is removed, agent then customer (full scale 1). */
  get peakLevels(): [number, number] {
    return [this.peaks[0], this.peaks[1]];
  }

  async push(agent: Float32Array, customer: Float32Array): Promise<void> {
    if (agent.length !== customer.length)
      throw new RangeError('agent and customer blocks must be the same length');
    this.sourceSamples += agent.length;
    const a = this.resamplers[0].process(this.conditioned(0, this.declippers[0].process(agent)));
    const c = this.resamplers[1].process(this.conditioned(1, this.declippers[1].process(customer)));
    await this.frame(a, c);
  }

  /** The party's declipped samples less their DC offset (a view the next call reuses), their peak noted. */
  private conditioned(party: 0 | 1, block: Float32Array): Float32Array {
    const out = this.dcBlockers[party].process(block);
    let peak = this.peaks[party];
    for (let i = 0; i < out.length; i++) peak = Math.max(peak, Math.abs(out[i] as number));
    this.peaks[party] = peak;
    return out;
  }

  /** End of stream: the samples the declippers hold, the resampler tails and a last, zero-padded frame. */
  async end(): Promise<void> {
    await this.frame(
      this.resamplers[0].process(this.conditioned(0, this.declippers[0].flush())),
      this.resamplers[1].process(this.conditioned(1, this.declippers[1].flush())),
    );
    const a = this.resamplers[0].flush();
    const c = this.resamplers[1].flush();
    await this.frame(a, c);
    if (this.fill > 0) {
      this.pending[0].fill(0, this.fill);
      this.pending[1].fill(0, this.fill);
      this.fill = 0;
      await this.engine.pushFrame(this.pending[0], this.pending[1]);
    }
    this.engine.finish();
  }

  private async frame(a: Float32Array, c: Float32Array): Promise<void> {
    const n = Math.min(a.length, c.length);
    let i = 0;
    while (i < n) {
      const take = Math.min(FRAME_SAMPLES - this.fill, n - i);
      this.pending[0].set(a.subarray(i, i + take), this.fill);
      this.pending[1].set(c.subarray(i, i + take), this.fill);
      this.fill += take;
      i += take;
      if (this.fill === FRAME_SAMPLES) {
        this.fill = 0;
        await this.engine.pushFrame(this.pending[0], this.pending[1]);
      }
    }
  }
}
