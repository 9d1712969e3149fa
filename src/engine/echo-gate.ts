import { EchoCanceller } from '../../dsp/echo.js';
import { ENGINE_RATE_HZ } from './speech-tracker.js';

/** A channel must exceed the echo its canceller predicts by this power factor (4 dB) to be its own voice. */
export const ECHO_MARGIN = 2.5;
/** Until the echo path is measured: the strongest line echo assumed, as a power ratio (-15 dB). */
const WORST_ECHO_GAIN = 0.03;
/** ...within this many frames (7 x 32 ms: the 200 ms the canceller searches). */
const RECENT_FRAMES = 7;

/**
 * One channel's echo handling: cancels the other party's line echo (dsp EchoCanceller) and says
 * whether what is left holds more than that echo could explain. A ratio of the two channels'
 * energies, so it holds at any recording level. The engine and the level survey share it.
 */
export class EchoGate {
  readonly echo = new EchoCanceller({ sampleRateHz: ENGINE_RATE_HZ });
  private readonly recentOther = new Float64Array(RECENT_FRAMES);

  /** Writes this channel minus the other party's echo into `residual`. */
  cancel(own: Float32Array, other: Float32Array, residual: Float32Array): void {
    this.echo.process(own, other, residual);
  }

  /**
   * Whether this frame (energy `ownEnergy`) stands `margin` times above the echo expected from the
   * other party (frame `index`, energy `otherEnergy`): the bulk path's prediction, or the adaptive
   * filter's where the echo is smeared over several taps; before a path is measured, the worst echo
   * a line may have.
   */
  exceedsEcho(ownEnergy: number, otherEnergy: number, index: number, margin: number): boolean {
    this.recentOther[index % RECENT_FRAMES] = otherEnergy;
    const e = this.echo;
    let expected: number;
    if (e.delaySamples >= 0) expected = Math.max(e.expectedEchoEnergy, e.echoEnergy);
    else {
      let most = 0;
      for (const x of this.recentOther) if (x > most) most = x;
      expected = WORST_ECHO_GAIN * most;
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
