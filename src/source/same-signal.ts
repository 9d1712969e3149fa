/**
 * Two-party analysis needs each party on their own channel. A dual-mono export (one mixed signal copied to
 * both channels) or the same file given for both parties would otherwise get confident, wrong verdicts:
 * every word heard on both sides at once. This check watches the call's samples and says when the two
 * sides are one signal. Line echo does not trip it: an echo is delayed and filtered, so the two sides
 * do not move together sample by sample. Portable.
 */

/**
 * Correlation above which the two sides count as one signal (its magnitude: an inverted copy is one signal
 * too). One signal coded as stereo at a low bitrate stays above 0.93 (16 kbps AAC); two parties on their own
 * channels, line echo and all, sit near 0 (|r| < 0.01 on every dev call).
 */
const SAME_SIGNAL_CORRELATION = 0.9;
/**
 * The correlation is taken at every lag up to this many samples either way: a copy a sample or two late (a
 * channel delayed by an export's filter) is still one signal. Line echo comes back much later than this
 * (a round trip of milliseconds), filtered, and far quieter than the channel's own speaker.
 */
const MAX_LAG_SAMPLES = 3;
/** Variance under this (-80 dBFS) is silence: a silent side is reported as silent, not as a copy. */
const SILENT_MEAN_SQUARE = 1e-8;

export class SameSignalCheck {
  /** cross[MAX_LAG + L]: the sum of agent[n] * customer[n + L], for L = -MAX_LAG..MAX_LAG. */
  private readonly cross = new Float64Array(2 * MAX_LAG_SAMPLES + 1);
  private agentSum = 0;
  private customerSum = 0;
  private agentEnergy = 0;
  private customerEnergy = 0;
  private frames = 0;
  /** The last MAX_LAG_SAMPLES samples of each side (zeros before the call), for the lags across blocks. */
  private readonly agentTail = new Float32Array(MAX_LAG_SAMPLES);
  private readonly customerTail = new Float32Array(MAX_LAG_SAMPLES);

  push(agent: Float32Array, customer: Float32Array): void {
    const K = MAX_LAG_SAMPLES;
    // each side with the previous block's last K samples in front: index K + n is sample n of this block
    const a = joinTail(this.agentTail, agent);
    const c = joinTail(this.customerTail, customer);
    let as = 0;
    let cs = 0;
    let aa = 0;
    let cc = 0;
    for (let i = K; i < a.length; i++) {
      const x = a[i] as number;
      const y = c[i] as number;
      as += x;
      cs += y;
      aa += x * x;
      cc += y * y;
      // every pair (agent n, customer n + L) is counted once, when the later of the two arrives
      this.cross[K] = (this.cross[K] as number) + x * y;
      for (let lag = 1; lag <= K; lag++) {
        this.cross[K + lag] = (this.cross[K + lag] as number) + (a[i - lag] as number) * y;
        this.cross[K - lag] = (this.cross[K - lag] as number) + x * (c[i - lag] as number);
      }
    }
    this.agentSum += as;
    this.customerSum += cs;
    this.agentEnergy += aa;
    this.customerEnergy += cc;
    this.frames += agent.length;
    this.agentTail.set(a.subarray(a.length - K));
    this.customerTail.set(c.subarray(c.length - K));
  }

  /**
   * True when the samples so far are one signal on both sides: at different gains, inverted, a few samples
   * apart, each with a DC offset of its own (the means are taken out).
   */
  get sameSignal(): boolean {
    const n = this.frames;
    if (n === 0) return false;
    const meanA = this.agentSum / n;
    const meanC = this.customerSum / n;
    const varA = this.agentEnergy - n * meanA * meanA;
    const varC = this.customerEnergy - n * meanC * meanC;
    const floor = SILENT_MEAN_SQUARE * n;
    if (varA <= floor || varC <= floor) return false;
    const scale = Math.sqrt(varA * varC);
    for (const sum of this.cross) {
      if (Math.abs(sum - n * meanA * meanC) / scale >= SAME_SIGNAL_CORRELATION) return true;
    }
    return false;
  }
}

/** `tail` followed by `block`, in one new array. */
function joinTail(tail: Float32Array, block: Float32Array): Float32Array {
  const out = new Float32Array(tail.length + block.length);
  out.set(tail);
  out.set(block, tail.length);
  return out;
}

/** The refusal, worded for one two-channel file or for two files. */
export function sameSignalMessage(files: readonly string[]): string {
  const need = 'two-party analysis needs the agent and the customer each on their own channel';
  if (files.length === 2 && files[0] === files[1]) return `${files[0]} was given for both parties: ${need}`;
  if (files.length === 2) return `${files[0]} and ${files[1]} hold the same audio: ${need}`;
  return `${files[0] ?? 'the call'}: both channels hold the same signal (a mono recording saved as stereo?): ${need}`;
}
