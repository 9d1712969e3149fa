/**
 * A party's running "own level" (the customer's calm level, the agent's normal level), in dB:
 * the lower envelope of their utterance levels. Quieter utterances pull it down quickly (nobody is
 * calmer than calm), ordinary ones nudge it up slowly (gain drift, a hot line), and utterances
 * flagged as loud only creep it up, so an outburst never becomes the new normal but a line that
 * stays loud eventually does. Weights grow with the utterance's duration. No whole-call statistics.
 */
export class LevelBaseline {
  private valueDb: number | null;
  private weightSec: number;

  /**
   * @param seedDb starting level, dB, or null to take the first utterance's level
   * @param seedWeightSec how many seconds of speech the seed is worth
   * @param downSec time constant when an utterance is quieter than the baseline, s of speech
   * @param upSec time constant when an ordinary utterance is louder, s of speech
   * @param loudSec time constant for loud utterances, s of speech
   */
  constructor(
    seedDb: number | null,
    seedWeightSec: number,
    private readonly downSec: number,
    private readonly upSec: number,
    private readonly loudSec: number,
  ) {
    this.valueDb = seedDb;
    this.weightSec = seedDb === null ? 0 : seedWeightSec;
  }

  get db(): number | null {
    return this.valueDb;
  }

  /** Seconds of speech behind the estimate (the seed counts as its weight). */
  get confidenceSec(): number {
    return this.weightSec;
  }

  /** Seed it late (e.g. from the other party's level) if nothing is known yet. */
  seedIfEmpty(db: number, weightSec: number): void {
    if (this.valueDb === null) {
      this.valueDb = db;
      this.weightSec = weightSec;
    }
  }

  update(levelDb: number, durationSec: number, loud: boolean): void {
    if (this.valueDb === null) {
      this.valueDb = levelDb;
      this.weightSec = durationSec;
      return;
    }
    const down = !loud && levelDb < this.valueDb;
    const tau = loud ? this.loudSec : down ? this.downSec : this.upSec;
    // Going down, early evidence counts fully (average by seconds so far); going up is always slow.
    const w = durationSec / ((down ? Math.min(Math.max(this.weightSec, 0.5), tau) : tau) + durationSec);
    this.valueDb += w * (levelDb - this.valueDb);
    if (!loud) this.weightSec += durationSec;
  }
}
