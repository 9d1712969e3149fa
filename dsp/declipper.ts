/**
 * Declipping: a recorder driven too loud flattens each loud wave at full scale, so its loudest moments
 * measure quieter than they were (a shouted sentence at 4x gain loses several dB, enough to hide a peak).
 * Each short flat top is redrawn as the cubic through the two samples before it and the two after it
 * (Lagrange interpolation over the gap, the classic interpolation repair of clipped audio, e.g. Janssen et
 * al., "Adaptive interpolation of discrete-time signals", IEEE TASSP 1986, in its simplest form), never
 * below the clipped value and never beyond MAX_REPAIR_GAIN. Longer flat tops are left as they are.
 *
 * Streaming with a fixed delay: process() returns the samples that have left a delay line of
 * maxRunSamples + 3, flush() the rest, so the output is the input, repaired, sample for sample, whatever
 * the block sizes. Portable: no Node or DOM APIs.
 */
import { CLIP_LEVEL } from './clipping.js';

/** The longest flat top redrawn, s (4 ms: a clipped half-wave of a voice at 125 Hz and up). */
export const MAX_RUN_SEC = 0.004;
/** A redrawn sample is at most this many times full scale (+12 dB): a guess is not allowed to dominate. */
export const MAX_REPAIR_GAIN = 4;
/** Flat tops shorter than this many samples are left: a lone sample at full scale is a peak, not clipping. */
const MIN_RUN_SAMPLES = 2;

/** Whether any sample of `x` is at full scale (|x| >= CLIP_LEVEL). */
function reachesFullScale(x: Float32Array): boolean {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v >= CLIP_LEVEL || v <= -CLIP_LEVEL) return true;
  }
  return false;
}

/** A streaming declipper for one signal. */
export class Declipper {
  /** Samples redrawn so far. */
  repairedSamples = 0;
  private readonly maxRun: number;
  private readonly delay: number;
  /** Samples not yet output: buf[0] is sample `base` of the stream. */
  private buf = new Float32Array(1024);
  private len = 0;
  private base = 0;
  /** The open flat top: its first sample and sign; -1 when none. */
  private runStart = -1;
  private runSign = 0;
  /** A flat top that has ended at `end` and is redrawn once the sample after `end` has come. */
  private ended: { start: number; end: number } | null = null;
  private out = new Float32Array(0);

  /** @param sampleRateHz the signal's rate, Hz (> 0); @throws RangeError naming it otherwise */
  constructor(sampleRateHz: number) {
    if (!(sampleRateHz > 0) || !Number.isFinite(sampleRateHz))
      throw new RangeError(`sampleRateHz must be a positive rate, not ${sampleRateHz}`);
    this.maxRun = Math.max(MIN_RUN_SAMPLES, Math.round(MAX_RUN_SEC * sampleRateHz));
    this.delay = this.maxRun + 3;
  }

  /** The block's samples in, the repaired samples that leave the delay line out (a view reused on the next call). */
  process(x: Float32Array): Float32Array {
    this.reserve(x.length);
    if (this.runStart === -1 && this.ended === null && !reachesFullScale(x)) {
      // nothing at full scale and no flat top open: the samples go through as they are
      this.buf.set(x, this.len);
      this.len += x.length;
    } else {
      for (let i = 0; i < x.length; i++) this.take(x[i] as number);
    }
    return this.emit(Math.max(0, this.len - this.delay));
  }

  /** The samples still held, repaired where they can be: the end of the stream. Then ready for a new one. */
  flush(): Float32Array {
    const out = this.emit(this.len);
    this.runStart = -1;
    this.ended = null;
    this.base = 0;
    return out;
  }

  private take(v: number): void {
    const n = this.base + this.len;
    this.buf[this.len++] = v;
    if (this.ended !== null && n === this.ended.end + 1) {
      this.repair(this.ended.start, this.ended.end);
      this.ended = null;
    }
    const sign = v >= CLIP_LEVEL ? 1 : v <= -CLIP_LEVEL ? -1 : 0;
    if (this.runStart >= 0 && sign === this.runSign) {
      if (n - this.runStart >= this.maxRun) this.runStart = -2; // too long: left as it is, to its end
      return;
    }
    if (this.runStart === -2 && sign === this.runSign) return;
    if (this.runStart >= 0 && n - this.runStart >= MIN_RUN_SAMPLES)
      this.ended = { start: this.runStart, end: n };
    this.runStart = sign === 0 ? -1 : n;
    this.runSign = sign;
  }

  /** Redraws samples [start, end) as the cubic through start-2, start-1, end and end+1 (all still held). */
  private repair(start: number, end: number): void {
    if (start - 2 < this.base) return; // the stream's first samples: nothing before them to draw from
    const at = (n: number): number => this.buf[n - this.base] as number;
    const [t0, t1, t2, t3] = [-2, -1, end - start, end - start + 1];
    const [y0, y1, y2, y3] = [at(start - 2), at(start - 1), at(end), at(end + 1)];
    const sign = at(start) > 0 ? 1 : -1;
    for (let n = start; n < end; n++) {
      const t = n - start;
      const cubic =
        (y0 * (t - t1) * (t - t2) * (t - t3)) / ((t0 - t1) * (t0 - t2) * (t0 - t3)) +
        (y1 * (t - t0) * (t - t2) * (t - t3)) / ((t1 - t0) * (t1 - t2) * (t1 - t3)) +
        (y2 * (t - t0) * (t - t1) * (t - t3)) / ((t2 - t0) * (t2 - t1) * (t2 - t3)) +
        (y3 * (t - t0) * (t - t1) * (t - t2)) / ((t3 - t0) * (t3 - t1) * (t3 - t2));
      const clipped = Math.abs(at(n));
      this.buf[n - this.base] = sign * Math.min(MAX_REPAIR_GAIN, Math.max(clipped, sign * cubic));
    }
    this.repairedSamples += end - start;
  }

  /** The first `count` held samples, out; the rest moved to the front. */
  private emit(count: number): Float32Array {
    if (this.out.length < count) this.out = new Float32Array(Math.max(count, 2 * this.out.length));
    const out = this.out.subarray(0, count);
    out.set(this.buf.subarray(0, count));
    this.buf.copyWithin(0, count, this.len);
    this.len -= count;
    this.base += count;
    return out;
  }

  private reserve(more: number): void {
    if (this.len + more <= this.buf.length) return;
    const grown = new Float32Array(Math.max(this.len + more, 2 * this.buf.length));
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }
}
