/** Test signals with known answers, and the measurement that checks them. */

/** A sine of `fHz` at `fsHz`: `amplitude` is a number, or a function of the sample index (phase-continuous). */
export function sine(
  n: number,
  fsHz: number,
  fHz: number,
  amplitude: number | ((i: number) => number),
  phase = 0,
): Float32Array {
  const at = typeof amplitude === 'number' ? () => amplitude : amplitude;
  return Float32Array.from({ length: n }, (_, i) => at(i) * Math.sin((2 * Math.PI * fHz * i) / fsHz + phase));
}

/** Least-squares fit of a sin(2 pi f k / fs) + b cos(...) to y[from..to): amplitude and phase. */
export function fitSinusoid(
  y: Float32Array,
  fsHz: number,
  fHz: number,
  from: number,
  to = y.length,
): { amplitude: number; phase: number } {
  // prettier-ignore
  let ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
  for (let k = from; k < to; k++) {
    const s = Math.sin((2 * Math.PI * fHz * k) / fsHz);
    const c = Math.cos((2 * Math.PI * fHz * k) / fsHz);
    const v = y[k] as number;
    ss += s * s;
    cc += c * c;
    sc += s * c;
    ys += v * s;
    yc += v * c;
  }
  const det = ss * cc - sc * sc;
  const a = (ys * cc - yc * sc) / det;
  const b = (yc * ss - ys * sc) / det;
  return { amplitude: Math.hypot(a, b), phase: Math.atan2(b, a) };
}
