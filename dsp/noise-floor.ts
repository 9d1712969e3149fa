/**
 * Levels at or below this are digital silence (exact or dithered zeros: a capture that has not
 * started, a muted leg, silence suppression, padding, an idle sound server's output), not line noise:
 * they say nothing about the floor, dB. Dither of one 16-bit step either way measures -92 to -96 dB.
 */
export const DIGITAL_SILENCE_DB = -90;

/**
 * Running noise-floor estimate of a level track in dB (minimum statistics, simplified): follows
 * the level down quickly and rises slowly, so speech never lifts it while slow changes in line noise
 * and gain are followed. Digital silence leaves the floor unknown (there is no line noise to
 * measure); the next real level restarts it, at `restartDb` when the caller knows the line's floor
 * (a first pass over a recording measured it), else `firstBelowDb` under that first level (which may
 * be the first word after the silence rather than noise: the floor then rises to the noise). So the
 * estimate never depends on an absolute level, and 2 s of zeros in front of a call, or silence
 * suppression between talk spurts, neither sink it nor let speech lift it. Where the line's floor is
 * known, a floor that fell far under it (a quieter stretch of line in front of the call) climbs back
 * ten times faster; where it is not (a live call: the capture starts on a quieter line before the
 * call's noise), so does a floor more than `firstBelowDb` under the
 * quietest level of the last 3 s, up to there: a restart's distance under sound that has lasted, which
 * speech, never quieter than its own pauses, cannot lift.
 */
/** Below the known floor (restartDb) by more than this, dB, the floor climbs CATCH_UP_FACTOR times faster. */
const CATCH_UP_BELOW_DB = 3;
const CATCH_UP_FACTOR = 10;
/** The window of the quietest recent level (see the class comment), s. */
const RECENT_MIN_SEC = 3;

export class NoiseFloorTracker {
  private floorDb: number | null = null;
  private readonly riseDbPerUpdate: number;
  private readonly fallWeight: number;
  /** Sliding minimum of the last RECENT_MIN_SEC of levels: (update index, level), levels increasing. */
  private readonly recent: { i: number; db: number }[] = [];
  private readonly recentUpdates: number;
  private updates = 0;
  private sinceRestart = 0;

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
    this.recentUpdates = Math.round(RECENT_MIN_SEC / updateSec);
  }

  /** The floor, dB; DIGITAL_SILENCE_DB while it is unknown (digital silence). */
  get db(): number {
    return this.floorDb ?? DIGITAL_SILENCE_DB;
  }

  update(levelDb: number): number {
    const i = this.updates++;
    if (levelDb <= DIGITAL_SILENCE_DB) {
      this.floorDb = null;
      this.recent.length = 0;
      this.sinceRestart = 0;
      return DIGITAL_SILENCE_DB;
    }
    const r = this.recent;
    while (r.length > 0 && (r[r.length - 1] as { db: number }).db >= levelDb) r.pop();
    r.push({ i, db: levelDb });
    while ((r[0] as { i: number }).i <= i - this.recentUpdates) r.shift();
    this.sinceRestart++;
    if (this.floorDb === null) this.floorDb = this.restartDb ?? levelDb - this.firstBelowDb;
    if (levelDb < this.floorDb) this.floorDb += this.fallWeight * (levelDb - this.floorDb);
    else {
      // far under the line's known floor (a quieter stretch in front of the call), or under the sound
      // of the last 3 s by more than a restart's distance: climb back fast, up to there
      const lasting =
        this.sinceRestart >= this.recentUpdates ? (r[0] as { db: number }).db - this.firstBelowDb : -Infinity;
      const known = this.restartDb !== null ? this.restartDb - CATCH_UP_BELOW_DB : -Infinity;
      const target = Math.max(lasting, known);
      const step = this.riseDbPerUpdate * (this.floorDb < target ? CATCH_UP_FACTOR : 1);
      this.floorDb = Math.min(levelDb, this.floorDb + step);
    }
    return this.floorDb;
  }
}
