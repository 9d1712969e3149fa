/**
 * Levels at or below this are digital silence (exact or dithered zeros: a capture that has not
 * started, a muted leg, padding), not line noise: they say nothing about the floor, dB.
 */
export const DIGITAL_SILENCE_DB = -100;

/**
 * Running noise-floor estimate of a level track in dB (minimum statistics, simplified): follows
 * the level down quickly and rises slowly, so speech never lifts it while slow changes in line noise
 * and gain are followed. Digital silence is skipped, and with no starting value the first real
 * level starts it, so the estimate never depends on the recording's absolute level.
 */
export class NoiseFloorTracker {
  private floorDb: number | null;
  private readonly riseDbPerUpdate: number;
  private readonly fallWeight: number;

  /**
   * @param updateSec time between updates, s
   * @param riseDbPerSec how fast the floor may climb when the level stays above it, dB/s (default 1)
   * @param initialDb starting floor, dB, or null (default): the first level above digital silence
   */
  constructor(updateSec: number, riseDbPerSec = 1, initialDb: number | null = null) {
    if (!(updateSec > 0)) throw new RangeError(`updateSec ${updateSec}`);
    if (!(riseDbPerSec > 0)) throw new RangeError(`riseDbPerSec ${riseDbPerSec}`);
    this.floorDb = initialDb;
    this.riseDbPerUpdate = riseDbPerSec * updateSec;
    this.fallWeight = Math.min(1, updateSec / 0.1);
  }

  /** The floor, dB; DIGITAL_SILENCE_DB while only digital silence has been seen. */
  get db(): number {
    return this.floorDb ?? DIGITAL_SILENCE_DB;
  }

  update(levelDb: number): number {
    if (levelDb <= DIGITAL_SILENCE_DB) return this.db;
    if (this.floorDb === null) this.floorDb = levelDb;
    else if (levelDb < this.floorDb) this.floorDb += this.fallWeight * (levelDb - this.floorDb);
    else this.floorDb = Math.min(levelDb, this.floorDb + this.riseDbPerUpdate);
    return this.floorDb;
  }
}
