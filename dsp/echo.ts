import { Fft } from './fft.js';

/**
 * Line-echo canceller for the agent channel: the customer's voice comes back into the agent's
 * channel attenuated (typically -20 to -30 dB) and 30-150 ms late. Two stages:
 *  1. bulk delay: cross-correlation of agent and customer over blocks where the customer dominates
 *     (computed by FFT, accumulated with forgetting), giving delay and gain;
 *  2. a short NLMS filter (`tapCount` taps around the bulk delay) subtracts the echo, adapting only
 *     while the customer talks and the agent's residual does not look like double talk.
 * Output is the agent signal minus the estimated echo, sample-aligned with the input.
 */
/** A mean square at or below this (-100 dBFS) is digital silence, not line noise. */
const DIGITAL_SILENCE_ENERGY = 1e-10;
/** Longest frame `process` takes. */
const MAX_FRAME_SAMPLES = 4096;
/** Once a delay is found, the full search runs on one eligible block in this many. */
const FULL_SEARCH_EVERY = 16;
/**
 * After this many blocks where the customer clearly dominated (32 x 256 ms at 8 kHz: about 8 s of the
 * customer alone) with no delay found, the line has no echo worth the name (`echoAbsent`).
 */
const NO_ECHO_AFTER_BLOCKS = 32;

export interface EchoCancellerOptions {
  sampleRateHz: number;
  /** Longest echo delay searched, ms. Default 200. */
  maxDelayMs?: number;
  /** NLMS filter length, samples. Default 16. */
  tapCount?: number;
  /** NLMS step size (0..1). Default 0.03: line noise makes larger steps wander. */
  stepSize?: number;
}

export class EchoCanceller {
  readonly maxDelaySamples: number;
  private readonly taps: number;
  private readonly lead: number;
  private leadEff = 0;
  private bulkGain = 0;
  private eligibleBlocks = 0;
  private delayCorrelation = 0;
  private blockR = 0;
  private blockE = 0;
  private delayEnergy = 0;
  private blockEnergyA = 0;
  private blockEnergyC = 0;
  private searchEnergyA = 0;
  private searchEnergyC = 0;
  private agentNoise = 1;
  private readonly mu: number;
  private readonly history: Float32Array; // customer samples, newest at the end
  private readonly weights: Float64Array;
  // bulk delay estimation
  private readonly blockSamples: number;
  private readonly fft: Fft;
  private readonly ar: Float64Array;
  private readonly ai: Float64Array;
  private readonly cr: Float64Array;
  private readonly ci: Float64Array;
  private readonly sr: Float64Array;
  private readonly si: Float64Array;
  private readonly blockA: Float32Array;
  private readonly blockC: Float32Array; // customer with maxDelay samples of lead-in
  private blockFill = 0;
  private writePos: number;
  private accCustomerEnergy = 0;
  private accAgentEnergy = 0;
  /** Whether enough of the customer alone has been heard to say the line has no echo (no delay found). */
  get echoAbsent(): boolean {
    return this.delaySamples < 0 && this.eligibleBlocks >= NO_ECHO_AFTER_BLOCKS;
  }

  /** Current bulk delay in samples, or -1 before one is found. */
  delaySamples = -1;
  /** Correlation coefficient behind the current delay (0..1). */
  delayConfidence = 0;
  /** Mean square of the echo estimate over the last processed frame. */
  echoEnergy = 0;
  /** Mean square the bulk delay and gain predict for the echo in the last frame. */
  expectedEchoEnergy = 0;

  constructor(options: EchoCancellerOptions) {
    const { sampleRateHz, maxDelayMs = 200, tapCount = 16, stepSize = 0.03 } = options;
    if (!(sampleRateHz >= 8000 && sampleRateHz <= 48000))
      throw new RangeError(`sampleRateHz ${sampleRateHz}`);
    if (!(tapCount >= 1 && tapCount <= 256)) throw new RangeError(`tapCount ${tapCount}`);
    if (!(stepSize > 0 && stepSize <= 1)) throw new RangeError(`stepSize ${stepSize}`);
    this.maxDelaySamples = Math.round((maxDelayMs / 1000) * sampleRateHz);
    this.taps = tapCount;
    this.lead = Math.floor(tapCount / 4);
    this.mu = stepSize;
    this.history = new Float32Array(this.maxDelaySamples + tapCount + 16 * MAX_FRAME_SAMPLES);
    this.writePos = this.maxDelaySamples + tapCount;
    this.weights = new Float64Array(tapCount);
    this.blockSamples = 1 << Math.ceil(Math.log2(sampleRateHz / 4));
    const fftSize = 1 << Math.ceil(Math.log2(this.blockSamples + this.maxDelaySamples));
    this.fft = new Fft(fftSize);
    this.ar = new Float64Array(fftSize);
    this.ai = new Float64Array(fftSize);
    this.cr = new Float64Array(fftSize);
    this.ci = new Float64Array(fftSize);
    this.sr = new Float64Array(fftSize);
    this.si = new Float64Array(fftSize);
    this.blockA = new Float32Array(this.blockSamples);
    this.blockC = new Float32Array(this.blockSamples + this.maxDelaySamples);
  }

  /**
   * Cancel echo in one frame. `agent` and `customer` are simultaneous frames of equal length
   * (at most 4096 samples); the residual is written to `out` (may alias `agent`).
   */
  process(agent: Float32Array, customer: Float32Array, out: Float32Array): void {
    const n = agent.length;
    if (n > MAX_FRAME_SAMPLES)
      throw new RangeError(`frames of at most ${MAX_FRAME_SAMPLES} samples, not ${n}`);
    const h = this.history;
    // A linear buffer written forward and compacted rarely: no per-frame shifting of the history.
    if (this.writePos + n > h.length) {
      const tail = this.maxDelaySamples + this.taps;
      h.copyWithin(0, this.writePos - tail, this.writePos);
      this.writePos = tail;
    }
    const keep = this.writePos; // index in h of this frame's first customer sample
    h.set(customer, keep);
    this.writePos += n;
    this.collectForDelay(agent, n, keep);

    const d = this.delaySamples;
    if (d < 0) {
      if (out !== agent) out.set(agent);
      this.echoEnergy = 0;
      return;
    }
    const w = this.weights;
    const taps = this.taps;
    // Double-talk check without trusting the filter: the agent channel may hold only as much as the
    // bulk echo gain predicts from the delayed customer signal, plus line noise.
    const base0 = keep - d + this.leadEff; // index in h of x[t - d + lead] for t = 0
    let delayedEnergy = 0;
    let agentEnergy = 0;
    for (let i = 0; i < n; i++) {
      const x = h[keep - d + i] as number;
      delayedEnergy += x * x;
      const a = agent[i] as number;
      agentEnergy += a * a;
    }
    // (digital silence is not line noise: it would leave the estimate near zero for many seconds)
    if (agentEnergy > DIGITAL_SILENCE_ENERGY * n)
      this.agentNoise = Math.min(this.agentNoise * 1.02 + 1e-12, agentEnergy);
    const expected = this.bulkGain * this.bulkGain * delayedEnergy;
    this.expectedEchoEnergy = expected / n;
    if (expected < 0.01 * this.agentNoise) {
      // the echo (if any) is well under the line noise: nothing worth taking out
      if (out !== agent) out.set(agent);
      this.echoEnergy = 0;
      return;
    }
    const adapt = expected > 4 * this.agentNoise && agentEnergy < 4 * expected + 2 * this.agentNoise;
    let echoEnergy = 0;
    for (let i = 0; i < n; i++) {
      let y = 0;
      let norm = 1e-6;
      const base = base0 + i;
      for (let k = 0; k < taps; k++) {
        const x = h[base - k] as number;
        y += (w[k] as number) * x;
        norm += x * x;
      }
      const e = (agent[i] as number) - y;
      if (adapt) {
        const g = (this.mu * e) / norm;
        for (let k = 0; k < taps; k++) w[k] = (w[k] as number) + g * (h[base - k] as number);
      }
      echoEnergy += y * y;
      out[i] = e;
    }
    this.echoEnergy = echoEnergy / n;
  }

  private collectForDelay(agent: Float32Array, n: number, keep: number): void {
    // Customer lead-in for this frame is already in history; copy aligned block pieces.
    const h = this.history;
    for (let i = 0; i < n; i++) {
      if (this.blockFill === 0) {
        // customer samples from maxDelay before the block start
        const start = keep + i - this.maxDelaySamples;
        this.blockC.set(h.subarray(start, start + this.maxDelaySamples), 0);
      }
      this.blockA[this.blockFill] = agent[i] as number;
      this.blockC[this.maxDelaySamples + this.blockFill] = h[keep + i] as number;
      this.blockFill++;
      if (this.blockFill === this.blockSamples) {
        this.blockFill = 0;
        this.updateDelay();
      }
    }
  }

  private updateDelay(): void {
    const L = this.blockSamples;
    const D = this.maxDelaySamples;
    let ea = 0;
    let ec = 0;
    for (let i = 0; i < L; i++) {
      const a = this.blockA[i] as number;
      const c = this.blockC[D + i] as number;
      ea += a * a;
      ec += c * c;
    }
    this.blockEnergyA = ea;
    this.blockEnergyC = ec;
    // Only blocks where the customer clearly dominates say where the echo is.
    if (ec < 1e-6 * L || ea > 0.1 * ec) return;
    const forget = 0.9;
    this.accAgentEnergy = forget * this.accAgentEnergy + ea;
    this.accCustomerEnergy = forget * this.accCustomerEnergy + ec;
    // The full search over all delays (FFT) on the first sixteen such blocks, then on one in eight:
    // enough to follow a change, and cheap on a line that has no echo at all.
    if (this.eligibleBlocks++ < 16 || this.eligibleBlocks % FULL_SEARCH_EVERY === 0)
      this.searchDelay(L, D, forget);
    if (this.delaySamples >= 0) {
      // Least-squares gain at the found delay, from the customer samples the echo comes from
      // (accumulated with forgetting): cheap, and follows the echo's level every block.
      this.correlateBlockAt(this.delaySamples);
      this.delayCorrelation = forget * this.delayCorrelation + this.blockR;
      this.delayEnergy = forget * this.delayEnergy + this.blockE;
      this.bulkGain = Math.abs(this.delayCorrelation) / (this.delayEnergy + 1e-20);
      this.delayConfidence =
        Math.abs(this.delayCorrelation) / Math.sqrt(this.accAgentEnergy * this.delayEnergy + 1e-20);
    }
  }

  /** The block's agent-customer correlation at `lag` (blockR) and the lagged customer energy (blockE). */
  private correlateBlockAt(lag: number): void {
    const off = this.maxDelaySamples - lag;
    let r = 0;
    let e = 0;
    for (let i = 0; i < this.blockSamples; i++) {
      const c = this.blockC[off + i] as number;
      r += (this.blockA[i] as number) * c;
      e += c * c;
    }
    this.blockR = r;
    this.blockE = e;
  }

  private searchDelay(L: number, D: number, forget: number): void {
    const N = this.fft.size;
    this.ar.fill(0);
    this.ai.fill(0);
    this.cr.fill(0);
    this.ci.fill(0);
    for (let i = 0; i < L; i++) this.ar[i] = this.blockA[i] as number;
    for (let i = 0; i < L + D; i++) this.cr[i] = this.blockC[i] as number;
    this.fft.transform(this.ar, this.ai);
    this.fft.transform(this.cr, this.ci);
    // r[j] = sum_t a[t] c'[t + j] with c' the customer from D before the block: lag = D - j.
    for (let k = 0; k < N; k++) {
      const xr =
        (this.ar[k] as number) * (this.cr[k] as number) + (this.ai[k] as number) * (this.ci[k] as number);
      const xi =
        (this.ar[k] as number) * (this.ci[k] as number) - (this.ai[k] as number) * (this.cr[k] as number);
      this.sr[k] = forget * (this.sr[k] as number) + xr;
      this.si[k] = forget * (this.si[k] as number) + xi;
    }
    this.searchEnergyA = forget * this.searchEnergyA + this.blockEnergyA;
    this.searchEnergyC = forget * this.searchEnergyC + this.blockEnergyC;
    this.ar.set(this.sr);
    this.ai.set(this.si);
    this.fft.transform(this.ar, this.ai, true);
    let best = 0;
    let bestLag = -1;
    for (let j = 0; j <= D; j++) {
      const v = Math.abs(this.ar[j] as number);
      if (v > best) {
        best = v;
        bestLag = D - j;
      }
    }
    const rho = best / Math.sqrt(this.searchEnergyA * this.searchEnergyC + 1e-20);
    if (bestLag >= 0 && rho > 0.3 && Math.abs(bestLag - this.delaySamples) > this.lead) {
      // least-squares gain of this block at the new delay
      this.correlateBlockAt(bestLag);
      const gain = this.blockR / (this.blockE + 1e-20);
      this.delaySamples = bestLag;
      this.leadEff = Math.min(this.lead, bestLag);
      this.weights.fill(0);
      // start from the pure delayed copy the correlation found; NLMS refines it
      this.weights[this.leadEff] = gain;
      // the per-block gain tracker starts afresh at the new delay
      this.delayCorrelation = 0;
      this.delayEnergy = 0;
    }
  }
}
