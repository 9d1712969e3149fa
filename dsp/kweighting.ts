/**
 * K-weighting of ITU-R BS.1770-4 for any sample rate.
 *
 * BS.1770-4 tabulates the two filter stages only at 48 kHz. Here both stages are derived from an analog
 * prototype through the bilinear transform, each pre-warped at its own corner frequency; with the usual
 * parametrisation of that prototype (constants below) the 48 kHz coefficients reproduce the table of
 * BS.1770-4 to better than 1e-9, and other rates get the same analog response up to frequency warping.
 */
import { Biquad, type BiquadCoefficients } from './biquad.js';

/** Analog prototype of stage 1, the high shelf modelling the acoustic effect of the head (BS.1770-4 Table 1). */
export const K_WEIGHTING_SHELF = {
  centreHz: 1681.974450955533,
  gainDb: 3.999843853973347,
  q: 0.7071752369554196,
  /** Vb = Vh^k: the shelf's mid-band numerator term, as a power of the high-frequency gain Vh */
  midGainExponent: 0.4996667741545416,
} as const;

/** Analog prototype of stage 2, the RLB high-pass (BS.1770-4 Table 2). */
export const K_WEIGHTING_HIGHPASS = { cornerHz: 38.13547087602444, q: 0.5003270373238773 } as const;

/** Lowest and highest sample rates accepted. The bilinear design needs fs well above 2 x 1682 Hz. */
export const K_WEIGHTING_MIN_RATE_HZ = 8000;
export const K_WEIGHTING_MAX_RATE_HZ = 192000;

/** Reference rate of the BS.1770-4 coefficient tables. */
const TABLE_RATE_HZ = 48000;

/** a0 of the bilinear-transformed RLB high-pass at `sampleRateHz` (before normalisation). */
function highPassA0(sampleRateHz: number): number {
  const k = Math.tan((Math.PI * K_WEIGHTING_HIGHPASS.cornerHz) / sampleRateHz);
  return 1 + k / K_WEIGHTING_HIGHPASS.q + k * k;
}

/**
 * Both K-weighting stages at `sampleRateHz`, each with a0 normalised to 1.
 * @throws RangeError when the rate is outside [8000, 192000] Hz
 */
export function kWeightingCoefficients(sampleRateHz: number): {
  shelf: BiquadCoefficients;
  highPass: BiquadCoefficients;
} {
  if (
    !Number.isFinite(sampleRateHz) ||
    sampleRateHz < K_WEIGHTING_MIN_RATE_HZ ||
    sampleRateHz > K_WEIGHTING_MAX_RATE_HZ
  ) {
    throw new RangeError(
      `K-weighting: sampleRateHz must be in [${K_WEIGHTING_MIN_RATE_HZ}, ${K_WEIGHTING_MAX_RATE_HZ}], got ${sampleRateHz}`,
    );
  }
  // Stage 1 (BS.1770-4 Table 1): H(S) = (Vh S^2 + Vb S/Q + 1) / (S^2 + S/Q + 1), S = s / (2 pi f0).
  const sh = K_WEIGHTING_SHELF;
  const k = Math.tan((Math.PI * sh.centreHz) / sampleRateHz);
  const vh = Math.pow(10, sh.gainDb / 20);
  const vb = Math.pow(vh, sh.midGainExponent);
  const a0 = 1 + k / sh.q + k * k;
  const shelf: BiquadCoefficients = {
    b0: (vh + (vb * k) / sh.q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / sh.q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / sh.q + k * k) / a0,
  };
  // Stage 2 (BS.1770-4 Table 2): H(S) = g S^2 / (S^2 + S/Q + 1). The table keeps b = [1, -2, 1] unnormalised,
  // i.e. g = a0 at 48 kHz (+0.043 dB); the same g at every rate keeps the -0.691 dB calibration rate-independent.
  const hp = K_WEIGHTING_HIGHPASS;
  const kh = Math.tan((Math.PI * hp.cornerHz) / sampleRateHz);
  const ah = highPassA0(sampleRateHz);
  const gain = highPassA0(TABLE_RATE_HZ) / ah;
  const highPass: BiquadCoefficients = {
    b0: gain,
    b1: -2 * gain,
    b2: gain,
    a1: (2 * (kh * kh - 1)) / ah,
    a2: (1 - kh / hp.q + kh * kh) / ah,
  };
  return { shelf, highPass };
}

/**
 * Streaming K-weighting filter (BS.1770-4 section 2.1): the shelf followed by the RLB high-pass.
 * Feed consecutive chunks of one channel; state carries over between calls.
 */
export class KWeightingFilter {
  readonly sampleRateHz: number;
  private readonly shelf: Biquad;
  private readonly highPass: Biquad;

  /** @throws RangeError when the rate is outside [8000, 192000] Hz */
  constructor(sampleRateHz: number) {
    const { shelf, highPass } = kWeightingCoefficients(sampleRateHz);
    this.sampleRateHz = sampleRateHz;
    this.shelf = new Biquad(shelf);
    this.highPass = new Biquad(highPass);
  }

  /**
   * K-weights `length` samples of `input` into `output` (in-place allowed). Allocates nothing.
   * @param length samples to process; defaults to `input.length`
   */
  process(input: Float32Array, output: Float32Array, length: number = input.length): void {
    this.shelf.process(input, output, length);
    this.highPass.process(output, output, length);
  }

  /** Clears both stages' state. */
  reset(): void {
    this.shelf.reset();
    this.highPass.reset();
  }
}
