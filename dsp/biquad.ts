/**
 * Second-order IIR section ("biquad") in Direct Form II transposed.
 *
 * Transfer function, with a0 normalised to 1:
 *
 *   H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)
 *
 * Samples are Float32 at the edges; the two state variables and all arithmetic are doubles, so a
 * chain of sections loses no precision inside a section. Portable: no Node or DOM APIs.
 */

/** Coefficients of one second-order section, normalised so that a0 = 1. */
export interface BiquadCoefficients {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/**
 * State below this magnitude is flushed to zero between calls, so a decaying tail never reaches the
 * subnormal range (which is very slow on some CPUs). Far below the Float32 resolution of any output.
 */
const FLUSH_BELOW = 1e-25;

/** A streaming biquad: call {@link Biquad.process} on consecutive chunks of one signal. */
export class Biquad {
  readonly coefficients: BiquadCoefficients;
  private readonly b0: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly a1: number;
  private readonly a2: number;
  private s1 = 0;
  private s2 = 0;

  /** @throws RangeError when a coefficient is not finite */
  constructor(coefficients: BiquadCoefficients) {
    for (const [name, value] of Object.entries(coefficients)) {
      if (!Number.isFinite(value))
        throw new RangeError(`Biquad: coefficient ${name} must be finite, got ${value}`);
    }
    this.coefficients = { ...coefficients };
    this.b0 = coefficients.b0;
    this.b1 = coefficients.b1;
    this.b2 = coefficients.b2;
    this.a1 = coefficients.a1;
    this.a2 = coefficients.a2;
  }

  /**
   * Filters `length` samples of `input` into `output` (which may be the same array: in-place is fine).
   * Allocates nothing.
   * @param length samples to process; defaults to `input.length`
   * @throws RangeError when `length` exceeds either array
   */
  process(input: Float32Array, output: Float32Array, length: number = input.length): void {
    if (!(Number.isInteger(length) && length >= 0 && length <= input.length && length <= output.length)) {
      throw new RangeError(
        `Biquad.process: length must be an integer in [0, ${Math.min(input.length, output.length)}], got ${length}`,
      );
    }
    const { b0, b1, b2, a1, a2 } = this;
    let s1 = this.s1;
    let s2 = this.s2;
    for (let i = 0; i < length; i++) {
      const x = input[i] as number;
      const y = b0 * x + s1;
      s1 = b1 * x - a1 * y + s2;
      s2 = b2 * x - a2 * y;
      output[i] = y;
    }
    this.s1 = Math.abs(s1) < FLUSH_BELOW ? 0 : s1;
    this.s2 = Math.abs(s2) < FLUSH_BELOW ? 0 : s2;
  }

  /** Clears the state, as if the filter had only ever seen silence. */
  reset(): void {
    this.s1 = 0;
    this.s2 = 0;
  }
}
