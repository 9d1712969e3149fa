/**
 * A party's running "own level" (the customer's calm level, the agent's normal level), in dB:
 * the lower envelope of their utterance levels. Quieter utterances pull it down quickly (nobody is
 * calmer than calm), ordinary ones nudge it up slowly (gain drift, a hot line), and utterances
 * flagged as loud only creep it up, so an outburst never becomes the new normal but a line that
 * stays loud eventually does. Weights grow with the utterance's duration. No whole-call statistics.
 */
/** Time constants of a level, s of speech: down (quieter), up (ordinary louder), loud. */
export interface LevelTimes {
  downSec: number;
  upSec: number;
  loudSec: number;
}

/** The customer's calm level: nobody is calmer than calm (2 s down), venting only creeps it up (120 s). */
export const CALM_LEVEL_TIMES: LevelTimes = { downSec: 2, upSec: 20, loudSec: 600 };
/** The agent's normal level: a little slower down (4 s), a raised reply creeps it up (60 s). */
export const NORMAL_LEVEL_TIMES: LevelTimes = { downSec: 4, upSec: 20, loudSec: 60 };

export class LevelBaseline {
  private valueDb: number | null;
  private weightSec: number;

  /**
   * @param seedDb starting level, dB, or null to take the first utterance's level
   * @param seedWeightSec how many seconds of speech the seed is worth
   * @param times time constants (s of speech) when an utterance is quieter than the baseline, an
   *   ordinary one louder, and a loud one
   */
  constructor(
    seedDb: number | null,
    seedWeightSec: number,
    private readonly times: LevelTimes,
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

  /** Start again from one utterance (what was learned so far was somebody else). */
  restart(levelDb: number, durationSec: number): void {
    this.valueDb = levelDb;
    this.weightSec = durationSec;
  }

  update(levelDb: number, durationSec: number, loud: boolean): void {
    if (this.valueDb === null) {
      this.valueDb = levelDb;
      this.weightSec = durationSec;
      return;
    }
    const down = !loud && levelDb < this.valueDb;
    const t = this.times;
    const tau = loud ? t.loudSec : down ? t.downSec : t.upSec;
    // Going down, early evidence counts fully (average by seconds so far); going up is always slow.
    const w = durationSec / ((down ? Math.min(Math.max(this.weightSec, 0.5), tau) : tau) + durationSec);
    this.valueDb += w * (levelDb - this.valueDb);
    if (!loud) this.weightSec += durationSec;
  }
}
