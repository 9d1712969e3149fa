/**
 * A party's running "own level" (the customer's calm level, the agent's normal level), in dB.
 * Ordinary utterances pull it towards their level with a weight that grows with their duration
 * (time constant `tauSec` of speech); utterances flagged as loud only creep it up, much more slowly
 * (`loudTauSec`), so a long outburst does not become the new normal but a hot line eventually does.
 * Slow gain drift is followed because every ordinary utterance updates it. No whole-call statistics.
 */
export class LevelBaseline {
  private valueDb: number | null;
  private weightSec: number;

  /**
   * @param seedDb starting level, dB, or null to take the first utterance's level
   * @param seedWeightSec how many seconds of speech the seed is worth
   * @param tauSec time constant for ordinary utterances, s of speech
   * @param loudTauSec time constant for loud utterances, s of speech
   */
  constructor(
    seedDb: number | null,
    seedWeightSec: number,
    private readonly tauSec: number,
    private readonly loudTauSec: number,
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
    const tau = loud ? this.loudTauSec : this.tauSec;
    // Early on, average (weight by seconds so far); later, exponential forgetting with time constant tau.
    const w = loud ? durationSec / (tau + durationSec) : durationSec / (Math.min(this.weightSec, tau) + durationSec);
    this.valueDb += w * (levelDb - this.valueDb);
    if (!loud) this.weightSec += durationSec;
  }
}
