/**
 * Clipping: how much of a signal sits at full scale. A recorder driven too loud flattens the loudest
 * moments at its ceiling, so they read quieter than they were. Portable: no Node or DOM APIs.
 */

/**
 * A sample at or beyond this magnitude (full scale 1) is at the ceiling: -0.26 dBFS, just under the largest
 * u-law value (32124/32768 = 0.980, ITU-T G.711), so a clipped u-law or A-law call counts too.
 */
export const CLIP_LEVEL = 0.97;

/** Counts the samples of one signal at full scale (|x| >= CLIP_LEVEL), block after block. */
export class ClipCounter {
  /** Samples at full scale so far. */
  clippedSamples = 0;
  /** Samples seen so far. */
  samples = 0;

  process(x: Float32Array): void {
    let clipped = 0;
    for (let i = 0; i < x.length; i++) if (Math.abs(x[i] as number) >= CLIP_LEVEL) clipped++;
    this.clippedSamples += clipped;
    this.samples += x.length;
  }

  /** The share of samples at full scale, 0 to 1 (0 before the first). */
  get fraction(): number {
    return this.samples === 0 ? 0 : this.clippedSamples / this.samples;
  }
}
