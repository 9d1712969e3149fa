/**
 * Running noise-floor estimate of a level track in dB (minimum statistics, simplified): follows
 * the level down quickly and rises slowly, so speech never lifts it while slow changes in line noise
 * and gain are followed.
 */
export class NoiseFloorTracker {
  private floorDb: number;
  private readonly riseDbPerUpdate: number;
  private readonly fallWeight: number;

  /**
   * @param updateSec time between updates, s
   * @param riseDbPerSec how fast the floor may climb when the level stays above it, dB/s (default 1)
   * @param initialDb starting floor, dB (default -70)
   */
  constructor(updateSec: number, riseDbPerSec = 1, initialDb = -70) {
    if (!(updateSec > 0)) throw new RangeError(`updateSec ${updateSec}`);
    if (!(riseDbPerSec > 0)) throw new RangeError(`riseDbPerSec ${riseDbPerSec}`);
    this.floorDb = initialDb;
    this.riseDbPerUpdate = riseDbPerSec * updateSec;
    this.fallWeight = Math.min(1, updateSec / 0.1);
  }

  get db(): number {
    return this.floorDb;
  }

  update(levelDb: number): number {
    if (levelDb < this.floorDb) this.floorDb += this.fallWeight * (levelDb - this.floorDb);
    else this.floorDb = Math.min(levelDb, this.floorDb + this.riseDbPerUpdate);
    return this.floorDb;
  }
}
