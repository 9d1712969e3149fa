/**
 * Streaming band-limited sample-rate conversion between integer rates (windowed-sinc, polyphase).
 * Output sample k is the band-limited input evaluated at time k / toHz (input sample i is at i / fromHz):
 * the kernel is symmetric and centred, so there is no delay, and each output sample is computed by the same
 * arithmetic however the input is chunked. The signal is zero before the first and after the last sample.
 * The low-pass is a Kaiser-windowed sinc sized with Kaiser's formula, cut off below the lower Nyquist
 * frequency, unit gain at DC (each polyphase row sums to 1). Portable: no Node or DOM APIs.
 */

/** Trade-off between speed and anti-alias quality. */
export type ResamplerQuality = 'fast' | 'good' | 'speech';

/**
 * Band edges as fractions of the lower Nyquist frequency; ripple and stopband `attenuationDb` below unity.
 * 'fast' (default): within 0.01 dB up to 0.7 x Nyquist, -0.2 dB at 0.75 x, -6 dB at 0.925 x, about 60 dB
 * down from 1.15 x. Only tones between 1 and 1.15 x Nyquist alias, attenuated, into the top 15 % of the new
 * band. 'good': within 0.001 dB up to 0.8 x Nyquist, 80 dB down from Nyquist (no aliasing); 3x the work.
 */
const DESIGNS: Record<ResamplerQuality, { passEdge: number; stopEdge: number; attenuationDb: number }> = {
  fast: { passEdge: 0.7, stopEdge: 1.15, attenuationDb: 60 },
  good: { passEdge: 0.8, stopEdge: 1.0, attenuationDb: 80 },
  // 'speech': cut off at Nyquist itself (-6 dB there), 60 dB down from 1.3 x. For halving the rate this is
  // a half-band filter, every other tap of which is zero: half the work of 'fast'. Tones between 1 and
  // 1.3 x Nyquist alias into the top 30 % of the new band: fine for analysing speech, not for listening.
  speech: { passEdge: 0.7, stopEdge: 1.3, attenuationDb: 60 },
};

/** Rows of the coefficient table beyond which phases are interpolated linearly instead of stored exactly. */
const MAX_EXACT_PHASES = 1024;
/** Input is consumed in slices of at most this many samples, so the history buffer stays small. */
const SLICE_SAMPLES = 4096;
const MIN_RATE_HZ = 1000;
const MAX_RATE_HZ = 384000;

function checkRate(name: string, value: number): void {
  if (!Number.isInteger(value) || value < MIN_RATE_HZ || value > MAX_RATE_HZ) {
    const range = `[${MIN_RATE_HZ}, ${MAX_RATE_HZ}]`;
    throw new RangeError(`StreamingResampler: ${name} must be an integer in ${range}, got ${value}`);
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind, by its power series. */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; term > 1e-17 * sum; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/** Continuous kernel: Kaiser-windowed ideal low-pass, cut-off `cutoff` cycles/sample, argument in samples. */
function makeKernel(cutoff: number, halfWidth: number, beta: number): (tau: number) => number {
  const norm = besselI0(beta);
  return (tau) => {
    const u = tau / halfWidth;
    if (u <= -1 || u >= 1) return 0;
    const x = 2 * cutoff * tau;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    return 2 * cutoff * sinc * (besselI0(beta * Math.sqrt(1 - u * u)) / norm);
  };
}

/** Converts a stream of samples from `fromHz` to `toHz`. One instance per stream. */
export class StreamingResampler {
  readonly fromHz: number;
  readonly toHz: number;
  /** toHz / fromHz = up / down, in lowest terms */
  private readonly up: number;
  private readonly down: number;
  private readonly identity: boolean;
  /** Integer decimation (up = 1): one symmetric phase, folded; `taps[d]` is the weight at distance d. */
  private readonly decimating: boolean;
  /** Polyphase: `phases` (+1) rows of `rowTaps` taps; row r is the kernel at fractional offset r / phases. */
  private readonly taps: Float32Array;
  /** 2 for a half-band decimator (only odd-distance taps are non-zero), else 1. */
  private readonly tapStep: number;
  private readonly rowTaps: number;
  /** `up` when the table is exact, else fewer: then phases in between are interpolated linearly. */
  private readonly phases: number;
  /** Samples needed before / after the current input position n. */
  private readonly behind: number;
  private readonly ahead: number;
  private readonly history: Float32Array;
  private historyStart = 0;
  private historyLength = 0;
  private n = 0;
  private phase = 0;
  private inputCount = 0;
  private outputCount = 0;
  private out = new Float32Array(0);

  /** @throws RangeError naming the parameter when a rate is not an integer in [1000, 384000] Hz */
  constructor(options: { fromHz: number; toHz: number; quality?: ResamplerQuality }) {
    const { fromHz, toHz, quality = 'fast' } = options;
    checkRate('fromHz', fromHz);
    checkRate('toHz', toHz);
    const design = DESIGNS[quality];
    if (design === undefined) throw new RangeError(`StreamingResampler: unknown quality ${String(quality)}`);
    this.fromHz = fromHz;
    this.toHz = toHz;
    const g = gcd(fromHz, toHz);
    this.up = toHz / g;
    this.down = fromHz / g;
    this.identity = fromHz === toHz;
    this.decimating = this.up === 1 && !this.identity;

    // All lengths in input samples, frequencies in cycles per input sample.
    const nyquist = Math.min(fromHz, toHz) / 2 / fromHz;
    const cutoff = ((design.passEdge + design.stopEdge) / 2) * nyquist;
    const transition = (design.stopEdge - design.passEdge) * nyquist;
    const a = design.attenuationDb;
    const beta = a > 50 ? 0.1102 * (a - 8.7) : 0.5842 * Math.pow(a - 21, 0.4) + 0.07886 * (a - 21);
    const halfWidth = (a - 7.95) / (14.36 * transition) / 2; // Kaiser's order estimate, halved
    const kernel = makeKernel(cutoff, halfWidth, beta);
    let reach = Math.floor(halfWidth) + 1; // every |tau| <= halfWidth lies within (-reach, reach)
    this.phases = Math.min(this.up, MAX_EXACT_PHASES);
    // A half-band decimator (rate halved, cut-off at the new Nyquist): the taps at even distances are zero.
    this.tapStep = this.decimating && this.down === 2 && design.passEdge + design.stopEdge === 2 ? 2 : 1;
    if (this.decimating) {
      const weights = Array.from({ length: reach }, (_, d) =>
        this.tapStep === 2 && d > 0 && d % 2 === 0 ? 0 : kernel(d),
      );
      const sum = weights.reduce((s, w, d) => s + (d === 0 ? w : 2 * w), 0);
      this.taps = Float32Array.from(weights, (w) => w / sum);
      this.rowTaps = reach;
      this.ahead = reach - 1;
    } else {
      reach += reach % 2; // rows a multiple of 4 taps long, for the unrolled loop
      const rowTaps = (this.rowTaps = 2 * reach);
      const rows = this.phases + (this.phases < this.up ? 1 : 0);
      this.taps = new Float32Array(rows * rowTaps);
      // Row r, tap m multiplies input sample n - reach + 1 + m for an output at n + r / phases.
      for (let r = 0; r < rows; r++) {
        const row = Array.from({ length: rowTaps }, (_, m) => kernel(r / this.phases + reach - 1 - m));
        const sum = row.reduce((s, w) => s + w, 0);
        for (let m = 0; m < rowTaps; m++) this.taps[r * rowTaps + m] = (row[m] as number) / sum;
      }
      this.ahead = reach;
    }
    this.behind = reach - 1;
    this.history = new Float32Array(this.behind + 2 * this.ahead + SLICE_SAMPLES + 2);
    this.restart();
  }

  /**
   * Resamples the next chunk of the stream. Returns a view into an internal buffer, valid until the next
   * call; it holds every output sample whose kernel is now fully covered by input (so it lags the input by
   * the kernel's half-width).
   */
  process(input: Float32Array): Float32Array {
    this.inputCount += input.length;
    if (this.identity) {
      this.reserve(input.length);
      this.out.set(input);
      this.outputCount += input.length;
      return this.out.subarray(0, input.length);
    }
    this.reserve(Math.floor((input.length * this.up) / this.down) + 2);
    let produced = 0;
    for (let offset = 0; offset < input.length; offset += SLICE_SAMPLES) {
      const slice = input.length <= SLICE_SAMPLES ? input : input.subarray(offset, offset + SLICE_SAMPLES);
      this.history.set(slice, this.historyLength);
      this.historyLength += slice.length;
      produced = this.produce(produced, Infinity);
      this.compact();
    }
    return this.out.subarray(0, produced);
  }

  /**
   * Ends the stream: returns the remaining output, so that the total output length is
   * round(total input length * toHz / fromHz), then resets for a new stream.
   */
  flush(): Float32Array {
    const target = Math.floor((2 * this.inputCount * this.up + this.down) / (2 * this.down));
    const remaining = Math.max(0, target - this.outputCount);
    this.reserve(remaining);
    let produced = 0;
    if (remaining > 0) {
      this.history.fill(0, this.historyLength, this.historyLength + this.ahead + 1);
      this.historyLength += this.ahead + 1;
      produced = this.produce(0, remaining);
    }
    this.restart();
    return this.out.subarray(0, produced);
  }

  private restart(): void {
    this.history.fill(0, 0, this.behind); // silence before the first sample
    this.historyStart = -this.behind;
    this.historyLength = this.behind;
    this.n = 0;
    this.phase = 0;
    this.inputCount = 0;
    this.outputCount = 0;
  }

  private reserve(samples: number): void {
    if (this.out.length < samples) this.out = new Float32Array(Math.max(samples, 2 * this.out.length));
  }

  /** Drops history no longer needed by the next output. */
  private compact(): void {
    const drop = this.n - this.behind - this.historyStart;
    this.history.copyWithin(0, drop, this.historyLength);
    this.historyLength -= drop;
    this.historyStart += drop;
  }

  /** Writes ready outputs to `out` from index `at`, at most `limit` of them; returns the new end index. */
  private produce(at: number, limit: number): number {
    const lastReady = this.historyStart + this.historyLength - 1 - this.ahead; // last usable n
    if (this.n > lastReady) return at;
    if (this.decimating) {
      const count = Math.min(limit, Math.floor((lastReady - this.n) / this.down) + 1);
      this.decimate(this.n - this.historyStart, count, at);
      this.n += count * this.down;
      this.outputCount += count;
      return at + count;
    }
    const { history: x, taps, rowTaps, out, up, down, phases } = this;
    const stepN = Math.floor(down / up);
    const stepPhase = down % up;
    let n = this.n;
    let phase = this.phase;
    let k = at;
    for (let made = 0; n <= lastReady && made < limit; made++) {
      const start = n - this.behind - this.historyStart;
      if (phases === up) {
        out[k++] = dot(x, start, taps, phase * rowTaps, rowTaps);
      } else {
        const position = (phase * phases) / up;
        const row = Math.floor(position);
        const y0 = dot(x, start, taps, row * rowTaps, rowTaps);
        out[k++] = y0 + (position - row) * (dot(x, start, taps, (row + 1) * rowTaps, rowTaps) - y0);
      }
      n += stepN;
      phase += stepPhase;
      if (phase >= up) {
        phase -= up;
        n++;
      }
    }
    this.outputCount += k - at;
    this.n = n;
    this.phase = phase;
    return k;
  }

  /** Integer decimation: `count` outputs centred on history[centre], history[centre + down], ... */
  private decimate(centre: number, count: number, at: number): void {
    const { history: x, taps: h, out, down, tapStep: step } = this;
    const reach = this.rowTaps;
    const h0 = h[0] as number;
    let j = 0;
    // Four outputs at a time share each coefficient load; each output's arithmetic is the same as below.
    for (; j + 4 <= count; j += 4) {
      const c0 = centre + j * down;
      const c1 = c0 + down;
      const c2 = c1 + down;
      const c3 = c2 + down;
      let y0 = h0 * (x[c0] as number);
      let y1 = h0 * (x[c1] as number);
      let y2 = h0 * (x[c2] as number);
      let y3 = h0 * (x[c3] as number);
      for (let d = 1; d < reach; d += step) {
        const c = h[d] as number;
        y0 += c * ((x[c0 - d] as number) + (x[c0 + d] as number));
        y1 += c * ((x[c1 - d] as number) + (x[c1 + d] as number));
        y2 += c * ((x[c2 - d] as number) + (x[c2 + d] as number));
        y3 += c * ((x[c3 - d] as number) + (x[c3 + d] as number));
      }
      out[at + j] = y0;
      out[at + j + 1] = y1;
      out[at + j + 2] = y2;
      out[at + j + 3] = y3;
    }
    for (; j < count; j++) {
      const c0 = centre + j * down;
      let y0 = h0 * (x[c0] as number);
      for (let d = 1; d < reach; d += step)
        y0 += (h[d] as number) * ((x[c0 - d] as number) + (x[c0 + d] as number));
      out[at + j] = y0;
    }
  }
}

/** Dot product of x[xStart ..] with h[hStart ..], `length` a multiple of 4, with four partial sums. */
function dot(x: Float32Array, xStart: number, h: Float32Array, hStart: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let m = 0; m < length; m += 4) {
    s0 += (x[xStart + m] as number) * (h[hStart + m] as number);
    s1 += (x[xStart + m + 1] as number) * (h[hStart + m + 1] as number);
    s2 += (x[xStart + m + 2] as number) * (h[hStart + m + 2] as number);
    s3 += (x[xStart + m + 3] as number) * (h[hStart + m + 3] as number);
  }
  return s0 + s1 + (s2 + s3);
}
