import { EchoCanceller } from '../../dsp/echo.js';
import { RULES } from './rules.js';
import { ENGINE_RATE_HZ, FRAME_SAMPLES } from './speech-tracker.js';

/**
 * One channel's echo handling: cancels the other party's line echo (dsp EchoCanceller) and says
 * whether what is left holds more than that echo could explain (without a canceller, as the level
 * survey uses it: more than the worst echo a line may have). The canceller compares the two
 * channels' energies (it learns the echo path where the other party clearly dominates), so the
 * engine hands it both channels brought to the same speech level (`ownGain`, `otherGain`): a call
 * whose channels were recorded 12 dB apart then looks like any other. The engine and the level
 * survey share it (the survey, before any level is known, with gains of 1).
 */
export class EchoGate {
  private readonly echo: EchoCanceller | null;
  private readonly recentOther = new Float64Array(RULES.echoSearchFrames);
  private readonly ownScaled = new Float32Array(FRAME_SAMPLES);
  private readonly otherScaled = new Float32Array(FRAME_SAMPLES);

  /** The first pass's measure of the echo, as a power ratio of the raw channels (with a slack); null: not measured. */
  private readonly measuredGain: number | null;

  /**
   * @param cancels false: no canceller, only the worst-case test (`cancel` must not be called)
   * @param measuredEchoDb the other party's echo in this channel as the first pass measured it (dB against
   *   the other channel's loudest of the last 200 ms), assumed until the canceller has the path where it is
   *   stronger than the worst a line may have (channels recorded at very different gains); null: not measured
   */
  constructor(cancels = true, measuredEchoDb: number | null = null) {
    this.echo = cancels ? new EchoCanceller({ sampleRateHz: ENGINE_RATE_HZ }) : null;
    this.measuredGain =
      measuredEchoDb === null ? null : RULES.measuredEchoSlackPower * Math.pow(10, measuredEchoDb / 10);
  }

  /** The echo path's delay, samples; -1 before one is found (or without a canceller). */
  get delaySamples(): number {
    return this.echo?.delaySamples ?? -1;
  }

  /**
   * Writes this channel minus the other party's echo into `residual` (at this channel's own scale).
   * The canceller works on both channels times their gains.
   */
  cancel(own: Float32Array, other: Float32Array, residual: Float32Array, ownGain = 1, otherGain = 1): void {
    if (this.echo === null) throw new Error('this echo gate has no canceller');
    if (ownGain === 1 && otherGain === 1) {
      this.echo.process(own, other, residual);
      return;
    }
    const a = this.ownScaled.subarray(0, own.length);
    const b = this.otherScaled.subarray(0, other.length);
    for (let i = 0; i < a.length; i++) a[i] = (own[i] as number) * ownGain;
    for (let i = 0; i < b.length; i++) b[i] = (other[i] as number) * otherGain;
    this.echo.process(a, b, residual);
    const back = 1 / ownGain;
    for (let i = 0; i < residual.length; i++) residual[i] = (residual[i] as number) * back;
  }

  /**
   * Whether this frame (energy `ownEnergy`, times ownGain squared) stands `margin` times above the echo
   * expected from the other party (frame `index`, energy `otherEnergy`, times otherGain squared; `scale`:
   * ownGain squared over otherGain squared, for the assumed echo): the bulk path's prediction, or the adaptive
   * filter's where the echo is smeared over several taps; before a path is measured, the worst echo
   * a line may have, until the canceller has heard enough of the other party alone to say there is none
   * (a clean line: then the other party's loudest venting no longer hides this party's soft words).
   */
  exceedsEcho(ownEnergy: number, otherEnergy: number, index: number, margin: number, scale = 1): boolean {
    this.recentOther[index % RULES.echoSearchFrames] = otherEnergy;
    const e = this.echo;
    let expected: number;
    if (e !== null && e.delaySamples >= 0) expected = Math.max(e.expectedEchoEnergy, e.echoEnergy);
    else if (e !== null && e.echoAbsent) expected = 0;
    else {
      let most = 0;
      for (const x of this.recentOther) if (x > most) most = x;
      // the worst echo a line may have at the operating level, or a stronger one the first pass measured
      expected =
        Math.max(RULES.worstEchoPower, this.measuredGain === null ? 0 : this.measuredGain * scale) * most;
    }
    return !(expected > 0 && ownEnergy < margin * expected);
  }
}

/** Mean square of a frame. */
export function meanSquare(x: Float32Array): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e += (x[i] as number) * (x[i] as number);
  return e / x.length;
}
