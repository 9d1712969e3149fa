/**
 * Levels at or below this are digital silence (exact or dithered zeros: a capture that has not
 * started, a muted leg, silence suppression, padding), not line noise: they say nothing about the
 * floor, dB.
 */
export const DIGITAL_SILENCE_DB = -100;

/**
 * Running noise-floor estimate of a level track in dB (minimum statistics, simplified): follows
 * the level down quickly and rises slowly, so speech never lifts it while slow changes in line noise
 * and gain are followed. Digital silence leaves the floor unknown (there is no line noise to
 * measure); the next real level restarts it, at `restartDb` when the caller knows the line's floor
 * (a first pass over a recording measured it), else `firstBelowDb` under that first level (which may
 * be the first word after the silence rather than noise: the floor then rises to the noise). So the
 * estimate never depends on an absolute level, and 2 s of zeros in front of a call, or silence
 * suppression between talk spurts, neither sink it nor let speech lift it.
 */
export class NoiseFloorTracker {
  private floorDb: number | null = null;
  private readonly riseDbPerUpdate: number;
  private readonly fallWeight: number;

  /**
   * @param updateSec time between updates, s
   * @param riseDbPerSec how fast the floor may climb when the level stays above it, dB/s (default 1)
   * @param restartDb where the floor starts, and starts again after digital silence, dB; null
   *   (default): `firstBelowDb` under the first real level
   * @param firstBelowDb see restartDb, dB (default 0)
   */
  constructor(
    updateSec: number,
    riseDbPerSec = 1,
    private readonly restartDb: number | null = null,
    private readonly firstBelowDb = 0,
  ) {
    if (!(updateSec > 0)) throw new RangeError(`updateSec ${updateSec}`);
    if (!(riseDbPerSec > 0)) throw new RangeError(`riseDbPerSec ${riseDbPerSec}`);
    this.riseDbPerUpdate = riseDbPerSec * updateSec;
    this.fallWeight = Math.min(1, updateSec / 0.1);
  }

  /** The floor, dB; DIGITAL_SILENCE_DB while it is unknown (digital silence). */
  get db(): number {
    return this.floorDb ?? DIGITAL_SILENCE_DB;
  }

  update(levelDb: number): number {
    if (levelDb <= DIGITAL_SILENCE_DB) {
      this.floorDb = null;
      return DIGITAL_SILENCE_DB;
    }
    if (this.floorDb === null) this.floorDb = this.restartDb ?? levelDb - this.firstBelowDb;
    if (levelDb < this.floorDb) this.floorDb += this.fallWeight * (levelDb - this.floorDb);
    else this.floorDb = Math.min(levelDb, this.floorDb + this.riseDbPerUpdate);
    return this.floorDb;
  }
}
