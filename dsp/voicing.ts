/**
 * Voicing of one frame: how periodic it is and at what pitch, by the normalized autocorrelation over the
 * lags of a voice's fundamental (the classic time-domain pitch detector; e.g. Rabiner & Schafer, "Digital
 * Processing of Speech Signals", ch. 8). A vowel, spoken or shouted, is strongly periodic (0.7-1.0); noise,
 * clicks and breath are not (under 0.5 on a 32 ms frame at 8 kHz).
 */

export interface VoicingOptions {
  sampleRateHz: number;
  /** Lowest fundamental searched, Hz. Default 60. */
  minF0Hz?: number;
  /** Highest fundamental searched, Hz (a scream reaches 600-800 Hz). Default 800. */
  maxF0Hz?: number;
}

export interface Voiced {
  /** The best normalized correlation over the searched lags, -1..1 (0: not periodic at all). */
  strength: number;
  /** The fundamental at that lag, Hz (NaN for a silent frame). */
  f0Hz: number;
}

/** An octave-lower lag wins when its correlation is within this share of the best (the usual guard against octave errors). */
const OCTAVE_SHARE = 0.8;

export class Voicing {
  private readonly minLag: number;
  private readonly maxLag: number;
  private readonly rs: Float64Array;
  private readonly x: Float64Array;
  private readonly energy: Float64Array;

  constructor(
    private readonly o: VoicingOptions,
    frameSamples: number,
  ) {
    const minF0 = o.minF0Hz ?? 60;
    const maxF0 = o.maxF0Hz ?? 800;
    if (!(minF0 > 0 && maxF0 > minF0)) throw new RangeError(`voicing range ${minF0}-${maxF0} Hz`);
    this.minLag = Math.max(2, Math.floor(o.sampleRateHz / maxF0));
    this.maxLag = Math.min(frameSamples - 16, Math.ceil(o.sampleRateHz / minF0));
    if (this.maxLag <= this.minLag) throw new RangeError(`a frame of ${frameSamples} samples is too short`);
    this.rs = new Float64Array(this.maxLag + 1);
    this.x = new Float64Array(frameSamples);
    this.energy = new Float64Array(frameSamples + 1);
  }

  /** The frame's voicing; no allocation but the small result (kept per frame by callers: not reused). */
  measure(frame: Float32Array): Voiced {
    const n = frame.length;
    const x = this.x;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += frame[i] as number;
    mean /= n;
    // energy prefix sums: the two windows' energies at each lag without summing them again
    const e = this.energy;
    e[0] = 0;
    for (let i = 0; i < n; i++) {
      const v = (frame[i] as number) - mean;
      x[i] = v;
      e[i + 1] = (e[i] as number) + v * v;
    }
    let best = 0;
    let bestLag = -1;
    for (let lag = this.minLag; lag <= this.maxLag; lag++) {
      let xy = 0;
      for (let i = 0; i + lag < n; i++) xy += (x[i] as number) * (x[i + lag] as number);
      const xx = (e[n - lag] as number) - (e[0] as number);
      const yy = (e[n] as number) - (e[lag] as number);
      const r = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
      this.rs[lag] = r;
      if (r > best) {
        best = r;
        bestLag = lag;
      }
    }
    if (bestLag < 0) return { strength: 0, f0Hz: NaN };
    // the shortest lag at a local maximum nearly as good as the best: the fundamental, not a multiple of its period
    for (let lag = this.minLag; lag < bestLag; lag++) {
      const r = this.rs[lag] as number;
      const left = lag > this.minLag ? (this.rs[lag - 1] as number) : -1;
      const right = this.rs[lag + 1] as number;
      if (r >= OCTAVE_SHARE * best && r >= left && r >= right) {
        bestLag = lag;
        break;
      }
    }
    // the period between samples: the parabola through the correlations either side of the chosen lag
    let period = bestLag;
    if (bestLag > this.minLag && bestLag < this.maxLag) {
      const l = this.rs[bestLag - 1] as number;
      const c = this.rs[bestLag] as number;
      const r = this.rs[bestLag + 1] as number;
      const curve = l - 2 * c + r;
      if (curve < 0) period += Math.max(-0.5, Math.min(0.5, (l - r) / (2 * curve)));
    }
    return { strength: best, f0Hz: this.o.sampleRateHz / period };
  }
}
