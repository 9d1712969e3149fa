/**
 * Two-party analysis needs each party on their own channel. A dual-mono export (one mixed signal copied to
 * both channels) or the same file given for both parties would otherwise get confident, wrong verdicts:
 * every word heard on both sides at once. This check watches the call's samples and says when the two
 * sides are one signal. Line echo does not trip it: an echo is delayed and filtered, so the two sides
 * do not move together sample by sample. Portable.
 */

/**
 * Correlation at zero lag above which the two sides count as one signal. One signal coded as stereo at a
 * low bitrate stays above 0.93 (16 kbps AAC); two parties on their own channels, line echo and all, sit
 * near 0 (|r| < 0.01 on every dev call).
 */
const SAME_SIGNAL_CORRELATION = 0.9;
/** Mean square under this (-80 dBFS) is silence: a silent side is reported as silent, not as a copy. */
const SILENT_MEAN_SQUARE = 1e-8;

export class SameSignalCheck {
  private cross = 0;
  private agentEnergy = 0;
  private customerEnergy = 0;
  private frames = 0;

  push(agent: Float32Array, customer: Float32Array): void {
    let cross = 0;
    let aa = 0;
    let cc = 0;
    for (let i = 0; i < agent.length; i++) {
      const a = agent[i] as number;
      const c = customer[i] as number;
      cross += a * c;
      aa += a * a;
      cc += c * c;
    }
    this.cross += cross;
    this.agentEnergy += aa;
    this.customerEnergy += cc;
    this.frames += agent.length;
  }

  /** True when the samples so far are one signal on both sides (possibly at different gains). */
  get sameSignal(): boolean {
    const floor = SILENT_MEAN_SQUARE * this.frames;
    if (this.agentEnergy <= floor || this.customerEnergy <= floor) return false;
    return this.cross / Math.sqrt(this.agentEnergy * this.customerEnergy) >= SAME_SIGNAL_CORRELATION;
  }
}

/** The refusal, worded for one two-channel file or for two files. */
export function sameSignalMessage(files: readonly string[]): string {
  const need = 'two-party analysis needs the agent and the customer each on their own channel';
  if (files.length === 2 && files[0] === files[1]) return `${files[0]} was given for both parties: ${need}`;
  if (files.length === 2) return `${files[0]} and ${files[1]} hold the same audio: ${need}`;
  return `${files[0] ?? 'the call'}: both channels hold the same signal (a mono recording saved as stereo?): ${need}`;
}
