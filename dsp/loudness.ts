/**
 * Streaming loudness of one channel after ITU-R BS.1770-4 (momentary and short-term as in EBU Tech 3341).
 * Portable: no Node or DOM APIs.
 */
import { KWeightingFilter } from './kweighting.js';

/** Floor used instead of -Infinity for silence, so values stay JSON-safe. Also the floor of {@link dbfs}. */
export const SILENCE_LUFS = -120;

/** BS.1770-4 eq. 2: L = -0.691 + 10 log10(sum of G_i z_i); the offset makes a 997 Hz sine read its RMS level. */
const LOUDNESS_OFFSET_DB = -0.691;
/** Momentary window, EBU Tech 3341: 400 ms. */
const MOMENTARY_WINDOW_SECONDS = 0.4;
/** Short-term window, EBU Tech 3341: 3 s. */
const SHORT_TERM_WINDOW_SECONDS = 3;

/** 10 log10(meanSquare), floored at -120 dB. 0 dB is a mean square of 1 (a full-scale square wave). */
export function dbfs(meanSquare: number): number {
  return meanSquare > 0 ? Math.max(SILENCE_LUFS, 10 * Math.log10(meanSquare)) : SILENCE_LUFS;
}

/**
 * RMS level of the first `length` samples of `frame` in dB (see {@link dbfs}: a full-scale sine reads -3.01 dB).
 * An empty frame reads -120 dB.
 */
export function rmsDb(frame: Float32Array, length: number = frame.length): number {
  const n = Math.min(length, frame.length);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = frame[i] as number;
    sum += x * x;
  }
  return n > 0 ? dbfs(sum / n) : SILENCE_LUFS;
}

/** Loudness in LUFS of a K-weighted mean square (mono: channel weight G = 1.0), floored at SILENCE_LUFS. */
function lufs(meanSquare: number): number {
  return meanSquare > 0
    ? Math.max(SILENCE_LUFS, LOUDNESS_OFFSET_DB + 10 * Math.log10(meanSquare))
    : SILENCE_LUFS;
}

/**
 * Measures one channel fed in fixed blocks. Windows are whole numbers of blocks (400 ms and 3 s rounded to
 * the nearest block, at least one). Before a window has filled, the missing past counts as silence, so
 * readings ramp up over the first 400 ms / 3 s of a stream, as on a meter switched on at the start.
 */
export class LoudnessMeter {
  readonly sampleRateHz: number;
  readonly blockSamples: number;
  /** Blocks in the momentary window. */
  readonly momentaryBlocks: number;
  /** Blocks in the short-term window. */
  readonly shortTermBlocks: number;
  private readonly filter: KWeightingFilter;
  private readonly weighted: Float32Array;
  /** Ring of the last `shortTermBlocks` per-block mean squares; the momentary window is its newest part. */
  private readonly ring: Float64Array;
  private next = 0;
  private momentarySum = 0;
  private shortTermSum = 0;
  private lastMeanSquare = 0;

  /** @throws RangeError naming the parameter and value when sampleRateHz or blockSamples is invalid */
  constructor(options: { sampleRateHz: number; blockSamples: number }) {
    const { sampleRateHz, blockSamples } = options;
    if (!Number.isSafeInteger(blockSamples) || blockSamples < 1) {
      throw new RangeError(`LoudnessMeter: blockSamples must be a positive integer, got ${blockSamples}`);
    }
    this.filter = new KWeightingFilter(sampleRateHz); // validates sampleRateHz
    this.sampleRateHz = sampleRateHz;
    this.blockSamples = blockSamples;
    const blocksIn = (seconds: number): number =>
      Math.max(1, Math.round((seconds * sampleRateHz) / blockSamples));
    this.momentaryBlocks = blocksIn(MOMENTARY_WINDOW_SECONDS);
    this.shortTermBlocks = Math.max(this.momentaryBlocks, blocksIn(SHORT_TERM_WINDOW_SECONDS));
    this.weighted = new Float32Array(blockSamples);
    this.ring = new Float64Array(this.shortTermBlocks);
  }

  /**
   * Pushes the next block of raw (not yet K-weighted) samples. Allocates nothing.
   * @throws RangeError when `block.length` is not `blockSamples`
   */
  push(block: Float32Array): void {
    const n = this.blockSamples;
    if (block.length !== n) {
      throw new RangeError(
        `LoudnessMeter.push: block.length must be blockSamples (${n}), got ${block.length}`,
      );
    }
    const w = this.weighted;
    this.filter.process(block, w, n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const y = w[i] as number;
      sum += y * y;
    }
    const meanSquare = sum / n;
    this.lastMeanSquare = meanSquare;

    const ring = this.ring;
    const size = ring.length;
    const leavingMomentary = ring[(this.next + size - this.momentaryBlocks) % size] as number;
    const leavingShortTerm = ring[this.next] as number;
    ring[this.next] = meanSquare;
    this.momentarySum += meanSquare - leavingMomentary;
    this.shortTermSum += meanSquare - leavingShortTerm;
    this.next = (this.next + 1) % size;
    // Once per lap of the ring, recompute both sums exactly so rounding errors cannot accumulate.
    if (this.next === 0) this.recomputeSums();
  }

  /** K-weighted loudness of the last block alone, LUFS; SILENCE_LUFS before the first block. */
  get blockLufs(): number {
    return lufs(this.lastMeanSquare);
  }

  /** Momentary loudness, LUFS: the last `momentaryBlocks` blocks (about 400 ms) ending at the last block. */
  get momentaryLufs(): number {
    return lufs(Math.max(0, this.momentarySum) / this.momentaryBlocks);
  }

  /** Short-term loudness, LUFS: the last `shortTermBlocks` blocks (about 3 s) ending at the last block. */
  get shortTermLufs(): number {
    return lufs(Math.max(0, this.shortTermSum) / this.shortTermBlocks);
  }

  /** Forgets all history and filter state. */
  reset(): void {
    this.filter.reset();
    this.ring.fill(0);
    this.next = 0;
    this.momentarySum = 0;
    this.shortTermSum = 0;
    this.lastMeanSquare = 0;
  }

  private recomputeSums(): void {
    const ring = this.ring;
    const size = ring.length;
    let shortTerm = 0;
    for (let i = 0; i < size; i++) shortTerm += ring[i] as number;
    let momentary = 0;
    for (let i = 1; i <= this.momentaryBlocks; i++)
      momentary += ring[(this.next + size - i) % size] as number;
    this.shortTermSum = shortTerm;
    this.momentarySum = momentary;
  }
}
