/**
 * DC blocker: removes a constant (or slowly drifting) offset from a signal, as cheap lines, sound cards
 * and headsets add one. An offset is not sound, but every level measured on the raw samples (frame
 * energy, noise floor, the voice model's input) would read it as a steady tone: a channel at -35 dBFS
 * of DC looks like a line that never goes quiet.
 *
 * The filter is the one-pole, one-zero high-pass y[n] = x[n] - x[n-1] + R·y[n-1] (J. O. Smith,
 * "Introduction to Digital Filters", section "DC Blocker"), R = exp(-2π·fc/fs): a zero at DC, a pole just
 * inside it, flat above a few times fc. Its state starts at the first sample, as if the signal had always
 * been there, so a constant signal comes out as exact zeros (no step at the start: a channel of pure DC
 * stays silent). Portable: no Node or DOM APIs.
 */

/** Cutoff of the high-pass (-3 dB), Hz: far below the voice (80 Hz and up), above any drift of an offset. */
export const DC_CUTOFF_HZ = 10;

/**
 * The offset is measured as the median of the means of windows this long, s: speech averages out within
 * a window, and the median ignores the windows where it does not (a clipped vowel's flat tops have a mean
 * of their own), so only a real offset is reported.
 */
const OFFSET_WINDOW_SEC = 0.05;
/**
 * Window means are counted in bins this wide (full scale 1; -66 dBFS), over -1 to 1: the median comes from
 * the counts, so memory stays the same however long the call.
 */
const OFFSET_BIN = 1 / 2048;
const OFFSET_BINS = 2 * 2048 + 1;

/** A streaming DC blocker for one signal: call {@link DcBlocker.process} on consecutive blocks. */
export class DcBlocker {
  private readonly r: number;
  private readonly windowSamples: number;
  private lastIn = 0;
  private lastOut = 0;
  private started = false;
  /** The sum and count of the current window's samples, and how many whole windows had each mean (binned). */
  private windowSum = 0;
  private windowCount = 0;
  private readonly meanCounts = new Uint32Array(OFFSET_BINS);
  private windows = 0;
  private buffer = new Float32Array(0);

  /**
   * @param sampleRateHz the signal's rate, Hz (> 0)
   * @param cutoffHz the high-pass cutoff, Hz (0 < cutoffHz < sampleRateHz / 4; default DC_CUTOFF_HZ)
   * @throws RangeError naming the parameter when either is out of range
   */
  constructor(sampleRateHz: number, cutoffHz = DC_CUTOFF_HZ) {
    if (!(sampleRateHz > 0) || !Number.isFinite(sampleRateHz))
      throw new RangeError(`sampleRateHz must be a positive rate, not ${sampleRateHz}`);
    if (!(cutoffHz > 0 && cutoffHz < sampleRateHz / 4))
      throw new RangeError(`cutoffHz must be between 0 and ${sampleRateHz / 4} Hz, not ${cutoffHz}`);
    this.r = Math.exp((-2 * Math.PI * cutoffHz) / sampleRateHz);
    this.windowSamples = Math.max(1, Math.round(OFFSET_WINDOW_SEC * sampleRateHz));
  }

  /**
   * The signal's offset so far (full scale 1): the median of its windows' means (OFFSET_WINDOW_SEC), or
   * the mean of what there is before the first window is whole; 0 before the first sample.
   */
  get offset(): number {
    if (this.windows === 0) return this.windowCount === 0 ? 0 : this.windowSum / this.windowCount;
    let below = 0;
    for (let bin = 0; bin < OFFSET_BINS; bin++) {
      below += this.meanCounts[bin] as number;
      if (2 * below >= this.windows) return (bin - (OFFSET_BINS - 1) / 2) * OFFSET_BIN;
    }
    return 0; // not reached: the counts add up to the windows
  }

  /**
   * The block without its offset. Returns a view of a buffer the blocker reuses on the next call:
   * consume or copy it first. The input is not changed.
   */
  process(x: Float32Array): Float32Array {
    if (this.buffer.length < x.length)
      this.buffer = new Float32Array(Math.max(x.length, 2 * this.buffer.length));
    const out = this.buffer.subarray(0, x.length);
    if (x.length === 0) return out;
    if (!this.started) {
      this.started = true;
      this.lastIn = x[0] as number;
    }
    const r = this.r;
    let lastIn = this.lastIn;
    let lastOut = this.lastOut;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      lastOut = v - lastIn + r * lastOut;
      lastIn = v;
      out[i] = lastOut;
    }
    // a decayed state is flushed to zero: no subnormal arithmetic in a long silence
    this.lastOut = Math.abs(lastOut) < 1e-25 ? 0 : lastOut;
    this.lastIn = lastIn;
    this.measure(x);
    return out;
  }

  /** The block's samples into the offset's windows. */
  private measure(x: Float32Array): void {
    for (let at = 0; at < x.length;) {
      const take = Math.min(this.windowSamples - this.windowCount, x.length - at);
      let sum = 0;
      for (let i = at; i < at + take; i++) sum += x[i] as number;
      this.windowSum += sum;
      this.windowCount += take;
      at += take;
      if (this.windowCount === this.windowSamples) {
        const mean = Math.max(-1, Math.min(1, this.windowSum / this.windowCount));
        const bin = Math.round(mean / OFFSET_BIN) + (OFFSET_BINS - 1) / 2;
        this.meanCounts[bin] = (this.meanCounts[bin] as number) + 1;
        this.windows++;
        this.windowSum = 0;
        this.windowCount = 0;
      }
    }
  }

  /** Forgets the signal: the next block starts afresh. */
  reset(): void {
    this.started = false;
    this.lastIn = 0;
    this.lastOut = 0;
    this.windowSum = 0;
    this.windowCount = 0;
    this.meanCounts.fill(0);
    this.windows = 0;
  }
}
